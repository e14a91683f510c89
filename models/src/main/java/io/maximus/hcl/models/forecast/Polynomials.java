package io.maximus.hcl.models.forecast;

/** Lag-polynomial helpers for SARIMA (full coefficient arrays, index = power of B). */
final class Polynomials {

    private Polynomials() {}

    static double[] multiply(double[] a, double[] b) {
        double[] c = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0) {
                continue;
            }
            for (int j = 0; j < b.length; j++) {
                c[i + j] += a[i] * b[j];
            }
        }
        return c;
    }

    /** 1 - sum c_i B^(i*step) for AR-type coefficients. */
    static double[] arPoly(double[] coef, int step) {
        double[] p = new double[coef.length * step + 1];
        p[0] = 1;
        for (int i = 0; i < coef.length; i++) {
            p[(i + 1) * step] = -coef[i];
        }
        return p;
    }

    /** 1 + sum c_i B^(i*step) for MA-type coefficients. */
    static double[] maPoly(double[] coef, int step) {
        double[] p = new double[coef.length * step + 1];
        p[0] = 1;
        for (int i = 0; i < coef.length; i++) {
            p[(i + 1) * step] = coef[i];
        }
        return p;
    }

    /** (1-B)^d (1-B^s)^D. */
    static double[] differencing(int d, int sd, int s) {
        double[] p = {1};
        for (int i = 0; i < d; i++) {
            p = multiply(p, new double[] {1, -1});
        }
        for (int i = 0; i < sd; i++) {
            double[] q = new double[s + 1];
            q[0] = 1;
            q[s] = -1;
            p = multiply(p, q);
        }
        return p;
    }

    /**
     * Maps unconstrained values to the coefficients of a stationary AR polynomial 1 - sum phi_i B^i through partial
     * autocorrelations r = tanh(x) and the Durbin-Levinson recursion (Monahan 1984; Jones 1980).
     */
    static double[] stationaryFromUnconstrained(double[] x) {
        int p = x.length;
        double[] phi = new double[p];
        double[] tmp = new double[p];
        for (int k = 0; k < p; k++) {
            double r = Math.tanh(x[k]);
            for (int j = 0; j < k; j++) {
                tmp[j] = phi[j] - r * phi[k - 1 - j];
            }
            System.arraycopy(tmp, 0, phi, 0, k);
            phi[k] = r;
        }
        return phi;
    }

    /** Inverse of {@link #stationaryFromUnconstrained} (for warm starts), clamped inside the bounds. */
    static double[] unconstrainedFromStationary(double[] phi, double bound) {
        int p = phi.length;
        double[] x = new double[p];
        double[] cur = phi.clone();
        for (int k = p - 1; k >= 0; k--) {
            double r = Math.max(-0.999, Math.min(0.999, cur[k]));
            x[k] = Math.max(-bound, Math.min(bound, 0.5 * Math.log((1 + r) / (1 - r))));
            double[] prev = new double[k];
            double den = 1 - r * r;
            for (int j = 0; j < k; j++) {
                prev[j] = (cur[j] + r * cur[k - 1 - j]) / den;
            }
            cur = prev;
        }
        return x;
    }
}
