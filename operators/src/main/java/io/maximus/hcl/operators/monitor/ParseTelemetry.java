package io.maximus.hcl.operators.monitor;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.StreamClock;
import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.operators.metrics.DeadLetterReasons;
import io.maximus.hcl.operators.metrics.HclMetrics;
import io.maximus.hcl.operators.types.HclTypes;
import java.time.Duration;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses raw telemetry records; valid ones go on as snapshots, the rest to the dead-letter side output. */
public class ParseTelemetry extends ProcessFunction<String, TelemetrySnapshot> {

    private static final long serialVersionUID = 1L;

    /** What the event-time window of {@link InputBounds} is measured from. */
    public enum Reference {
        /** No window (the default: replays of history keep working). */
        NONE,
        /** This task's processing time. */
        PROCESSING_TIME,
        /** The watermark of this operator's input (no window until there is one). */
        INPUT_WATERMARK,
        /**
         * The stream's own event time, for live telemetry and history alike ({@link StreamClock}): never ahead of
         * processing time, never far behind or far ahead of the newest accepted record.
         */
        STREAM
    }

    /** The side output of records that could not be used, with the reason. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", HclTypes.of(DeadLetter.class));

    /** Accumulator name: valid snapshots. */
    public static final String RECORDS = "hcl.records";
    /** Accumulator name: rejected records. */
    public static final String REJECTED = "hcl.rejected";
    /** Accumulator name: rejected records that the parser did not foresee (reason {@code internal: ...}). */
    public static final String INTERNAL_ERRORS = "hcl.rejected.internal";

    private final InputBounds bounds;
    private final Reference reference;
    private final int confirmingHosts;
    private final Duration hostTimeout;

    private transient LongCounter records;
    private transient LongCounter rejected;
    private transient Counter recordsMetric;
    private transient Counter rejectedMetric;
    private transient LongCounter internal;
    private transient Counter internalMetric;
    private transient StreamClock clock;
    private transient HclMetrics metrics;

    /** Parses under {@link InputBounds#DEFAULTS}, with no event-time window. */
    public ParseTelemetry() {
        this(InputBounds.DEFAULTS, Reference.NONE);
    }

    /** Parses under {@code bounds}, the event-time window measured from {@code reference}. */
    public ParseTelemetry(InputBounds bounds, Reference reference) {
        this(bounds, reference, StreamClock.DEFAULT_CONFIRMING_HOSTS, StreamClock.DEFAULT_HOST_TIMEOUT);
    }

    /**
     * Parses under {@code bounds}, the event-time window measured from {@code reference}; the stream's event time
     * moves on the word of {@code confirmingHosts} distinct hosts, a host silent for {@code hostTimeout} stops
     * counting ({@link StreamClock}).
     */
    public ParseTelemetry(InputBounds bounds, Reference reference, int confirmingHosts, Duration hostTimeout) {
        this.bounds = bounds;
        this.reference = reference;
        this.confirmingHosts = confirmingHosts;
        this.hostTimeout = hostTimeout;
    }

    @Override
    public void open(OpenContext ctx) {
        records = getRuntimeContext().getLongCounter(RECORDS);
        rejected = getRuntimeContext().getLongCounter(REJECTED);
        recordsMetric = getRuntimeContext().getMetricGroup().counter("telemetryRecords");
        rejectedMetric = getRuntimeContext().getMetricGroup().counter("telemetryRejected");
        internal = getRuntimeContext().getLongCounter(INTERNAL_ERRORS);
        internalMetric = getRuntimeContext().getMetricGroup().counter("telemetryInternalErrors");
        clock = new StreamClock(bounds, confirmingHosts, hostTimeout);
        metrics = new HclMetrics(getRuntimeContext().getMetricGroup());
        for (String code : DeadLetterReasons.CODES) {
            metrics.counter("hcl_dead_letters_total", "reason", code);
        }
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<TelemetrySnapshot> out) {
        long ref = switch (reference) {
            case NONE, STREAM -> InputBounds.NO_REFERENCE;
            case PROCESSING_TIME -> ctx.timerService().currentProcessingTime();
            case INPUT_WATERMARK -> ctx.timerService().currentWatermark();
        };
        TelemetryParser.Result r = TelemetryParser.parse(raw, bounds, ref);
        if (r.ok() && reference == Reference.STREAM) {
            String why = clock.judge(
                    r.snapshot().host(),
                    r.snapshot().timestamp(),
                    ctx.timerService().currentProcessingTime());
            if (why != null) {
                r = new TelemetryParser.Result(null, why);
            }
        }
        if (r.ok()) {
            records.add(1);
            recordsMetric.inc();
            out.collect(r.snapshot());
        } else {
            rejected.add(1);
            rejectedMetric.inc();
            metrics.inc("hcl_dead_letters_total", "reason", DeadLetterReasons.code(r.error()));
            if (r.internal()) {
                internal.add(1);
                internalMetric.inc();
            }
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.of(
                            raw, r.error(), ctx.timerService().currentProcessingTime(), bounds.maxDeadLetterBytes()));
        }
    }
}
