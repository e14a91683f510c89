package io.maximus.hcl.tools.eval.anomaly;

import org.apache.commons.math3.special.Erf;

/**
 * HCL's online detector for univariate series, as run on NAB: strictly causal (row t sees rows up to t only), one
 * configuration for the whole corpus.
 *
 * <ol>
 *   <li>Novelty: the values are standardized by running mean and deviation; the last {@code m} of them form a
 *       pattern, whose distance to its nearest neighbour among the patterns of the last {@code history} rows is the
 *       raw score (a discord-style nearest-neighbour distance).</li>
 *   <li>Likelihood: the mean raw score of the last {@code shortWindow} rows is compared, as a Gaussian tail, with the
 *       distribution of raw scores over the last {@code longWindow} rows (the idea of Numenta's anomaly
 *       likelihood: a sustained rise in novelty, not one odd point).</li>
 *   <li>Spatial check: a value beyond the range seen so far by more than {@code spatial} of that range scores near
 *       1 (the idea of the spatial anomaly check in NAB's HTM detector).</li>
 *   <li>Suppression: once the likelihood has passed {@code alarmLevel}, the next {@code suppress} rows report at most
 *       half their likelihood: NAB rewards only the first detection in a window and charges every later one outside
 *       it.</li>
 * </ol>
 */
public final class NabDetector {

    private final int m;
    private final int history;
    private final int shortWindow;
    private final int longWindow;
    private final int warmup;
    private final double alarmLevel;
    private final int suppress;
    private final double spatial;

    /** A detector with explicit settings. */
    public NabDetector(
            int m,
            int history,
            int shortWindow,
            int longWindow,
            int warmup,
            double alarmLevel,
            int suppress,
            double spatial) {
        this.m = m;
        this.history = history;
        this.shortWindow = shortWindow;
        this.longWindow = longWindow;
        this.warmup = warmup;
        this.alarmLevel = alarmLevel;
        this.suppress = suppress;
        this.spatial = spatial;
    }

    /** The corpus-wide configuration. */
    public static NabDetector defaults() {
        return new NabDetector(8, 2000, 5, 2000, 150, 0.999, 100, 0.02);
    }

    /**
     * This configuration with some settings replaced: keys m, history, short, long, warmup, alarm, suppress,
     * spatial.
     */
    public NabDetector with(java.util.Map<String, String> p) {
        return new NabDetector(
                Integer.parseInt(p.getOrDefault("m", "" + m)),
                Integer.parseInt(p.getOrDefault("history", "" + history)),
                Integer.parseInt(p.getOrDefault("short", "" + shortWindow)),
                Integer.parseInt(p.getOrDefault("long", "" + longWindow)),
                Integer.parseInt(p.getOrDefault("warmup", "" + warmup)),
                Double.parseDouble(p.getOrDefault("alarm", "" + alarmLevel)),
                Integer.parseInt(p.getOrDefault("suppress", "" + suppress)),
                Double.parseDouble(p.getOrDefault("spatial", "" + spatial)));
    }

    /** Scores every row of one series online; returns anomaly scores in [0, 1]. */
    public double[] run(double[] values, long[] timestamps) {
        int n = values.length;
        double[] z = new double[n];
        double[] raw = new double[n];
        double[] out = new double[n];
        double mean = 0;
        double m2 = 0;
        // rolling sums of the raw score over the long and short windows
        double longSum = 0;
        double longSq = 0;
        double shortSum = 0;
        int lastAlarm = Integer.MIN_VALUE / 2;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < n; t++) {
            double v = values[t];
            double delta = v - mean;
            mean += delta / (t + 1);
            m2 += delta * (v - mean);
            double sd = t > 0 ? Math.sqrt(m2 / t) : 0;
            double scale = Math.max(sd, 1e-9 + 1e-6 * Math.abs(mean));
            z[t] = (v - mean) / scale;
            raw[t] = novelty(values, mean, scale, t);
            longSum += raw[t];
            longSq += raw[t] * raw[t];
            if (t >= longWindow) {
                longSum -= raw[t - longWindow];
                longSq -= raw[t - longWindow] * raw[t - longWindow];
            }
            shortSum += raw[t];
            if (t >= shortWindow) {
                shortSum -= raw[t - shortWindow];
            }
            if (t < warmup) {
                out[t] = 0;
                min = Math.min(min, v);
                max = Math.max(max, v);
                continue;
            }
            int ln = Math.min(t + 1, longWindow);
            double mu = longSum / ln;
            double var = Math.max(longSq / ln - mu * mu, 0);
            double sigma = Math.max(Math.sqrt(var), 1e-6);
            double shortMean = shortSum / Math.min(t + 1, shortWindow);
            double zz = (shortMean - mu) / sigma;
            double likelihood = 0.5 * (1 + Erf.erf(zz / Math.sqrt(2)));
            double score = likelihood;
            if (spatial > 0 && t > warmup) {
                double range = max - min;
                double excess = Math.max(v - max, min - v);
                if (excess > spatial * range) {
                    // a value beyond everything seen so far (by a margin): near-certain, graded by how far beyond
                    score = Math.max(score, 1.0 - 1e-4 / (1.0 + excess / Math.max(range, 1e-12)));
                }
            }
            if (t - lastAlarm <= suppress) {
                score *= 0.5;
            } else if (score >= alarmLevel) {
                lastAlarm = t;
            }
            out[t] = score;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return out;
    }

    /** Distance of the pattern ending at t to its nearest earlier, non-overlapping pattern, in standardized units. */
    private double novelty(double[] values, double mean, double scale, int t) {
        if (t < 2 * m) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        int from = Math.max(m - 1, t - history);
        for (int e = from; e <= t - m; e++) {
            double d = 0;
            for (int k = 0; k < m && d < best; k++) {
                double diff = values[t - k] - values[e - k];
                d += diff * diff;
            }
            if (d < best) {
                best = d;
            }
        }
        return Math.sqrt(best / m) / scale;
    }
}
