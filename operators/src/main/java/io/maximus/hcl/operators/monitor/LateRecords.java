package io.maximus.hcl.operators.monitor;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.time.Instant;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Dead-letters snapshots that are late: at or behind the watermark, which every event-time operator downstream (the
 * service windows, the CEP patterns) would drop silently (Flink's own rule: late when timestamp <= watermark). Runs
 * right after the watermarks are assigned, so a snapshot it passes is not late for any operator behind it (their
 * watermark is never ahead of this one's). A late snapshot moves from the {@link ParseTelemetry#RECORDS} count to the
 * {@link ParseTelemetry#REJECTED} count, so valid + rejected stays the number of records read.
 */
public class LateRecords extends ProcessFunction<TelemetrySnapshot, TelemetrySnapshot> {

    private static final long serialVersionUID = 1L;

    /** Accumulator name: late snapshots dead-lettered. */
    public static final String LATE = "hcl.late";

    /** Prefix of a late record's reason. */
    public static final String REASON = "late: ";

    private final int maxDeadLetterBytes;

    private transient LongCounter late;
    private transient Counter lateMetric;
    private transient LongCounter rejected;
    private transient LongCounter records;

    /** Dead letters keep at most {@link InputBounds#maxDeadLetterBytes()} of the record. */
    public LateRecords(InputBounds bounds) {
        this.maxDeadLetterBytes = bounds.maxDeadLetterBytes();
    }

    @Override
    public void open(OpenContext ctx) {
        late = getRuntimeContext().getLongCounter(LATE);
        rejected = getRuntimeContext().getLongCounter(ParseTelemetry.REJECTED);
        records = getRuntimeContext().getLongCounter(ParseTelemetry.RECORDS);
        lateMetric = getRuntimeContext().getMetricGroup().counter("telemetryLate");
    }

    @Override
    public void processElement(TelemetrySnapshot s, Context ctx, Collector<TelemetrySnapshot> out) {
        long watermark = ctx.timerService().currentWatermark();
        if (s.timestamp() > watermark) {
            out.collect(s);
            return;
        }
        late.add(1);
        rejected.add(1);
        records.add(-1); // counted valid by the parser; a late one is a dead letter instead
        lateMetric.inc();
        ctx.output(
                ParseTelemetry.DEAD_LETTERS,
                DeadLetter.of(
                        Json.write(s),
                        reason(s.timestamp(), watermark),
                        ctx.timerService().currentProcessingTime(),
                        maxDeadLetterBytes));
    }

    /** The reason of a snapshot at {@code timestamp} behind {@code watermark}. */
    static String reason(long timestamp, long watermark) {
        return REASON + "event time " + Instant.ofEpochMilli(timestamp) + " is " + (watermark - timestamp)
                + " ms behind the watermark " + Instant.ofEpochMilli(watermark)
                + " (the windows would drop it; see watermark.out-of-orderness)";
    }
}
