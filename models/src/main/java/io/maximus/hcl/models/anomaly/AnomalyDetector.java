package io.maximus.hcl.models.anomaly;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The combined anomaly detector: standardizes each snapshot with training statistics, scores it with every
 * {@link AnomalyComponent}, calibrates each raw score to [0, 1] on the training rows (empirical quantiles) and
 * combines them with weights (the seed's 0.6 Isolation Forest / 0.4 LSTM autoencoder by default), renormalized over
 * the components actually present, against a threshold (0.85 by default).
 */
public final class AnomalyDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Name of the LSTM autoencoder component (served via ONNX, provided elsewhere). */
    public static final String LSTM_AUTOENCODER = "lstm_autoencoder";

    /** The seed's weights: 0.6 Isolation Forest, 0.4 LSTM autoencoder; the PCA residual may stand in beside them. */
    public static Map<String, Double> defaultWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(IsolationForestComponent.NAME, 0.6);
        w.put(LSTM_AUTOENCODER, 0.4);
        return w;
    }

    private final Map<String, Double> weights;
    private final double threshold;
    private final double scaleFloor;
    private final int salientCount;
    private final List<AnomalyComponent> components;
    private final String[] metricNames;

    /** How the calibrated component scores are combined. */
    public enum Combination {
        /** The weighted arithmetic mean of the calibrated scores (the seed's rule). */
        MEAN,
        /**
         * One minus the weighted geometric mean of the tail shares {@code 1 - c}: equal to the mean when the
         * components agree (so the threshold keeps its meaning), but one component that is far out in its tail
         * (e.g. the LSTM autoencoder on a level shift the Isolation Forest cannot isolate) can carry the score,
         * as in Fisher's combination of p-values.
         */
        TAIL
    }

    private Combination combination = Combination.MEAN;
    private double smoothing = 1.0;
    private double alarmQuantile = 0.99;
    private Standardizer standardizer;
    private QuantileCalibrator[] calibrators;
    private double[] effectiveWeights;
    private int windowLength = 1;
    private List<String> missing = List.of();

    /**
     * A detector over the given components.
     *
     * @param components the components that are available (at least one)
     * @param weights configured weight per component name; names with no component are reported as missing,
     *                components with no weight get weight 0 and are still reported
     * @param threshold decision threshold on the combined score
     * @param scaleFloor smallest standardization scale per metric (guards constant training dimensions)
     * @param metricNames names of the snapshot's metrics, or null
     */
    public AnomalyDetector(
            List<AnomalyComponent> components,
            Map<String, Double> weights,
            double threshold,
            double scaleFloor,
            String[] metricNames) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("at least one component is required");
        }
        this.components = List.copyOf(components);
        this.weights = new LinkedHashMap<>(weights);
        this.threshold = threshold;
        this.scaleFloor = scaleFloor;
        this.salientCount = 3;
        this.metricNames = metricNames;
    }

    /**
     * Sets the weight of the newest combined score in an exponentially weighted moving average (1 = no smoothing).
     * Anomalies in server telemetry last minutes, so a causal EWMA of the score lifts them over one-row noise.
     */
    public AnomalyDetector smoothing(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("smoothing alpha must be in (0, 1]");
        }
        this.smoothing = alpha;
        return this;
    }

    /**
     * Sets the training quantile of each component's score that calibrates to the threshold (default 0.99): the
     * threshold then means "beyond that share of ordinary training behaviour" on every component.
     */
    public AnomalyDetector alarmQuantile(double q) {
        this.alarmQuantile = q;
        return this;
    }

    /** Sets how calibrated component scores are combined (default {@link Combination#MEAN}). */
    public AnomalyDetector combination(Combination c) {
        this.combination = c;
        return this;
    }

    /** How calibrated component scores are combined. */
    public Combination combination() {
        return combination == null ? Combination.MEAN : combination;
    }

    private boolean tail() {
        return combination == Combination.TAIL;
    }

    /** One component's term of the combination: {@code w c} for the mean, {@code w ln(1 - c)} for the tail rule. */
    private double term(double w, double c) {
        return tail() ? w * Math.log(Math.max(1 - c, 1e-12)) : w * c;
    }

    private double finish(double sum) {
        return tail() ? 1 - Math.exp(sum) : sum;
    }

    /** The combined score of a typical snapshot: every component at its training median. */
    public double calmScore() {
        double a = Math.log(1 - threshold) / Math.log(1 - alarmQuantile);
        return 1 - Math.pow(0.5, a);
    }

    /** EWMA weight of the newest combined score. */
    public double smoothing() {
        return smoothing;
    }

    /** Fits standardization, every component and its calibration on raw training rows (time order); returns this. */
    public AnomalyDetector fit(double[][] trainRaw) {
        standardizer = Standardizer.fit(trainRaw, scaleFloor);
        double[][] z = standardizer.apply(trainRaw);
        int k = components.size();
        calibrators = new QuantileCalibrator[k];
        effectiveWeights = new double[k];
        double sum = 0;
        List<String> present = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            AnomalyComponent c = components.get(i);
            c.fit(z);
            calibrators[i] = c.calibrate(z, alarmQuantile, threshold);
            effectiveWeights[i] = weights.getOrDefault(c.name(), 0.0);
            sum += effectiveWeights[i];
            windowLength = Math.max(windowLength, c.windowLength());
            present.add(c.name());
        }
        for (int i = 0; i < k; i++) {
            effectiveWeights[i] = sum > 0 ? effectiveWeights[i] / sum : 1.0 / k;
        }
        List<String> miss = new ArrayList<>();
        for (String name : weights.keySet()) {
            if (!present.contains(name)) {
                miss.add(name);
            }
        }
        missing = Collections.unmodifiableList(miss);
        return this;
    }

    /** Rows of history the detector needs (the longest component window). */
    public int windowLength() {
        return windowLength;
    }

    /** Standardizes raw rows with the training statistics. */
    public double[][] standardize(double[][] raw) {
        return standardizer.apply(raw);
    }

    /** Standardizes one raw row into {@code out}. */
    public void standardizeInto(double[] raw, double[] out) {
        standardizer.applyInto(raw, out);
    }

    /** Combined score only (no breakdown) of row t of standardized, time-ordered rows: the fast path. */
    public double combined(double[][] z, int t) {
        double s = 0;
        for (int i = 0; i < calibrators.length; i++) {
            if (effectiveWeights[i] > 0) {
                s += term(
                        effectiveWeights[i],
                        calibrators[i].calibrate(components.get(i).score(z, t)));
            }
        }
        return finish(s);
    }

    /**
     * Combined scores (no smoothing, no breakdown) of rows {@code ts} of standardized, time-ordered rows; each
     * component scores them in one call, so a model served in batches (the ONNX LSTM) makes one runtime call.
     */
    public double[] combinedBatch(double[][] z, int[] ts) {
        double[] sum = new double[ts.length];
        for (int i = 0; i < calibrators.length; i++) {
            if (effectiveWeights[i] > 0) {
                double[] raw = components.get(i).scoreBatch(z, ts);
                for (int k = 0; k < ts.length; k++) {
                    sum[k] += term(effectiveWeights[i], calibrators[i].calibrate(raw[k]));
                }
            }
        }
        for (int k = 0; k < ts.length; k++) {
            sum[k] = finish(sum[k]);
        }
        return sum;
    }

    /** Combined scores of every row of raw, time-ordered rows (history before row 0 is not available). */
    public double[] scoreAll(double[][] raw) {
        double[][] z = standardize(raw);
        double[] out = new double[z.length];
        double e = Double.NaN;
        for (int t = 0; t < z.length; t++) {
            double c = combined(z, t);
            e = Double.isNaN(e) ? c : e + smoothing * (c - e);
            out[t] = e;
        }
        return out;
    }

    /** Calibrated score of each component (columns in component order) for every row of raw, time-ordered rows. */
    public double[][] componentScoresAll(double[][] raw) {
        double[][] z = standardize(raw);
        double[][] out = new double[components.size()][];
        for (int i = 0; i < components.size(); i++) {
            double[] s = components.get(i).scoreAll(z);
            for (int t = 0; t < s.length; t++) {
                s[t] = calibrators[i].calibrate(s[t]);
            }
            out[i] = s;
        }
        return out;
    }

    /** Full verdict on row t of standardized, time-ordered rows, without smoothing. */
    public DetectorScore score(double[][] z, int t) {
        return score(z, t, Double.NaN);
    }

    private DetectorScore score(double[][] z, int t, double previousSmoothed) {
        Map<String, Double> comp = new LinkedHashMap<>();
        Map<String, Double> w = new LinkedHashMap<>();
        double s = 0;
        for (int i = 0; i < components.size(); i++) {
            AnomalyComponent c = components.get(i);
            double cal = calibrators[i].calibrate(c.score(z, t));
            comp.put(c.name(), cal);
            w.put(c.name(), effectiveWeights[i]);
            s += effectiveWeights[i] > 0 ? term(effectiveWeights[i], cal) : 0;
        }
        s = finish(s);
        if (!Double.isNaN(previousSmoothed)) {
            s = previousSmoothed + smoothing * (s - previousSmoothed);
        }
        return new DetectorScore(s, threshold, s >= threshold, comp, w, missing, salient(z[t]));
    }

    /** Full verdict on the newest row of a streaming window; updates the window's smoothed score. */
    public DetectorScore score(SnapshotWindow window) {
        DetectorScore s = score(window.rows(), window.size() - 1, window.smoothedScore());
        window.smoothedScore(s.score());
        return s;
    }

    /** Combined, smoothed score of the newest row of a streaming window (no breakdown); updates the window. */
    public double combined(SnapshotWindow window) {
        double c = combined(window.rows(), window.size() - 1);
        double prev = window.smoothedScore();
        double s = Double.isNaN(prev) ? c : prev + smoothing * (c - prev);
        window.smoothedScore(s);
        return s;
    }

    /** A new empty streaming window sized for this detector. */
    public SnapshotWindow newWindow() {
        return newWindow(0);
    }

    /** A new empty streaming window holding {@code extra} more rows than the detector needs (for re-scoring). */
    public SnapshotWindow newWindow(int extra) {
        return new SnapshotWindow(windowLength + extra, standardizer.dimensions());
    }

    private List<DetectorScore.SalientMetric> salient(double[] z) {
        List<DetectorScore.SalientMetric> top = new ArrayList<>(salientCount);
        boolean[] used = new boolean[z.length];
        for (int r = 0; r < Math.min(salientCount, z.length); r++) {
            int best = -1;
            for (int j = 0; j < z.length; j++) {
                if (!used[j] && (best < 0 || Math.abs(z[j]) > Math.abs(z[best]))) {
                    best = j;
                }
            }
            used[best] = true;
            String name = metricNames != null && best < metricNames.length ? metricNames[best] : "dim" + best;
            top.add(new DetectorScore.SalientMetric(name, best, z[best]));
        }
        return top;
    }

    /** Configured components that are not present. */
    public List<String> missingComponents() {
        return missing;
    }

    /** The components, in order. */
    public List<AnomalyComponent> components() {
        return components;
    }

    /** Names of the snapshot's metrics in column order, or null. */
    public String[] metricNames() {
        return metricNames == null ? null : metricNames.clone();
    }

    /** Number of metrics per snapshot the detector was fitted on. */
    public int dimensions() {
        return standardizer.dimensions();
    }

    /** The configured (not renormalized) component weights. */
    public Map<String, Double> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /** The decision threshold. */
    public double threshold() {
        return threshold;
    }
}
