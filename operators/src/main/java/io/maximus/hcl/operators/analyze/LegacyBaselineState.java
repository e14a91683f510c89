package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.baseline.RollingStatistics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by service and host, under the uid {@code analyze-baseline-anomaly} that the baseline detector had when
 * each detector had its own operator: holds the {@code rolling-stats} state of a savepoint of that time and hands
 * each key's statistics, once, to the {@link AttentionAnomalyScorer} (which scores with either detector under one
 * uid), then forgets them. Empty after a fresh start or a savepoint of today: it then only passes snapshots on.
 */
public class LegacyBaselineState extends KeyedProcessFunction<String, TelemetrySnapshot, ScorerInput> {

    private static final long serialVersionUID = 1L;

    private final Duration stateTtl;
    private transient ValueState<RollingStatistics> legacy;

    /** The pass with the TTL the baseline detector's state had (a restore needs the same TTL setting). */
    public LegacyBaselineState(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        // Name, type and TTL as in BaselineAnomalyScorer, whose state this restores.
        ValueStateDescriptor<RollingStatistics> d =
                new ValueStateDescriptor<>("rolling-stats", RollingStatistics.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        legacy = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(TelemetrySnapshot s, Context ctx, Collector<ScorerInput> out) throws Exception {
        RollingStatistics st = legacy.value();
        if (st != null) {
            legacy.clear();
        }
        out.collect(new ScorerInput(s, st));
    }
}
