package io.maximus.hcl.models.anomaly;

import java.io.Serializable;

/**
 * The last few standardized snapshots of one key, oldest first: the per-key state the combined detector reads.
 * A plain serializable object so a keyed operator can hold it in state.
 */
public final class SnapshotWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[][] rows;
    private int size;
    private double smoothed = Double.NaN;

    /** An empty window of {@code capacity} rows of {@code dims} values. */
    public SnapshotWindow(int capacity, int dims) {
        rows = new double[capacity][dims];
    }

    /** Appends a raw snapshot, standardized by {@code detector}; the oldest row drops out when full. */
    public void push(AnomalyDetector detector, double[] raw) {
        if (size == rows.length) {
            double[] oldest = rows[0];
            System.arraycopy(rows, 1, rows, 0, rows.length - 1);
            rows[rows.length - 1] = oldest;
            size--;
        }
        detector.standardizeInto(raw, rows[size]);
        size++;
    }

    /** Rows held (the array may be longer than {@link #size()}; rows beyond it are stale). */
    public double[][] rows() {
        return rows;
    }

    /** The last smoothed combined score, NaN before the first. */
    public double smoothedScore() {
        return smoothed;
    }

    /** Records the last smoothed combined score. */
    public void smoothedScore(double value) {
        smoothed = value;
    }

    /** Number of valid rows. */
    public int size() {
        return size;
    }
}
