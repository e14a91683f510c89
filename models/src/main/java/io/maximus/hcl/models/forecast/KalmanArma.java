package io.maximus.hcl.models.forecast;

/**
 * Kalman filter for a zero-mean ARMA process in Harvey's state-space form with a companion transition matrix:
 * {@code w_t = Z a_t}, {@code a_{t+1} = T a_t + R eps_t}, {@code T = [phi* | I; 0]}, {@code Z = e_1}. Exploits the
 * companion structure (T P T' in O(m²)), starts from the exact stationary covariance and freezes the gain once the
 * covariance has converged. Covariances are in units of sigma², which is concentrated out of the likelihood.
 */
final class KalmanArma {

    private KalmanArma() {}

    /** Outputs of a filter pass besides the likelihood. */
    static final class Result {
        double sigma2;
        double lastF;
        double[] a;
        double[] gain;
    }

    /** Concentrated Gaussian log-likelihood of {@code e}; fills {@code out} (nullable) with the final state. */
    static double logLikelihood(double[] e, double[] phi, double[] r, Result out) {
        int m = phi.length;
        int n = e.length;
        double[] p = stationaryCovariance(phi, r);
        if (p == null) {
            return Double.NEGATIVE_INFINITY;
        }
        double[] pn = new double[m * m];
        double[] a = new double[m];
        double[] p0 = new double[m];
        double[] gain = new double[m];
        double f = 1;
        boolean steady = false;
        double ssq = 0;
        double sumLogF = 0;
        for (int t = 0; t < n; t++) {
            if (!steady) {
                f = p[0];
                if (!(f > 1e-12)) {
                    return Double.NEGATIVE_INFINITY;
                }
                for (int i = 0; i < m; i++) {
                    p0[i] = p[i * m];
                }
                for (int i = 0; i < m; i++) {
                    gain[i] = (phi[i] * p0[0] + (i + 1 < m ? p0[i + 1] : 0)) / f;
                }
                // filtered covariance Pf = P - p0 p0' / f, in place
                for (int i = 0; i < m; i++) {
                    double ci = p0[i] / f;
                    int row = i * m;
                    for (int j = 0; j < m; j++) {
                        p[row + j] -= ci * p0[j];
                    }
                }
                // Pn = T Pf T' + r r'; (T X T')_ij = phi_i phi_j X00 + phi_i X0,j+1 + phi_j Xi+1,0 + Xi+1,j+1
                double x00 = p[0];
                double maxDiff = 0;
                for (int i = 0; i < m; i++) {
                    double phiI = phi[i];
                    double xi10 = i + 1 < m ? p[(i + 1) * m] : 0;
                    for (int j = i; j < m; j++) {
                        double phiJ = phi[j];
                        double v = phiI * phiJ * x00 + r[i] * r[j];
                        if (j + 1 < m) {
                            v += phiI * p[j + 1];
                        }
                        v += phiJ * xi10;
                        if (i + 1 < m && j + 1 < m) {
                            v += p[(i + 1) * m + j + 1];
                        }
                        pn[i * m + j] = v;
                        pn[j * m + i] = v;
                    }
                }
                // convergence check against the previous predicted covariance (p0 holds its first column only), so
                // compare the first column, which drives F and the gain
                for (int i = 0; i < m; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(pn[i * m] - p0[i]));
                }
                double[] tmp = p;
                p = pn;
                pn = tmp;
                if (maxDiff < 1e-10 * Math.max(1, f)) {
                    steady = true;
                }
            }
            double v = e[t] - a[0];
            ssq += v * v / f;
            sumLogF += Math.log(f);
            double a0 = a[0];
            for (int i = 0; i < m - 1; i++) {
                a[i] = phi[i] * a0 + a[i + 1] + gain[i] * v;
            }
            a[m - 1] = phi[m - 1] * a0 + gain[m - 1] * v;
        }
        double sigma2 = ssq / n;
        if (out != null) {
            out.sigma2 = sigma2;
            out.a = a;
            out.gain = gain.clone();
            out.lastF = steady ? f : p[0];
        }
        return -0.5 * (n * Math.log(2 * Math.PI * sigma2) + sumLogF + n);
    }

    /**
     * Stationary covariance P = T P T' + r r' by the doubling algorithm (P_{k+1} = P_k + A_k P_k A_k',
     * A_{k+1} = A_k²), row-major; null if it does not converge (non-stationary T).
     */
    static double[] stationaryCovariance(double[] phi, double[] r) {
        int m = phi.length;
        double[] p = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                p[i * m + j] = r[i] * r[j];
            }
        }
        double[] a = new double[m * m];
        for (int i = 0; i < m; i++) {
            a[i * m] = phi[i];
            if (i + 1 < m) {
                a[i * m + i + 1] = 1;
            }
        }
        double[] ap = new double[m * m];
        double[] tmp = new double[m * m];
        for (int it = 0; it < 60; it++) {
            mul(a, p, ap, m);
            mulTransposed(ap, a, tmp, m); // A P A'
            double maxAdd = 0;
            double maxP = 0;
            for (int i = 0; i < m * m; i++) {
                p[i] += tmp[i];
                maxAdd = Math.max(maxAdd, Math.abs(tmp[i]));
                maxP = Math.max(maxP, Math.abs(p[i]));
            }
            if (!Double.isFinite(maxP) || maxP > 1e12) {
                return null;
            }
            if (maxAdd < 1e-12 * maxP) {
                return p;
            }
            mul(a, a, tmp, m);
            System.arraycopy(tmp, 0, a, 0, m * m);
        }
        return p;
    }

    private static void mul(double[] x, double[] y, double[] out, int m) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                double xik = x[i * m + k];
                if (xik == 0) {
                    continue;
                }
                int yr = k * m;
                int or = i * m;
                for (int j = 0; j < m; j++) {
                    out[or + j] += xik * y[yr + j];
                }
            }
        }
    }

    private static void mulTransposed(double[] x, double[] y, double[] out, int m) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                int xr = i * m;
                int yr = j * m;
                for (int k = 0; k < m; k++) {
                    s += x[xr + k] * y[yr + k];
                }
                out[i * m + j] = s;
            }
        }
    }
}
