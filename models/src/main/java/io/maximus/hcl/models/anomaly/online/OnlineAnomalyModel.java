package io.maximus.hcl.models.anomaly.online;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anomaly model of a key the shipped artifact does not know (an unknown service, or a metric set the artifact's
 * model lacks): learned online from the key's own history. It keeps a ring of the key's calm snapshots; after a
 * warm-up it fits the same detector the evaluation selects (standardization on the key's own rows, mean distance to
 * the k nearest reference rows, leave-one-out quantile calibration anchoring the 99th percentile at the threshold,
 * EWMA smoothing) and refits from the ring every {@code refitEvery} learned snapshots, so it follows drift. Snapshots
 * it scores as anomalous are not learned until the key has been anomalous for {@code adaptAfter} snapshots in a row:
 * a short incident never becomes normal, a lasting level shift does. A change of the metric set starts a new model
 * (a new warm-up). By default it learns each metric's deviation from its own slow level (an EWMA with a one-hour time
 * constant, held while the key is anomalous), so a daily cycle or drift is followed from the first day, while an
 * incident stays a deviation for as long as it lasts.
 */
public final class OnlineAnomalyModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Prefix of {@link AnomalyScore#detector()} for scores of an online model. */
    public static final String DETECTOR = "online-knn";

    private static final int KNOTS = 101;

    /** Ring rows allocated for a new metric set; the ring doubles from there as it fills. */
    private static final int INITIAL_ROWS = 16;

    /**
     * Settings of the online model.
     *
     * @param capacity calm snapshots kept (the reference set of a fit)
     * @param warmUp snapshots before the first fit
     * @param refitEvery learned snapshots between fits
     * @param adaptAfter consecutive anomalous snapshots after which they are learned (a lasting shift)
     * @param neighbours k of the k-nearest-neighbour distance
     * @param threshold score at and above which a snapshot is anomalous
     * @param anchorQuantile calibration quantile mapped to the threshold
     * @param smoothing EWMA weight of the newest score
     * @param relativeFloor smallest scale of a metric as a share of its mean magnitude
     * @param absoluteFloor smallest scale of a metric
     * @param levelWindow time constant, in snapshots, of each metric's slow level (an EWMA); the model learns and
     *     scores the deviation from it, so a slow change (a daily cycle, drift) is followed from the first day; 0
     *     learns and scores the raw snapshot
     * @param trendWindow time constant, in snapshots, of each metric's slow trend (Holt's linear method on top of the
     *     level): the model scores the deviation from the level plus its trend, so a steady creep leaves no lasting
     *     deviation; 0 keeps no trend (a creep then leaves a deviation of its slope times {@code levelWindow})
     */
    public record Settings(
            int capacity,
            int warmUp,
            int refitEvery,
            int adaptAfter,
            int neighbours,
            double threshold,
            double anchorQuantile,
            double smoothing,
            double relativeFloor,
            double absoluteFloor,
            int levelWindow,
            int trendWindow)
            implements Serializable {

        /** Validates the settings. */
        public Settings {
            if (warmUp < neighbours + 2 || capacity < warmUp || refitEvery < 1 || levelWindow < 0 || trendWindow < 0) {
                throw new IllegalArgumentException(
                        "need warmUp > neighbours + 1, capacity >= warmUp, refitEvery >= 1, levelWindow >= 0");
            }
        }

        /**
         * Defaults: 512 snapshots (about 2 h at 15 s), first fit after 240 (1 h), refit every 240, a shift lasting
         * 240 (1 h) is learned, k = 5, the threshold, anchor and smoothing of the evaluated detector (see
         * models/README.md), and deviations from a slow level with a one-hour time constant (240).
         */
        public static Settings defaults() {
            return new Settings(512, 240, 240, 240, 5, 0.85, 0.99, 0.1, 0.05, 1e-3, 20, 120);
        }

        /** These settings with other level and trend time constants. */
        public Settings withLevel(int level, int trend) {
            return new Settings(
                    capacity,
                    warmUp,
                    refitEvery,
                    adaptAfter,
                    neighbours,
                    threshold,
                    anchorQuantile,
                    smoothing,
                    relativeFloor,
                    absoluteFloor,
                    level,
                    trend);
        }
    }

