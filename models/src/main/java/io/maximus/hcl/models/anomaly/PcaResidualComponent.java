package io.maximus.hcl.models.anomaly;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * PCA reconstruction error (squared prediction error, SPE) of the standardized snapshot: the principal subspace
 * explaining {@code varianceKept} of the training variance is learned, and a row scores by how far it lies off it.
 * Uses commons-math3 for the eigen decomposition; the projection itself is a few dot products.
 */
public final class PcaResidualComponent implements AnomalyComponent {

    private static final long serialVersionUID = 1L;

    /** Component name used in weights and score breakdowns. */
    public static final String NAME = "pca_residual";

    private final double varianceKept;
    private double[] mean;
    private double[][] basis; // k x d, orthonormal rows
    private transient double[] residual;

    /** A component keeping the principal components that explain {@code varianceKept} (e.g. 0.95) of the variance. */
    public PcaResidualComponent(double varianceKept) {
        this.varianceKept = varianceKept;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int windowLength() {
        return 1;
    }

    @Override
    public void fit(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (double[] r : rows) {
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
        double[] r = residual(rows[t]);
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return s;
    }

    @Override
    public double[] attribution(double[][] rows, int t) {
        double[] r = residual(rows[t]);
        double[] out = new double[r.length];
        for (int j = 0; j < r.length; j++) {
            out[j] = r[j] * r[j];
        }
        return out;
    }
}
