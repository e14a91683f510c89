package io.maximus.hcl.models.plan.sim;

import java.util.Arrays;

/**
 * The predictive policy's forecaster: seasonal-naive with a level correction. The value at a future step is the
 * observed demand one day earlier (mean of 5 steps around it), times the ratio of the last hour's mean to the same
 * hour one day earlier (clipped to 0.5..2). The forecast handed to policies is the peak over the provisioning horizon
 * (start-up delay plus one step). Chosen over the job's SARIMA forecaster ({@code models.forecast}) because that one
 * is built around Flink keyed state and hourly refits; this is its simplest seasonal baseline. Before a day of history
 * there is no forecast (NaN).
 */
public final class SeasonalNaiveForecaster {

    private final int period;
    private final int horizon;
    private final int levelWindow;
    private double[] history;
    private int size;

    /** A forecaster with a period (steps per day) and a horizon (steps), primed with {@code prior} demand. */
    public SeasonalNaiveForecaster(int period, int horizon, int levelWindow, double[] prior) {
        this.period = period;
        this.horizon = horizon;
        this.levelWindow = levelWindow;
        this.history = Arrays.copyOf(prior, Math.max(16, prior.length * 2));
        this.size = prior.length;
    }

    /** Appends the demand observed in the step just simulated. */
    public void add(double demand) {
        if (size == history.length) {
            history = Arrays.copyOf(history, size * 2);
        }
        history[size++] = demand;
    }

    /** The forecast for step {@code size + k} (k = 0 is the next step); NaN without a day of history. */
    public double at(int k) {
        int lag = size + k - period;
        if (lag < 2 || size < period + levelWindow) {
            return Double.NaN;
        }
        return Math.max(0, smoothed(lag) * level());
    }

    /** The peak forecast over the next {@code horizon} steps; NaN without history. */
    public double peak() {
        double peak = Double.NaN;
        for (int k = 0; k <= horizon; k++) {
            double f = at(k);
            if (!Double.isNaN(f)) {
                peak = Double.isNaN(peak) ? f : Math.max(peak, f);
            }
        }
        return peak;
    }

    /** Anomaly score 0..1 of the latest demand against its forecast: 0 within 20% relative error, 1 at 100%. */
    public double anomaly(double demand, double forecast) {
        if (Double.isNaN(forecast) || forecast <= 0) {
            return 0;
        }
        double e = Math.abs(demand - forecast) / forecast;
        return Math.max(0, Math.min(1, (e - 0.2) / 0.8));
    }

    private double smoothed(int index) {
        double sum = 0;
        int n = 0;
        for (int i = index - 2; i <= index + 2 && i < size; i++) {
            sum += history[i];
            n++;
        }
        return sum / n;
    }

    private double level() {
        double now = mean(size - levelWindow, size);
        double before = mean(size - levelWindow - period, size - period);
        if (before <= 1e-9) {
            return 1.0;
        }
        return Math.max(0.5, Math.min(2.0, now / before));
    }

    private double mean(int from, int to) {
        double sum = 0;
        for (int i = Math.max(0, from); i < to; i++) {
            sum += history[i];
        }
        return sum / Math.max(1, to - Math.max(0, from));
    }
}
