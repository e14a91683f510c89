package io.maximus.hcl.models.forecast;

/**
 * Kalman filter for a zero-mean ARMA process in Harvey's state-space form with a companion transition matrix:
 * {@code w_t = Z a_t}, {@code a_{t+1} = T a_t + R eps_t}, {@code T = [phi* | I; 0]}, {@code Z = e_1}. Exploits the
 * companion structure, starts from the exact stationary covariance and freezes the gain once the covariance has
 * converged; {@link #logLikelihood} updates the gain by the Chandrasekhar recursions in O(m) per observation. Covariances are in units of sigma², which is concentrated out of the likelihood.
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

    /**
     * Concentrated Gaussian log-likelihood of {@code e}; fills {@code out} (nullable) with the final state. The same
     * quantity as {@link #logLikelihoodDense} (the classic covariance recursion), computed by the Chandrasekhar
     * recursions (Morf, Sidhu and Kailath 1974; Herbst 2015): for a time-invariant model started at its stationary
     * covariance the change {@code P_{t+1} - P_t} has rank one, {@code W_t M_t W_t'}, so the innovation variance and
     * the gain are updated in O(m) per observation (the companion {@code T} times a vector is O(m)) instead of the
     * O(m²) covariance update. Only the first column of the stationary covariance is needed to start them, and it
     * follows from the ARMA autocovariances (a linear system of the AR order) in place of the O(m³) doubling.
     */
    static double logLikelihood(double[] e, double[] phi, double[] r, Result out) {
        int m = phi.length;
        int n = e.length;
        double[] k = stationaryFirstColumnTimesT(phi, r);
        if (k == null) {
            return Double.NEGATIVE_INFINITY;
        }
        double f = k[m]; // Pi_00, the first innovation variance
        k = java.util.Arrays.copyOf(k, m); // K_1 = T Pi e_1
        if (!(f > 1e-12)) {
            return Double.NEGATIVE_INFINITY;
        }
        double[] w = k.clone(); // W_1 = K_1, M_1 = -1 / F_1
        double mm = -1 / f;
        double[] a = new double[m];
        double[] gain = new double[m];
        double fNext = f;
        boolean steady = false;
        double ssq = 0;
        double sumLogF = 0;
        for (int t = 0; t < n; t++) {
            if (!steady) {
                f = fNext;
                if (!(f > 1e-12)) {
                    return Double.NEGATIVE_INFINITY;
                }
                for (int i = 0; i < m; i++) {
                    gain[i] = k[i] / f;
                }
                // dP_t e_1 = W M w_0: the change of the covariance's first column, as the dense filter checks it
                double w0 = w[0];
                double mw0 = mm * w0;
                double maxW = 0;
                for (int i = 0; i < m; i++) {
                    maxW = Math.max(maxW, Math.abs(w[i]));
                }
                fNext = f + mw0 * w0;
                // T W (companion), K_{t+1} = K_t + T W M w_0, W_{t+1} = (T - K_{t+1} Z / F_{t+1}) W_t
                double c = w0 / fNext;
                for (int i = 0; i < m; i++) {
                    double tw = phi[i] * w0 + (i + 1 < m ? w[i + 1] : 0);
                    double kn = k[i] + mw0 * tw;
                    k[i] = kn;
                    w[i] = tw - kn * c;
                }
                mm = mm + mw0 * mw0 / f;
                if (Math.abs(mw0) * maxW < 1e-10 * Math.max(1, f)) {
                    steady = true;
                }
            }
            double v = e[t] - a[0];
            ssq += v * v / f;
            sumLogF += Math.log(f);
            advance(a, phi, gain, v);
        }
        double sigma2 = ssq / n;
        if (out != null) {
            out.sigma2 = sigma2;
            out.a = a;
            out.gain = gain.clone();
            out.lastF = steady ? f : fNext;
        }
        return -0.5 * (n * Math.log(2 * Math.PI * sigma2) + sumLogF + n);
    }

    /**
     * {@code T Pi e_1} (m values) followed by {@code Pi_00}, Pi being the stationary covariance of the state (unit
     * noise variance); null when the AR part is not stationary. In Harvey's form the state is
     * {@code a_{t,i} = sum_{j>=i} phi_j w_{t+i-1-j} + r_j eps_{t+i-j}} (1-based), so its covariance with
     * {@code w_t} needs only the autocovariances gamma(0..m) of w and its psi weights.
     */
    static double[] stationaryFirstColumnTimesT(double[] phi, double[] r) {
        int m = phi.length;
        int p = 0;
        for (int j = 0; j < m; j++) {
            if (phi[j] != 0) {
                p = j + 1;
            }
        }
        int q = 0;
        for (int j = 0; j < m; j++) {
            if (r[j] != 0) {
                q = j;
            }
        }
        int[] nzPhi = nonZero(phi);
        // psi weights of theta(B) / phi(B): psi_k = theta_k + sum_j phi_j psi_{k-j}
        double[] psi = new double[m + 1];
        for (int kk = 0; kk <= m; kk++) {
            double v = kk < m ? r[kk] : 0;
            for (int j1 : nzPhi) {
                int lag = j1 + 1;
                if (lag > kk) {
                    break;
                }
                v += phi[j1] * psi[kk - lag];
            }
            psi[kk] = v;
        }
        // c_h = sum_{j=h}^{q} theta_j psi_{j-h}
        double[] c = new double[m + 2];
        for (int h = 0; h <= q; h++) {
            double s = 0;
            for (int j = h; j <= q; j++) {
                s += r[j] * psi[j - h];
            }
            c[h] = s;
        }
        double[] gamma = new double[m + 2];
        // gamma(h) - sum_j phi_j gamma(|h-j|) = c_h for h = 0..p
        int size = p + 1;
        double[] mat = new double[size * size];
        double[] rhs = new double[size];
        for (int h = 0; h < size; h++) {
            mat[h * size + h] += 1;
            for (int j1 : nzPhi) {
                int kk = Math.abs(h - (j1 + 1));
                mat[h * size + kk] -= phi[j1];
            }
            rhs[h] = c[h];
        }
        if (!solve(mat, rhs, size)) {
            return null;
        }
        System.arraycopy(rhs, 0, gamma, 0, size);
        for (int h = size; h <= m + 1; h++) {
            double s = c[h];
            for (int j1 : nzPhi) {
                s += phi[j1] * gamma[h - j1 - 1];
            }
            gamma[h] = s;
        }
        if (!(gamma[0] > 0) || !Double.isFinite(gamma[0]) || gamma[0] > 1e12) {
            return null;
        }
        // Pi[i][0] (0-based i) = sum_{j=i}^{m-1} phi_j gamma(j+1-i) + r_j psi_{j-i}
        double[] col = new double[m + 1];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j1 : nzPhi) {
                if (j1 >= i) {
                    s += phi[j1] * gamma[j1 + 1 - i];
                }
            }
            for (int j = i; j <= q; j++) {
                s += r[j] * psi[j - i];
            }
            col[i] = s;
        }
        // T Pi e_1: (T x)_i = phi_i x_0 + x_{i+1}
        double[] out = new double[m + 1];
        for (int i = 0; i < m; i++) {
            out[i] = phi[i] * col[0] + (i + 1 < m ? col[i + 1] : 0);
        }
        out[m] = col[0];
        return out;
    }

    private static int[] nonZero(double[] v) {
        int n = 0;
        for (double x : v) {
            if (x != 0) {
                n++;
            }
        }
        int[] idx = new int[n];
        int o = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                idx[o++] = i;
            }
        }
        return idx;
    }

    /** Solves {@code a x = b} in place (b becomes x) by Gaussian elimination with partial pivoting. */
    private static boolean solve(double[] a, double[] b, int n) {
        for (int col = 0; col < n; col++) {
            int piv = col;
            double best = Math.abs(a[col * n + col]);
            for (int row = col + 1; row < n; row++) {
                double v = Math.abs(a[row * n + col]);
                if (v > best) {
                    best = v;
                    piv = row;
                }
            }
            if (!(best > 1e-14)) {
                return false;
            }
            if (piv != col) {
                for (int j = 0; j < n; j++) {
                    double tmp = a[col * n + j];
                    a[col * n + j] = a[piv * n + j];
                    a[piv * n + j] = tmp;
                }
                double tmp = b[col];
                b[col] = b[piv];
                b[piv] = tmp;
            }
            double d = a[col * n + col];
            for (int row = col + 1; row < n; row++) {
                double f = a[row * n + col] / d;
                if (f == 0) {
                    continue;
                }
                for (int j = col; j < n; j++) {
                    a[row * n + j] -= f * a[col * n + j];
                }
                b[row] -= f * b[col];
            }
        }
        for (int row = n - 1; row >= 0; row--) {
            double s = b[row];
            for (int j = row + 1; j < n; j++) {
                s -= a[row * n + j] * b[j];
            }
            b[row] = s / a[row * n + row];
        }
        return true;
    }

    /**
     * The same likelihood by the classic covariance recursion (O(m²) per observation until the gain converges, O(m³)
     * start): the reference the fast filter is tested and benchmarked against.
     */
    static double logLikelihoodDense(double[] e, double[] phi, double[] r, Result out) {
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
            advance(a, phi, gain, v);
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

    /** The state's step in both filters: a = T a + K v, with T the companion matrix of {@code phi}. */
    private static void advance(double[] a, double[] phi, double[] gain, double v) {
        int m = a.length;
        double a0 = a[0];
        for (int i = 0; i < m - 1; i++) {
            a[i] = phi[i] * a0 + a[i + 1] + gain[i] * v;
        }
        a[m - 1] = phi[m - 1] * a0 + gain[m - 1] * v;
    }
}
