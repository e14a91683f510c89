package io.maximus.hcl.models.anomaly;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * PCA reconstruction error (squared prediction error, SPE) of the standardized snapshot, or of a window of
 * {@code lags} consecutive snapshots concatenated: the principal subspace explaining {@code varianceKept} of the
 * training variance is learned, and a row scores by how far it lies off it. With a window the subspace also holds how
 * each metric moves with the others over a few rows, so a broken relation shows even while every value stays in its
 * training range. Uses commons-math3 for the eigen decomposition; the projection itself is a few dot products.
 * Serialized models written before windows existed (no {@code lags} field) read back as one-row windows.
 */
public final class PcaResidualComponent implements AnomalyComponent {

    private static final long serialVersionUID = 1L;

    /** Component name used in weights and score breakdowns. */
    public static final String NAME = "pca_residual";

    private final double varianceKept;
    private final int lags; // 0 in models serialized before windows existed: read as 1
    private double[] mean;
    private double[][] basis; // k x d, orthonormal rows
    private transient double[] residual;
    private transient double[] window;

    /** A component keeping the principal components that explain {@code varianceKept} (e.g. 0.95) of the variance. */
    public PcaResidualComponent(double varianceKept) {
        this(varianceKept, 1);
    }

    /**
     * A component on windows of {@code lags} rows (1 = the snapshot alone) keeping the principal components that
     * explain {@code varianceKept} of the windows' variance.
     */
    public PcaResidualComponent(double varianceKept, int lags) {
        if (lags < 1) {
            throw new IllegalArgumentException("lags must be >= 1");
        }
        this.varianceKept = varianceKept;
        this.lags = lags;
    }

    /** Rows per window (1 = snapshot only). */
    public int lags() {
        return Math.max(lags, 1);
    }

    /** Share of the training variance the kept components explain (the setting). */
    public double varianceKept() {
        return varianceKept;
    }

    /** The window ending at row t (rows before 0 repeat row 0), oldest lag last; the row itself when lags is 1. */
    private double[] windowAt(double[][] rows, int t) {
        int l = lags();
        if (l == 1) {
            return rows[t];
        }
        int d = rows[t].length;
        if (window == null || window.length != d * l) {
            window = new double[d * l];
        }
        for (int i = 0; i < l; i++) {
            System.arraycopy(rows[Math.max(t - i, 0)], 0, window, i * d, d);
        }
        return window;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int windowLength() {
        return lags();
    }

    @Override
    public void fit(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length * lags();
        mean = new double[d];
        for (int t = 0; t < n; t++) {
            double[] r = windowAt(rows, t);
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (int t = 0; t < n; t++) {
            double[] r = windowAt(rows, t);
            for (int j = 0; j < d; j++) {
                c[j] = r[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = c[a];
                if (ca == 0) {
                    continue;
                }
                for (int b = a; b < d; b++) {
                    cov[a][b] += ca * c[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= Math.max(n - 1, 1);
                cov[b][a] = cov[a][b];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        double total = 0;
        for (int j = 0; j < d; j++) {
            order[j] = j;
            total += Math.max(values[j], 0);
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        int k = 0;
        double acc = 0;
        while (k < d && (total <= 0 || acc / total < varianceKept)) {
            acc += Math.max(values[order[k]], 0);
            k++;
        }
        RealMatrix vectors = eig.getV();
        basis = new double[k][];
        for (int i = 0; i < k; i++) {
            basis[i] = vectors.getColumn(order[i]);
        }
    }

    /** Number of principal components kept. */
    public int componentsKept() {
        return basis.length;
    }

    private double[] residual(double[] x) {
        int d = x.length;
        if (residual == null || residual.length != d) {
            residual = new double[d];
        }
        for (int j = 0; j < d; j++) {
            residual[j] = x[j] - mean[j];
        }
        for (double[] v : basis) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += v[j] * (x[j] - mean[j]);
            }
            for (int j = 0; j < d; j++) {
                residual[j] -= dot * v[j];
            }
        }
        return residual;
    }

    @Override
    public double score(double[][] rows, int t) {
        double[] r = residual(windowAt(rows, t));
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return s;
    }

    @Override
    public double[] attribution(double[][] rows, int t) {
        double[] r = residual(windowAt(rows, t));
        int d = rows[t].length;
        double[] out = new double[d];
        for (int j = 0; j < r.length; j++) {
            out[j % d] += r[j] * r[j];
        }
        return out;
    }
}
