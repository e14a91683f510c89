package io.maximus.hcl.models.degradation;

import java.io.Serializable;

/**
 * Per-key state of the degradation detector: a fixed-capacity ring buffer of the latest latency samples, a plain
 * serializable POJO (public no-arg constructor, getters/setters) so it can live in Flink keyed state.
 */
public class LatencyWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    private double[] values;
    private int head;
    private int count;

    /** For serializers; use {@link #LatencyWindow(int)}. */
    public LatencyWindow() {
        this(240);
    }

    /** A window holding the last {@code capacity} samples. */
    public LatencyWindow(int capacity) {
        this.values = new double[capacity];
    }

    /** Appends a sample, evicting the oldest once full. */
    public void add(double value) {
        values[head] = value;
        head = (head + 1) % values.length;
        if (count < values.length) {
            count++;
        }
    }

    /** The samples in time order (oldest first). */
    public double[] toArray() {
        double[] out = new double[count];
        int start = (head - count + values.length) % values.length;
        for (int i = 0; i < count; i++) {
            out[i] = values[(start + i) % values.length];
        }
        return out;
    }

    /** Number of samples held. */
    public int size() {
        return count;
    }

    /** Empties the window (for example after a degradation was reported, to avoid repeats). */
    public void clear() {
        head = 0;
        count = 0;
    }

    public double[] getValues() {
        return values;
    }

    public void setValues(double[] values) {
        this.values = values;
    }

    public int getHead() {
        return head;
    }

    public void setHead(int head) {
        this.head = head;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }
}
