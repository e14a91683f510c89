package io.maximus.hcl.sinks.safety;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether an action hurt: given a scope's key metrics before it and 60 s after, whether any got worse by more
 * than a threshold (20% by default), aware of direction: latency and errors going up is worse, throughput going down
 * is worse.
 */
public final class RollbackJudge {

    /** Which way a metric gets worse. */
    public enum Direction {
        HIGHER_IS_WORSE,
        LOWER_IS_WORSE
    }

    /**
     * The judgement.
     *
     * @param rollback whether to revert
     * @param worstMetric the metric that worsened most (null if none was compared)
     * @param worstChange its relative worsening (0.25 = 25% worse; negative = better)
     * @param changes each compared metric's relative worsening
     */
    public record Judgement(boolean rollback, String worstMetric, double worstChange, Map<String, Double> changes) {}

    private final double threshold;
    private final Map<String, Direction> directions;

    /** A judge with the given threshold and explicit directions (others are inferred from their names). */
    public RollbackJudge(double threshold, Map<String, Direction> directions) {
        this.threshold = threshold;
        this.directions = Map.copyOf(directions);
    }

    /** The seed's judge: worse by more than 20%. */
    public static RollbackJudge defaults() {
        return new RollbackJudge(0.20, Map.of());
    }

    /** The direction of a metric: explicit, or inferred from its name (throughput/rps/success/hit/available → lower is worse). */
    public Direction direction(String metric) {
        Direction d = directions.get(metric);
        if (d != null) {
            return d;
        }
        String m = metric.toLowerCase(Locale.ROOT);
        for (String lowerWorse : new String[] {
            "throughput",
            "rps",
            "qps",
            "requests_per",
            "success",
            "hit_rate",
            "hit_ratio",
            "available",
            "availability",
            "free"
        }) {
            if (m.contains(lowerWorse)) {
                return Direction.LOWER_IS_WORSE;
            }
        }
        return Direction.HIGHER_IS_WORSE; // latency, errors, cpu, memory, queue depth, saturation
    }

    /** Compares the metrics present in both maps. */
    public Judgement judge(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> changes = new LinkedHashMap<>();
        String worst = null;
        double worstChange = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : before.entrySet()) {
            Double b = e.getValue();
            Double a = after.get(e.getKey());
            if (b == null || a == null || b.isNaN() || a.isNaN()) {
                continue;
            }
            double change = worsening(b, a, direction(e.getKey()));
            changes.put(e.getKey(), change);
            if (change > worstChange) {
                worstChange = change;
                worst = e.getKey();
            }
        }
        if (worst == null) {
            return new Judgement(false, null, 0, changes);
        }
        return new Judgement(worstChange > threshold, worst, worstChange, changes);
    }

    /**
     * Relative worsening of one metric. From a zero baseline any worsening counts as infinite (an error rate going
     * from 0 to anything is worse by more than any percentage), no change as 0.
     */
    static double worsening(double before, double after, Direction d) {
        double delta = d == Direction.HIGHER_IS_WORSE ? after - before : before - after;
        if (before == 0) {
            return delta > 0 ? Double.POSITIVE_INFINITY : delta < 0 ? -1 : 0;
        }
        return delta / Math.abs(before);
    }
}