    /**
     * What one snapshot did to the key's model.
     *
     * @param score the online model's score, or null while the model warms up
     * @param seen snapshots the current metric set has been seen
     * @param refitted whether this snapshot triggered a (re)fit
     */
    public record Result(AnomalyScore score, long seen, boolean refitted) {}

    private final Settings settings;

    /** A model with the given settings. */
    public OnlineAnomalyModel(Settings settings) {
        this.settings = settings;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Scores the snapshot with the key's model (if fitted), learns from it, and refits when due. */
    public Result observe(OnlineModelState st, TelemetrySnapshot s) {
        String[] names = s.metrics().keySet().toArray(new String[0]);
        Arrays.sort(names);
        if (st.metrics == null || !Arrays.equals(st.metrics, names)) {
            reset(st, names, s.timestamp());
        }
        int d = names.length;
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = s.metrics().get(names[j]);
        }
        double[] f = features(st, x);
        AnomalyScore score = null;
        if (st.fitted()) {
            score = score(st, s, f);
        }
        boolean calm = score == null || st.smoothed < settings.threshold();
        st.anomalousRun = calm ? 0 : st.anomalousRun + 1;
        boolean adapt = st.anomalousRun > settings.adaptAfter();
        // the smoothed score lags an incident's start: a snapshot far beyond everything the fit saw is not learned
        // even while the smoothed score is still calm
        boolean outlier = score != null && score.components().get("knn_distance") >= outlierScore();
        if (adapt || (calm && !outlier)) {
            follow(st, x);
        } else {
            hold(st);
        }
        if (adapt || (calm && !outlier)) {
            ensureRow(st, st.next, d);
            System.arraycopy(f, 0, st.ring, st.next * d, d);
            st.next = (st.next + 1) % settings.capacity();
            st.filled = Math.min(st.filled + 1, settings.capacity());
            st.sinceFit++;
        }
        st.seen++;
        boolean refit = (!st.fitted() && st.filled >= settings.warmUp())
                || (st.fitted() && st.sinceFit >= settings.refitEvery());
        if (refit) {
            fit(st, s.timestamp());
        }
        return new Result(score, st.seen, refit);
    }

    /**
     * Makes room for ring row {@code row}: doubles the ring (at most to capacity rows). Rows are written in order
     * until the ring is full, so the rows kept are exactly the ones a full-size ring would hold.
     */
    private void ensureRow(OnlineModelState st, int row, int d) {
        if ((row + 1) * d <= st.ring.length) {
            return;
        }
        int rows = st.ring.length / Math.max(d, 1);
        int grown = Math.min(settings.capacity(), Math.max(row + 1, Math.max(rows * 2, INITIAL_ROWS)));
        st.ring = Arrays.copyOf(st.ring, grown * d);
    }

    /**
     * The unsmoothed score at and above which a snapshot is not learned even while the key is calm: two thirds of the
     * way from the threshold to 1 (beyond the largest calibration distance of a fit on a full ring).
     */
    double outlierScore() {
        return 1 - (1 - settings.threshold()) / 3;
    }

    /** Snapshots still needed before the first fit (0 once fitted). */
    public int warmUpLeft(OnlineModelState st) {
        return st.fitted() ? 0 : Math.max(settings.warmUp() - st.filled, 0);
    }

    /** The detector name of the key's current model: what scored, fitted when, on how many rows. */
    public static String detectorName(OnlineModelState st) {
        // the name changes only with a fit or a new metric set: built once per fit (a transient cache, not state)
        String cached = st.detectorName;
        if (cached != null
                && st.detectorNameFittedAt == st.fittedAt
                && st.detectorNameFits == st.fits
                && st.detectorNameReferences == st.references
                && st.detectorNameLearningSince == st.learningSince) {
            return cached;
        }
        String name = DETECTOR + " since " + Instant.ofEpochMilli(st.fittedAt) + " (fit " + st.fits + ", "
                + st.references + " rows, learning since " + Instant.ofEpochMilli(st.learningSince) + ")";
        st.detectorName = name;
        st.detectorNameFittedAt = st.fittedAt;
        st.detectorNameFits = st.fits;
        st.detectorNameReferences = st.references;
        st.detectorNameLearningSince = st.learningSince;
        return name;
    }

