package io.maximus.hcl.models.anomaly.lstm;

import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.ErrorMode;

/**
 * Anomaly scores from a trained LSTM autoencoder: raw rows are standardized, cut into windows, reconstructed by
 * ONNX Runtime in batches; the window's mean squared reconstruction error (whole window or last step, as the
 * artifact was calibrated) is the raw score and its empirical
 * quantile among the training errors the calibrated score in [0, 1]. Not thread-safe.
 */
public final class LstmAnomalyScorer implements AutoCloseable {

    private final OnnxLstmSession session;
    private final ClippedStandardizer standardizer;
    private final ErrorQuantiles calibrator;
    private final String modelVersion;
    private final ErrorMode errorMode;
    private float[] buffer;

    /** A scorer over an open session, with the artifact's standardizer and calibration. */
    public LstmAnomalyScorer(
            OnnxLstmSession session,
            ClippedStandardizer standardizer,
            ErrorQuantiles calibrator,
            String modelVersion,
            ErrorMode errorMode) {
        if (standardizer.dim() != session.inputDim()) {
            throw new IllegalArgumentException(
                    "standardizer has " + standardizer.dim() + " columns, model " + session.inputDim());
        }
        this.session = session;
        this.standardizer = standardizer;
        this.calibrator = calibrator;
        this.modelVersion = modelVersion;
        this.errorMode = errorMode;
    }

    /**
     * The score of one window with its per-metric contributions.
     *
     * @param error mean squared reconstruction error (standardized units) in the scorer's error mode
     * @param score calibrated score in [0, 1]
     * @param metricErrors squared error of each metric, in the same mode (averages to {@code error})
     */
    public record WindowScore(double error, double score, double[] metricErrors) {}

    /** Window length T. */
    public int windowLength() {
        return session.windowLength();
    }

    /** Metrics per time step D. */
    public int inputDim() {
        return session.inputDim();
    }

    /** Version of the model scoring. */
    public String modelVersion() {
        return modelVersion;
    }

    /** The error this scorer reports and calibrates. */
    public ErrorMode errorMode() {
        return errorMode;
    }

    /** Calibrated score in [0, 1] of a raw error. */
    public double calibrate(double error) {
        return calibrator.score(error);
    }

    /** Scores one window of raw rows ({@code T × D}, oldest first), with per-metric contributions. */
    public WindowScore scoreWindow(double[][] rows) {
        int t = windowLength();
        int d = inputDim();
        if (rows.length != t) {
            throw new IllegalArgumentException("window has " + rows.length + " rows, model expects " + t);
        }
        float[] x = standardizer.transformAll(rows);
        float[] r = session.reconstruct(x, 1);
        double[] perMetric = new double[d];
        int from = errorMode == ErrorMode.LAST ? t - 1 : 0;
        int steps = t - from;
        double total = 0;
        for (int i = from * d; i < t * d; i++) {
            double e = r[i] - x[i];
            perMetric[i % d] += e * e / steps;
            total += e * e;
        }
        double error = total / (steps * d);
        return new WindowScore(error, calibrator.score(error), perMetric);
    }

    /**
     * Raw errors of the windows ending at rows {@code ends[i]} of raw, time-ordered rows, in one batched ONNX
     * Runtime call per {@code maxBatch} windows; rows before 0 are taken as row 0 (a short history repeats its
     * first row). The streaming path: the analyze operator scores a key's newest snapshot (and, when attention
     * returns to a key, the few it skipped) this way.
     */
    public double[] errorsEndingAt(double[][] rows, int[] ends) {
        int t = windowLength();
        int d = inputDim();
        int n = ends.length;
        if (buffer == null || buffer.length < n * t * d) {
            buffer = new float[Math.max(n, 1) * t * d];
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < t; k++) {
                int r = Math.max(0, ends[i] - t + 1 + k);
                standardizer.transform(rows[r], buffer, (i * t + k) * d);
            }
        }
        float[] e = session.errors(buffer, n, errorMode);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = e[i];
        }
        return out;
    }

    /** Raw errors of {@code n} standardized windows {@code [n × T × D]}, batched. */
    public float[] windowErrors(float[] standardizedWindows, int n) {
        return session.errors(standardizedWindows, n, errorMode);
    }

    /**
     * A raw error per row of a series: the error of the window ending at that row; the first {@code T − 1} rows,
     * which end no full window, take the first window's error. Windows go to ONNX Runtime in chunks (bounded
     * memory).
     */
    public double[] rowErrors(double[][] rows) {
        return rowErrors(rows, errorMode);
    }

    /** {@link #rowErrors(double[][])} in a given error mode (raw errors; the calibration fits the scorer's mode). */
    public double[] rowErrors(double[][] rows, ErrorMode mode) {
        int t = windowLength();
        int d = inputDim();
        if (rows.length < t) {
            throw new IllegalArgumentException("series of " + rows.length + " rows is shorter than a window");
        }
        float[] series = standardizer.transformAll(rows);
        int n = Windows.count(rows.length, t);
        double[] out = new double[rows.length];
        int chunk = 4096;
        for (int s = 0; s < n; s += chunk) {
            int k = Math.min(chunk, n - s);
            int[] starts = new int[k];
            for (int i = 0; i < k; i++) {
                starts[i] = s + i;
            }
            float[] e = session.errors(Windows.gather(series, d, t, starts), k, mode);
            for (int i = 0; i < k; i++) {
                out[s + i + t - 1] = e[i];
            }
        }
        for (int i = 0; i < t - 1; i++) {
            out[i] = out[t - 1];
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
    }
}
