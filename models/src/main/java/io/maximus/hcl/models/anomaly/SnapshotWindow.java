package io.maximus.hcl.models.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    /**
     * Writes the window (capacity, dimensions, every row, size, smoothed score): the format of the Flink state
     * serializer in {@code operators.types}, read back by {@link #readFrom}. A change here needs a new serializer version.
     */
    public void writeTo(DataOutput out) throws IOException {
        int dims = rows.length == 0 ? 0 : rows[0].length;
        out.writeInt(rows.length);
        out.writeInt(dims);
        for (double[] row : rows) {
            for (double v : row) {
                out.writeDouble(v);
            }
        }
        out.writeInt(size);
        out.writeDouble(smoothed);
    }

    /** Reads a window written by {@link #writeTo}. */
    public static SnapshotWindow readFrom(DataInput in) throws IOException {
        int capacity = in.readInt();
        int dims = in.readInt();
        SnapshotWindow w = new SnapshotWindow(capacity, dims);
        for (double[] row : w.rows) {
            for (int j = 0; j < dims; j++) {
                row[j] = in.readDouble();
            }
        }
        w.size = in.readInt();
        w.smoothed = in.readDouble();
        return w;
    }
}
