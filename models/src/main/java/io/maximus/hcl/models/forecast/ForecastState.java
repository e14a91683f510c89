package io.maximus.hcl.models.forecast;

import java.io.Serializable;

/**
 * Per-key filter state of a {@link SarimaModel}: a small serializable POJO (public fields, no-arg constructor) for
 * Flink keyed state. Holds the predicted ARMA state vector, the last {@code d + D·s} regression residuals needed to
 * undo the differencing, and the step index of the last observation. Updated by {@link SarimaModel#update}.
 */
public class ForecastState implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Predicted ARMA state for the next step (Harvey form), length m. */
    public double[] a;
    /** Ring buffer of the last d + D·s residuals u = y - x'beta; {@code uHead} is the oldest. */
    public double[] u;
    /** Index of the oldest element of {@link #u}. */
    public int uHead;
    /** Step index (epoch seconds / step) of the last observation. */
    public long lastStep;
    /** Observations filtered since the last refit. */
    public long updates;

    /** For serializers. */
    public ForecastState() {}

    /** A state with the given vectors. */
    public ForecastState(double[] a, double[] u, long lastStep) {
        this.a = a;
        this.u = u;
        this.lastStep = lastStep;
    }

    /** {@code u} at lag k (1 = the most recent), k in 1..u.length. */
    double lag(int k) {
        int n = u.length;
        return u[(uHead + n - k) % n];
    }

    /** Pushes the newest residual, evicting the oldest. */
    void push(double value) {
        if (u.length == 0) {
            return;
        }
        u[uHead] = value;
        uHead = (uHead + 1) % u.length;
    }
}
