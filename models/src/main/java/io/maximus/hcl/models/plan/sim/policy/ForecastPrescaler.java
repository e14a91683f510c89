package io.maximus.hcl.models.plan.sim.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Pre-scaling from the demand forecast, only while the forecast has lately been good: {@code ceil(forecast peak /
 * (capacity * target))} replicas when the forecast's own backtest error is at most {@code maxError}, else nothing (0).
 *
 * <p>The backtest is online and uses only the past: each forecast peak (over the provisioning horizon of
 * {@code horizon} steps) is compared, {@code horizon} steps after it was issued, with the largest demand observed
 * since; the relative error |forecast - observed| / observed is averaged over the last {@code errorWindow} such
 * comparisons. Until the first comparison (and whenever the forecast is NaN) the gate is closed. What it asks for is
 * stabilized like the HPA's scale-down (the largest recommendation within {@code stabilizationSeconds}), so a
 * pre-scaled peak is released as slowly as the HPA would release it.
 */
public final class ForecastPrescaler {

    private final double targetUtilization;
    private final double maxError;
    private final int horizon;
    private final int errorWindow;
    private final double capacityPerReplica;
    private final StabilizationWindow window;
    private final Deque<Double> issued = new ArrayDeque<>();
    private final Deque<Double> demands = new ArrayDeque<>();
    private final Deque<Double> errors = new ArrayDeque<>();
    private double errorSum;

    /**
     * A pre-scaler for replicas of {@code capacityPerReplica}.
     *
     * @param targetUtilization utilization the forecast peak is provisioned at, 0..1
     * @param maxError largest mean relative backtest error at which the forecast is used
     * @param horizon steps between a forecast and its check (the forecast's provisioning horizon)
     * @param errorWindow checks averaged
     * @param stabilizationSeconds scale-down stabilization of what it asks for
     * @param capacityPerReplica requests/s of one replica
     */
    public ForecastPrescaler(
            double targetUtilization,
            double maxError,
            int horizon,
            int errorWindow,
            int stabilizationSeconds,
            double capacityPerReplica) {
        if (!(targetUtilization > 0 && targetUtilization <= 1) || horizon < 1 || errorWindow < 1) {
            throw new IllegalArgumentException("invalid pre-scaler settings");
        }
        this.targetUtilization = targetUtilization;
        this.maxError = maxError;
        this.horizon = horizon;
        this.errorWindow = errorWindow;
        this.capacityPerReplica = capacityPerReplica;
        this.window = new StabilizationWindow(stabilizationSeconds);
    }

    /** The replicas the forecast asks for at this decision (0 while the gate is closed), stabilized. */
    public int replicas(Observation o) {
        demands.addLast(o.demand());
        if (demands.size() > horizon) {
            demands.removeFirst();
        }
        if (issued.size() == horizon) {
            double forecast = issued.removeFirst();
            double peak = 0;
            for (double d : demands) {
                peak = Math.max(peak, d);
            }
            double e = Double.isNaN(forecast) ? 1.0 : Math.abs(forecast - peak) / Math.max(1e-9, peak);
            errors.addLast(e);
            errorSum += e;
            if (errors.size() > errorWindow) {
                errorSum -= errors.removeFirst();
            }
        }
        issued.addLast(o.forecast());
        int rec = 0;
        if (open() && !Double.isNaN(o.forecast())) {
            rec = (int) Math.ceil(o.forecast() / (capacityPerReplica * targetUtilization) - 1e-9);
        }
        return (int) window.record(o.timeSeconds(), rec);
    }

    /** Whether the forecast is used now: its mean backtest error is known and at most the bound. */
    public boolean open() {
        return !errors.isEmpty() && backtestError() <= maxError;
    }

    /** The mean relative error of the last checks (NaN before the first). */
    public double backtestError() {
        return errors.isEmpty() ? Double.NaN : errorSum / errors.size();
    }

    /** Forgets the history. */
    public void reset() {
        window.clear();
        issued.clear();
        demands.clear();
        errors.clear();
        errorSum = 0;
    }

    /** The target utilization of the pre-scaled capacity. */
    public double targetUtilization() {
        return targetUtilization;
    }

    /** The largest backtest error at which the forecast is used. */
    public double maxError() {
        return maxError;
    }
}
