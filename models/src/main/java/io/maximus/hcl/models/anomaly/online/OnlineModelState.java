package io.maximus.hcl.models.anomaly.online;

/**
 * One key's online anomaly model in Flink keyed state: the metric set it learns, a ring of recent calm snapshots,
 * and the fitted model (scaling, reference set, calibration) with when it was fitted. A Flink POJO (public fields,
 * no-arg constructor, primitive arrays) so it evolves with savepoints; only {@link OnlineAnomalyModel} mutates it.
 */
public class OnlineModelState {
    /** Metric names learned, sorted; null before the first snapshot. */
    public String[] metrics;
    /** Each metric's slow level (EWMA of learned snapshots); null before the first snapshot or without levels. */
    public double[] level;
    /**
     * Each metric's slow trend per snapshot (Holt's linear method on top of {@link #level}); null before the first
     * snapshot, without a trend, or in a state saved before trends existed (then it starts at 0).
     */
    public double[] trend;
    /** Ring of calm snapshots (their deviations from {@link #level} when levels are on), row-major, {@code metrics.length} per row; grown as it fills, at most {@code capacity} rows (a savepoint of a full-size ring restores as is). */
    public double[] ring;
    /** Next ring row to write. */
    public int next;
    /** Rows in the ring. */
    public int filled;
    /** Rows appended since the last fit (or since the metric set started). */
    public int sinceFit;
    /** Snapshots seen with this metric set. */
    public long seen;
    /** Fitted per-metric centre (null before the first fit). */
    public double[] center;
    /** Fitted per-metric scale. */
    public double[] scale;
    /** Standardized reference rows of the fit, {@code references x metrics.length}. */
    public double[] reference;
    /** Rows in {@link #reference}. */
    public int references;
    /** Sorted calibration knots: quantiles of leave-one-out reference distances. */
    public double[] knots;
    /** Exponent mapping the calibration's anchor quantile to the threshold. */
    public double exponent;
    /** Scale of the exponential tail beyond the largest calibration distance. */
    public double tail;
    /** Event time of the current fit, epoch milliseconds (0 before the first). */
    public long fittedAt;
    /** Event time the metric set was first seen, epoch milliseconds. */
    public long learningSince;
    /** Fits so far with this metric set. */
    public int fits;
    /** Consecutive snapshots scored anomalous. */
    public int anomalousRun;
    /** EWMA of the calibrated score, NaN before the first score. */
    public double smoothed = Double.NaN;

    /**
     * The detector name last built, with what it was built from; transient, so not part of the POJO's fields (Flink
     * skips transient fields): a cache of {@link OnlineAnomalyModel#detectorName}, rebuilt after a restore.
     */
    transient String detectorName;

    transient long detectorNameFittedAt;
    transient int detectorNameFits;
    transient int detectorNameReferences;
    transient long detectorNameLearningSince;

    /** An empty state (Flink POJO constructor). */
    public OnlineModelState() {}

    /** Whether a fitted model exists. */
    public boolean fitted() {
        return center != null && references > 0;
    }
}
