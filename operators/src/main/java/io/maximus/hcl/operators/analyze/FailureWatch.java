package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.failure.FailureAlarms;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.operators.metrics.HclMetrics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by service and host: the failure predictor. Keeps the host's resampled rows (one a minute) and its alarm in
 * Flink state, scores each closed row with the fleet failure model (pure-Java trees, no natives), and emits a
 * {@link FailureRisk} for every row in alarm and for the row that clears it; a raised alarm also becomes a
 * {@code failure-predicted} notify plan on the {@link #PLANS} side output.
 */
public class FailureWatch extends KeyedProcessFunction<String, TelemetrySnapshot, FailureRisk> {

    private static final long serialVersionUID = 1L;

    /** Plans for raised alarms. */
    public static final OutputTag<ActionPlan> PLANS = new OutputTag<>("failure-plans") {};

    private final FailureMonitor monitor;
    private final Duration stateTtl;
    private transient ValueState<FailureMonitor.State> state;
    private transient HclMetrics metrics;

    /** A watch serving {@code monitor}'s model; a host's state expires after {@code stateTtl} without telemetry. */
    public FailureWatch(FailureMonitor monitor, Duration stateTtl) {
        this.monitor = monitor;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<FailureMonitor.State> d =
                new ValueStateDescriptor<>("failure-window", FailureMonitor.State.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        state = getRuntimeContext().getState(d);
        metrics = new HclMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(TelemetrySnapshot s, Context ctx, Collector<FailureRisk> out) throws Exception {
        FailureMonitor.State st = state.value();
        if (st == null) {
            st = monitor.newState();
        }
        long start = System.nanoTime();
        FailureMonitor.Scored scored = monitor.onSnapshot(st, s.timestamp(), s.metrics());
        state.update(st);
        if (scored != null) {
            metrics.observeSeconds("hcl_model_scoring_seconds", (System.nanoTime() - start) / 1e9, "model", "failure");
            metrics.set("hcl_failure_probability", scored.probability(), "host", s.host());
        }
        if (scored == null || (!scored.alarmed() && scored.transition() == FailureMonitor.Transition.NONE)) {
            return;
        }
        FailureRisk risk = FailureAlarms.event(
                s.scope(), scored, monitor.model(), monitor.config().threshold());
        out.collect(risk);
        if (scored.transition() == FailureMonitor.Transition.RAISED) {
            ctx.output(PLANS, FailureAlarms.plan(risk));
        }
    }
}
