package io.maximus.hcl.operators.monitor;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses raw telemetry records; valid ones go on as snapshots, the rest to the dead-letter side output. */
public class ParseTelemetry extends ProcessFunction<String, TelemetrySnapshot> {

    private static final long serialVersionUID = 1L;

    /** The side output of records that could not be used, with the reason. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Accumulator name: valid snapshots. */
    public static final String RECORDS = "hcl.records";
    /** Accumulator name: rejected records. */
    public static final String REJECTED = "hcl.rejected";

    private transient LongCounter records;
    private transient LongCounter rejected;
    private transient Counter recordsMetric;
    private transient Counter rejectedMetric;

    @Override
    public void open(OpenContext ctx) {
        records = getRuntimeContext().getLongCounter(RECORDS);
        rejected = getRuntimeContext().getLongCounter(REJECTED);
        recordsMetric = getRuntimeContext().getMetricGroup().counter("telemetryRecords");
        rejectedMetric = getRuntimeContext().getMetricGroup().counter("telemetryRejected");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<TelemetrySnapshot> out) {
        TelemetryParser.Result r = TelemetryParser.parse(raw);
        if (r.ok()) {
            records.add(1);
            recordsMetric.inc();
            out.collect(r.snapshot());
        } else {
            rejected.add(1);
            rejectedMetric.inc();
            ctx.output(
                    DEAD_LETTERS,
                    new DeadLetter(raw, r.error(), ctx.timerService().currentProcessingTime()));
        }
    }
}
