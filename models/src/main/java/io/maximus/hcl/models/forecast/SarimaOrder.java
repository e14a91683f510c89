package io.maximus.hcl.models.forecast;

/**
 * Orders of a seasonal ARIMA model (p,d,q)(P,D,Q,s).
 *
 * @param p non-seasonal AR order
 * @param d non-seasonal differencing order
 * @param q non-seasonal MA order
 * @param sp seasonal AR order (P)
 * @param sd seasonal differencing order (D)
 * @param sq seasonal MA order (Q)
 * @param s season length in steps (96 = one day of 15-minute steps)
 */
public record SarimaOrder(int p, int d, int q, int sp, int sd, int sq, int s) {

    /** Validates the orders. */
    public SarimaOrder {
        if (p < 0 || d < 0 || q < 0 || sp < 0 || sd < 0 || sq < 0 || s < 1) {
            throw new IllegalArgumentException("orders must be >= 0 and s >= 1");
        }
        if (s == 1 && (sp > 0 || sd > 0 || sq > 0)) {
            throw new IllegalArgumentException("seasonal terms need s > 1");
        }
    }

    /** The seed's default (1,1,1)(1,1,1,s). */
    public static SarimaOrder seedDefault(int s) {
        return new SarimaOrder(1, 1, 1, 1, 1, 1, s);
    }

    /** Number of ARMA coefficients estimated. */
    public int armaParams() {
        return p + q + sp + sq;
    }

    /** Length of the differencing polynomial, d + D·s. */
    public int diffLength() {
        return d + sd * s;
    }
}
