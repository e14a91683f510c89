package io.maximus.hcl.models.failure.exhaustion;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Hand-made telemetry for the exhaustion tests: one value every 15 s, from a shape of the minute and some noise. */
final class ExhaustionSeries {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final long STEP_MS = 15_000L;

    private ExhaustionSeries() {}

    /** Samples of {@code shape} (minutes to value) over {@code minutes}, plus Gaussian noise, clamped to [0, cap]. */
    static double[] sample(int minutes, DoubleUnaryOperator shape, double noise, double cap, long seed) {
        Random r = new Random(seed);
        int n = minutes * 4;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double m = i / 4.0;
            v[i] = Math.max(0, Math.min(cap, shape.applyAsDouble(m) + noise * r.nextGaussian()));
        }
        return v;
    }

    static long time(int i) {
        return T0 + i * STEP_MS;
    }

    static double minute(long t) {
        return (t - T0) / 60_000.0;
    }

    /** Feeds a series to a fresh state and returns every warning. */
    static List<ExhaustionWarning> run(ExhaustionPredictor p, double[] v, double ceiling) {
        return run(p, p.newState(), v, 0, v.length, ceiling);
    }

    /** Feeds samples {@code from} to {@code to} of a series to a state and returns every warning. */
    static List<ExhaustionWarning> run(
            ExhaustionPredictor p, ExhaustionState s, double[] v, int from, int to, double ceiling) {
        List<ExhaustionWarning> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ExhaustionWarning w = p.update(s, "shop/db-7", "memory_usage", time(i), v[i], ceiling);
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    /** The first raised warning, or null. */
    static ExhaustionWarning firstRaised(List<ExhaustionWarning> ws) {
        return ws.stream()
                .filter(w -> w.phase() == ExhaustionWarning.Phase.RAISED)
                .findFirst()
                .orElse(null);
    }

    /** Minute of the first sample at or above a level, or NaN. */
    static double firstReach(double[] v, double level) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= level) {
                return i / 4.0;
            }
        }
        return Double.NaN;
    }

    /** A sawtooth: rises from {@code low} by {@code rise} over {@code period} minutes, then drops back. */
    static double saw(double m, double period, double phase, double low, double rise) {
        double f = ((m + phase) % period) / period;
        return low + rise * f;
    }

    /**
     * Prometheus {@code predict_linear(x[window], horizon) >= ceiling}, for the comparison: ordinary least squares
     * over the raw samples of the last {@code windowMin} minutes, held {@code forMin} minutes (an alert's
     * {@code for:}). Returns the minute of the first alert, or NaN, and counts alerting minutes into {@code count[0]}.
     */
    static double predictLinear(double[] v, int windowMin, int horizonMin, double ceiling, int forMin, int[] count) {
        int w = windowMin * 4;
        int held = 0;
        double first = Double.NaN;
        for (int end = w; end <= v.length; end += 4) {
            double st = 0;
            double sv = 0;
            double stt = 0;
            double stv = 0;
            for (int i = end - w; i < end; i++) {
                double t = i / 4.0;
                st += t;
                sv += v[i];
                stt += t * t;
                stv += t * v[i];
            }
            double slope = (w * stv - st * sv) / (w * stt - st * st);
            double mean = sv / w;
            double now = (end - 1) / 4.0;
            double predicted = mean + slope * (now + horizonMin - st / w);
            held = predicted >= ceiling ? held + 1 : 0;
            if (held > forMin) {
                count[0]++;
                if (Double.isNaN(first)) {
                    first = now;
                }
            }
        }
        return first;
    }
}
