package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.baseline.BaselineDetector;
import io.maximus.hcl.models.baseline.RollingStatistics;
import io.maximus.hcl.operators.metrics.HclMetrics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by service and host: keeps each key's rolling statistics in Flink state and scores every snapshot with the
 * baseline detector. The seam where the anomaly models (Isolation Forest, LSTM autoencoder, attention) plug in.
 */
public class BaselineAnomalyScorer extends KeyedProcessFunction<String, TelemetrySnapshot, ScoredSnapshot> {

    private static final long serialVersionUID = 1L;

    private final BaselineDetector detector;
    private final Duration stateTtl;
    private transient ValueState<RollingStatistics> stats;
    private transient HclMetrics metrics;

    /** A scorer with the given detector; a key's statistics expire after {@code stateTtl} without a snapshot. */
    public BaselineAnomalyScorer(BaselineDetector detector, Duration stateTtl) {
        this.detector = detector;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<RollingStatistics> d =
                new ValueStateDescriptor<>("rolling-stats", RollingStatistics.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        stats = getRuntimeContext().getState(d);
        metrics = new HclMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(TelemetrySnapshot s, Context ctx, Collector<ScoredSnapshot> out) throws Exception {
        RollingStatistics st = stats.value();
        if (st == null) {
            st = new RollingStatistics();
        }
        long start = System.nanoTime();
        AnomalyScore score = detector.scoreAndUpdate(s, st);
        metrics.observeSeconds("hcl_model_scoring_seconds", (System.nanoTime() - start) / 1e9, "model", "baseline");
        metrics.set("hcl_anomaly_score", score.score(), "service", s.service());
        stats.update(st);
        out.collect(new ScoredSnapshot(s, score));
    }

    /** The key of a snapshot for this operator: {@code service/host}. */
    public static String key(TelemetrySnapshot s) {
        return s.service() + "/" + s.host();
    }
}
