package io.maximus.hcl.models.plan.sim.policy;

/**
 * Provisioning from the demand forecast plus headroom: {@code ceil(need / (capacity * target))} where need is the
 * larger of the forecast peak over the provisioning horizon (the observation's {@code forecast}), the demand just
 * observed, plus the backlog drained over one step. Scale-down is stabilized like the HPA's (largest recommendation in
 * the window), scale-up is immediate. Without a forecast it provisions for the observed demand.
 */
public final class PredictivePolicy implements ScalingPolicy {

    private final double targetUtilization;
    private final int stabilizationSeconds;
    private final double capacityPerReplica;
    private final int stepSeconds;
    private final StabilizationWindow window;

    /** A predictive scaler for replicas of {@code capacityPerReplica} requests/s, deciding every {@code stepSeconds}. */
    public PredictivePolicy(
            double targetUtilization, int stabilizationSeconds, double capacityPerReplica, int stepSeconds) {
        this.targetUtilization = targetUtilization;
        this.stabilizationSeconds = stabilizationSeconds;
        this.window = new StabilizationWindow(stabilizationSeconds);
        this.capacityPerReplica = capacityPerReplica;
        this.stepSeconds = stepSeconds;
    }

    @Override
    public String name() {
        return "predictive";
    }

    @Override
    public Action decide(Observation o) {
        return new Action(replicas(o, targetUtilization), 1.0, o.mode());
    }

    /** The stabilized replica count at a target utilization. */
    public int replicas(Observation o, double target) {
        double need = Math.max(o.demand(), Double.isNaN(o.forecast()) ? 0 : o.forecast()) + o.queue() / stepSeconds;
        int rec = Math.max(1, (int) Math.ceil(need / (capacityPerReplica * target) - 1e-9));
        long now = o.timeSeconds();
        long max = window.record(now, rec);
        return (int) max;
    }

    @Override
    public void reset() {
        window.clear();
    }

    /** The recommendations inside the stabilization window, oldest first: {time seconds, replicas} pairs. */
    public long[][] history() {
        return window.history();
    }

    /** Replaces the recommendations with the pairs {@code times[i], replicas[i]} (from {@link #history()}). */
    public void restore(long[] times, long[] replicas) {
        window.restore(times, replicas);
    }

    /** The target utilization (the headroom). */
    public double targetUtilization() {
        return targetUtilization;
    }

    /** The scale-down stabilization window, seconds. */
    public int stabilizationSeconds() {
        return stabilizationSeconds;
    }
}
