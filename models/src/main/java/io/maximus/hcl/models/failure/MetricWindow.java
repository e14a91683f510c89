package io.maximus.hcl.models.failure;

import java.io.Serializable;

/**
 * Per-key state of the failure predictor: the last {@code capacity} metric vectors in a ring buffer, plus the
 * per-metric baseline (centre and scale) the features are standardised with. A serializable POJO (public fields,
 * no-arg constructor) for Flink keyed state; about capacity × metrics doubles.
 */
public class MetricWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Ring buffer, row-major: slot i holds metrics [i*k, (i+1)*k). */
    public double[] data;
    /** Number of metrics per vector. */
    public int metrics;
    /** Capacity in vectors. */
    public int capacity;
    /** Next slot to write. */
    public int head;
    /** Vectors held (up to capacity). */
    public int count;
    /** Baseline centre (e.g. median over a normal period) per metric. */
    public double[] centre;
    /** Baseline scale (e.g. 1.4826·MAD, floored) per metric. */
    public double[] scale;

    /** For serializers. */
    public MetricWindow() {}

    /** A window of {@code capacity} vectors of {@code metrics} values with the given baseline. */
    public MetricWindow(int metrics, int capacity, double[] centre, double[] scale) {
        this.metrics = metrics;
        this.capacity = capacity;
        this.data = new double[metrics * capacity];
        this.centre = centre;
        this.scale = scale;
    }

    /** Appends one vector (copied). */
    public void add(double[] values) {
        System.arraycopy(values, 0, data, head * metrics, metrics);
        head = (head + 1) % capacity;
        if (count < capacity) {
            count++;
        }
    }

    /** Standardised value of metric {@code m}, {@code back} vectors ago (0 = the newest). */
    public double z(int back, int m) {
        int slot = (head - 1 - back + 2 * capacity) % capacity;
        return (data[slot * metrics + m] - centre[m]) / scale[m];
    }

    /** True once the window is full. */
    public boolean full() {
        return count == capacity;
    }
}
