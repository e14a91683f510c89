package io.maximus.hcl.models.plan.sim;

import java.util.Arrays;

/**
 * A load trace on a regular grid: {@code values[i]} is the load at {@code startSeconds + i * stepSeconds}, in the
 * trace's own units (scale it to requests per second with {@link #scaledTo}).
 *
 * @param name a label for reports (usually the file name)
 * @param startSeconds time of the first value, seconds (epoch seconds or seconds since the trace start)
 * @param stepSeconds grid step, seconds
 * @param values the load at each step, all finite and non-negative
 */
public record Trace(String name, long startSeconds, int stepSeconds, double[] values) {

    /** Validates the grid and the values. */
    public Trace {
        if (stepSeconds <= 0 || values.length < 2) {
            throw new IllegalArgumentException("a trace needs a positive step and at least two values");
        }
        for (double v : values) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("trace values must be finite and non-negative: " + v);
            }
        }
    }

    /** Number of steps. */
    public int length() {
        return values.length;
    }

    /** The steps {@code [from, to)} as a trace of their own. */
    public Trace slice(int from, int to) {
        return new Trace(
                name, startSeconds + (long) from * stepSeconds, stepSeconds, Arrays.copyOfRange(values, from, to));
    }

    /** The q-quantile (0..1) of the values, by linear interpolation between order statistics. */
    public double quantile(double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /** This trace multiplied by {@code factor}. */
    public Trace times(double factor) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] * factor;
        }
        return new Trace(name, startSeconds, stepSeconds, v);
    }

    /**
     * The factor that maps {@code reference}'s p95 to {@code replicas} replicas of {@code capacity} requests/s each
     * running at {@code utilization}: the usual way to size a synthetic service to a trace in its own units.
     */
    public static double scaleFactor(Trace reference, int replicas, double capacity, double utilization) {
        double p95 = reference.quantile(0.95);
        if (p95 <= 0) {
            throw new IllegalArgumentException("the reference trace's p95 is 0; it cannot be scaled");
        }
        return replicas * capacity * utilization / p95;
    }

    /** Applies {@link #scaleFactor} computed on {@code reference} to this trace. */
    public Trace scaledTo(Trace reference, int replicas, double capacity, double utilization) {
        return times(scaleFactor(reference, replicas, capacity, utilization));
    }
}
