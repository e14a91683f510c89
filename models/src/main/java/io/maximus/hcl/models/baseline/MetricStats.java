package io.maximus.hcl.models.baseline;

/**
 * Exponentially weighted mean and variance of one metric; a Flink POJO (public fields, no-arg constructor) so it
 * can live in keyed state and evolve with savepoints.
 */
public class MetricStats {
    /** Observations seen. */
    public long count;
    /** Exponentially weighted mean. */
    public double mean;
    /** Exponentially weighted variance. */
    public double variance;

    /** An empty statistic. */
    public MetricStats() {}

    /** Standard deviation, never negative. */
    public double std() {
        return Math.sqrt(Math.max(variance, 0));
    }

    /**
     * Folds in one observation with weight {@code alpha} (incremental EW variance, Finch 2009). The first
     * observation sets the mean; {@code alpha} is raised to {@code 1/count} during warm-up so early estimates are
     * plain averages rather than biased toward the first value.
     */
    public void update(double x, double alpha) {
        count++;
        if (count == 1) {
            mean = x;
            variance = 0;
            return;
        }
        double a = Math.max(alpha, 1.0 / count);
        double diff = x - mean;
        double incr = a * diff;
        mean += incr;
        variance = (1 - a) * (variance + diff * incr);
    }
}