    /**
     * What the model learns and scores: the snapshot's deviation from each metric's slow level, or the snapshot
     * itself when {@link Settings#levelWindow()} is 0. The level starts at the first snapshot.
     */
    private double[] features(OnlineModelState st, double[] x) {
        if (settings.levelWindow() == 0) {
            return x;
        }
        if (st.level == null) {
            st.level = x.clone();
        }
        if (settings.trendWindow() > 0 && (st.trend == null || st.trend.length != x.length)) {
            st.trend = new double[x.length];
        }
        double[] f = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            f[j] = x[j] - predicted(st, j);
        }
        return f;
    }

    /**
     * Moves the slow level toward a calm snapshot; a snapshot scored anomalous (smoothed or on its own) does not move
     * it (an incident stays a deviation) until the key has been anomalous for {@code adaptAfter} snapshots (then the new level is learned).
     */
    private void follow(OnlineModelState st, double[] x) {
        if (st.level == null) {
            return;
        }
        double a = 1.0 / settings.levelWindow();
        double b = settings.trendWindow() > 0 ? 1.0 / settings.trendWindow() : 0;
        for (int j = 0; j < x.length; j++) {
            double p = predicted(st, j);
            double next = p + a * (x[j] - p);
            if (b > 0) {
                st.trend[j] += b * (next - p);
            }
            st.level[j] = next;
        }
    }

    /** A snapshot not learned: the level moves on along its trend, the trend fades (no new evidence of it). */
    private void hold(OnlineModelState st) {
        if (st.level == null || st.trend == null || settings.trendWindow() == 0) {
            return;
        }
        double damp = 1 - 1.0 / settings.trendWindow();
        for (int j = 0; j < st.level.length; j++) {
            st.level[j] += st.trend[j];
            st.trend[j] *= damp;
        }
    }

    /** The metric's expected value for the next snapshot: its level plus its trend. */
    private double predicted(OnlineModelState st, int j) {
        return st.level[j] + (st.trend != null && settings.trendWindow() > 0 ? st.trend[j] : 0);
    }

    private void reset(OnlineModelState st, String[] names, long now) {
        st.metrics = names;
        st.level = null;
        st.trend = null;
        // the ring grows as it fills (up to capacity): a key seen a few times holds a few rows, not the whole ring
        st.ring = new double[Math.min(settings.capacity(), INITIAL_ROWS) * names.length];
        st.next = 0;
        st.filled = 0;
        st.sinceFit = 0;
        st.seen = 0;
        st.center = null;
        st.scale = null;
        st.reference = null;
        st.references = 0;
        st.knots = null;
        st.fittedAt = 0;
        st.learningSince = now;
        st.fits = 0;
        st.anomalousRun = 0;
        st.smoothed = Double.NaN;
    }

    private AnomalyScore score(OnlineModelState st, TelemetrySnapshot s, double[] x) {
        int d = x.length;
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = (x[j] - st.center[j]) / st.scale[j];
        }
        double dist = knn(st.reference, st.references, d, z, -1);
        double cal = calibrate(st, dist);
        st.smoothed = Double.isNaN(st.smoothed) ? cal : st.smoothed + settings.smoothing() * (cal - st.smoothed);
        Map<String, Double> comp = new LinkedHashMap<>();
        comp.put("knn_distance", cal);
        return new AnomalyScore(
                s.scope(), s.timestamp(), detectorName(st), st.smoothed, settings.threshold(), comp, salient(st, z));
    }

    private static List<String> salient(OnlineModelState st, double[] z) {
        Integer[] idx = new Integer[z.length];
        for (int j = 0; j < z.length; j++) {
            idx[j] = j;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(Math.abs(z[b]), Math.abs(z[a])));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(3, z.length); i++) {
            out.add(st.metrics[idx[i]]);
        }
        return out;
    }

    /** Fits scaling, reference set and calibration on the ring's rows. */
    void fit(OnlineModelState st, long now) {
        int d = st.metrics.length;
        int n = st.filled;
        double[] mean = new double[d];
        double[] m2 = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = st.ring[i * d + j];
                double delta = v - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (v - mean[j]);
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = n > 1 ? Math.sqrt(m2[j] / (n - 1)) : 0;
            // the magnitude a relative floor refers to: the metric's level (the ring holds deviations from it)
            double magnitude = st.level != null ? Math.abs(st.level[j]) : Math.abs(mean[j]);
            scale[j] = Math.max(sd, Math.max(settings.relativeFloor() * magnitude, settings.absoluteFloor()));
        }
        double[] ref = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                ref[i * d + j] = (st.ring[i * d + j] - mean[j]) / scale[j];
            }
        }
        double[] loo = leaveOneOut(ref, n, d);
        Arrays.sort(loo);
        double[] knots = new double[KNOTS];
        for (int i = 0; i < KNOTS; i++) {
            double pos = (double) i * (n - 1) / (KNOTS - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, n - 1);
            knots[i] = loo[lo] + (pos - lo) * (loo[hi] - loo[lo]);
        }
        double q99 = loo[(int) Math.floor(0.99 * (n - 1))];
        st.center = mean;
        st.scale = scale;
        st.reference = ref;
        st.references = n;
        st.knots = knots;
        st.exponent = Math.log(1 - settings.threshold()) / Math.log(1 - settings.anchorQuantile());
        st.tail = Math.max(loo[n - 1] - q99, Math.max((loo[n - 1] - loo[0]) * 1e-3, 1e-9));
        st.fittedAt = now;
        st.fits++;
        st.sinceFit = 0;
    }

    /** Calibrated score in [0, 1] of a raw distance. */
    static double calibrate(OnlineModelState st, double dist) {
        double[] k = st.knots;
        double pTop = st.references / (st.references + 1.0);
        double f;
        double max = k[k.length - 1];
        if (dist >= max) {
            f = pTop + (1 - pTop) * (1 - Math.exp(-(dist - max) / st.tail));
        } else if (dist <= k[0]) {
            f = 0;
        } else {
            int i = Arrays.binarySearch(k, dist);
            if (i < 0) {
                i = -i - 2;
            }
            while (i + 1 < k.length - 1 && k[i + 1] <= dist) {
                i++;
            }
            double span = k[i + 1] - k[i];
            double frac = span > 0 ? (dist - k[i]) / span : 0;
            f = (i + frac) / (k.length - 1) * pTop;
        }
        return 1 - Math.pow(1 - f, st.exponent);
    }

    /**
     * Each row's mean Euclidean distance to its k nearest other rows (leave one out). Every pair's squared distance is
     * computed once and offered to both rows' k best; {@code (a - b)^2 == (b - a)^2} exactly, so each value is the
     * one a scan per row would compute, and the k smallest values (hence the mean) are the same whatever the order.
     */
    double[] leaveOneOut(double[] ref, int n, int d) {
        int k = Math.min(settings.neighbours(), n - 1);
        double[] loo = new double[n];
        if (k <= 0) {
            Arrays.fill(loo, Double.NaN);
            return loo;
        }
        double[] best = new double[n * k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int oi = i * d;
            int bi = i * k;
            for (int r = i + 1; r < n; r++) {
                int or = r * d;
                // the full sum, no early exit: a branch-free loop is faster than abandoning (measured)
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double dl = ref[oi + j] - ref[or + j];
                    s += dl * dl;
                }
                if (s < best[bi + k - 1]) {
                    insert(best, bi, k, s);
                }
                int br = r * k;
                if (s < best[br + k - 1]) {
                    insert(best, br, k, s);
                }
            }
            loo[i] = meanRoot(best, bi, k);
        }
        return loo;
    }

    /** Inserts {@code s} into the ascending {@code k} values at {@code from}, dropping the largest. */
    private static void insert(double[] best, int from, int k, double s) {
        int p = k - 1;
        while (p > 0 && best[from + p - 1] > s) {
            best[from + p] = best[from + p - 1];
            p--;
        }
        best[from + p] = s;
    }

    private static double meanRoot(double[] best, int from, int k) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += Math.sqrt(best[from + i]);
        }
        return sum / k;
    }

    /**
     * Mean Euclidean distance of {@code z} to its k nearest rows of {@code ref}, skipping row {@code skip}. Every row's
     * full sum, no early exit: on 16 metrics a branch-free loop is about twice as fast as abandoning a row once its
     * partial sum passes the k-th best (measured), and the values kept are the same.
     */
    double knn(double[] ref, int n, int d, double[] z, int skip) {
        int k = Math.min(settings.neighbours(), n - (skip >= 0 ? 1 : 0));
        double[] best = new double[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            if (i == skip) {
                continue;
            }
            int o = i * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                double dl = z[j] - ref[o + j];
                s += dl * dl;
            }
            if (s < best[k - 1]) {
                insert(best, 0, k, s);
            }
        }
        return meanRoot(best, 0, k);
    }
}
