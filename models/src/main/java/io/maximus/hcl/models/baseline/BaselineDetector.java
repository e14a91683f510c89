package io.maximus.hcl.models.baseline;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline anomaly score: per-metric z-scores against exponentially weighted statistics, max over metrics.
 *
 * <p>Each snapshot is scored against the statistics of the snapshots before it, then folded in winsorized (clipped
 * to {@code mean ± winsorZ·std}) so one spike barely moves the baseline while a lasting shift is absorbed over a few
 * half-lives. The score maps the largest |z| to [0, 1) as {@code z / (z + zThreshold)}, so |z| = zThreshold scores
 * exactly 0.5, the threshold. Small-scale noise is damped by a floor on the deviation: {@code max(std, absFloor,
 * relFloor·|mean|)}, which keeps near-constant metrics (many are) from producing huge z-scores on tiny changes.
 */
public final class BaselineDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Name this detector reports in {@link AnomalyScore#detector()}. */
    public static final String NAME = "baseline-ewma-z";

    /**
     * Tuning of the baseline detector.
     *
     * @param halfLife observations after which an old observation's weight halves
     * @param warmup observations of a metric before it is scored at all
     * @param zThreshold |z| at which a snapshot counts as anomalous
     * @param winsorZ |z| at which an observation is clipped before it is folded in
     * @param absFloor minimum deviation, in the metric's units
     * @param relFloor minimum deviation as a share of |mean|
     * @param salientMax how many salient metrics a score names at most
     */
    public record Config(
            double halfLife,
            int warmup,
            double zThreshold,
            double winsorZ,
            double absFloor,
            double relFloor,
            int salientMax)
            implements Serializable {
        /** Defaults for 15-second snapshots: a half-life of one hour, 5σ to alarm. */
        public static Config defaults() {
            return new Config(240, 20, 5.0, 3.0, 1e-3, 0.02, 3);
        }
    }

    private final Config config;
    private final double alpha;

    /** A detector with the given tuning. */
    public BaselineDetector(Config config) {
        this.config = config;
        this.alpha = 1 - Math.pow(0.5, 1.0 / config.halfLife());
    }

    /** The tuning. */
    public Config config() {
        return config;
    }

    /** Scores a snapshot against {@code stats}, then folds it into {@code stats}. */
    public AnomalyScore scoreAndUpdate(TelemetrySnapshot snapshot, RollingStatistics stats) {
        Map<String, Double> z = new HashMap<>();
        double maxZ = 0;
        for (Map.Entry<String, Double> e : snapshot.metrics().entrySet()) {
            MetricStats s = stats.getOrCreate(e.getKey());
            double x = e.getValue();
            if (s.count >= config.warmup()) {
                double dev = deviation(s);
                double zi = Math.abs(x - s.mean) / dev;
                z.put(e.getKey(), zi);
                maxZ = Math.max(maxZ, zi);
                double limit = config.winsorZ() * dev;
                x = Math.max(s.mean - limit, Math.min(s.mean + limit, x));
            }
            s.update(x, alpha);
        }
        stats.snapshots++;
        List<Map.Entry<String, Double>> top = top(z);
        Map<String, Double> components = new HashMap<>();
        List<String> salient = new ArrayList<>();
        for (Map.Entry<String, Double> e : top) {
            components.put("z:" + e.getKey(), e.getValue());
            if (e.getValue() >= config.zThreshold()) {
                salient.add(e.getKey());
            }
        }
        return new AnomalyScore(
                snapshot.scope(),
                snapshot.timestamp(),
                NAME,
                maxZ / (maxZ + config.zThreshold()),
                0.5,
                components,
                salient);
    }

    private double deviation(MetricStats s) {
        return Math.max(s.std(), Math.max(config.absFloor(), config.relFloor() * Math.abs(s.mean)));
    }

    /** The metrics with the largest |z|, largest first (ties by name), at most {@code salientMax}. */
    private List<Map.Entry<String, Double>> top(Map<String, Double> z) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(z.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return entries.subList(0, Math.min(config.salientMax(), entries.size()));
    }
}
