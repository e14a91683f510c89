package io.maximus.hcl.models.plan.sim.policy;

/**
 * Kubernetes' Horizontal Pod Autoscaler algorithm on CPU utilization (autoscaling/v2 defaults).
 *
 * <p>Recommendation: {@code ratio = utilization / target} over the ready pods; within the tolerance
 * ({@code |ratio - 1| <= 0.1}) the recommendation is the current count; otherwise {@code ceil(ready * ratio)}. On a
 * scale-up with pods still starting, those are counted at 0% usage and the ratio is recomputed over all pods; if that
 * falls back within the tolerance nothing changes (as the controller does for unready pods). Behaviour: scale-up
 * without delay (up-stabilization window 0); scale-down stabilized over {@code stabilizationSeconds} (default 300): the
 * result is the current count raised to the recommendation when that is higher, and lowered no further than the
 * largest recommendation inside the window.
 */
public final class HpaPolicy implements ScalingPolicy {

    /** Kubernetes' default tolerance. */
    public static final double TOLERANCE = 0.1;

    private final double targetUtilization;
    private final int stabilizationSeconds;
    private final StabilizationWindow window;

    /** An HPA with this target utilization (0..1) and scale-down stabilization window. */
    public HpaPolicy(double targetUtilization, int stabilizationSeconds) {
        if (targetUtilization <= 0 || targetUtilization > 1 || stabilizationSeconds < 0) {
            throw new IllegalArgumentException("invalid HPA settings");
        }
        this.targetUtilization = targetUtilization;
        this.stabilizationSeconds = stabilizationSeconds;
        this.window = new StabilizationWindow(stabilizationSeconds);
    }

    @Override
    public String name() {
        return "hpa";
    }

    @Override
    public Action decide(Observation o) {
        return new Action(replicas(o, targetUtilization), 1.0, o.mode());
    }

    /** The stabilized replica count for a target utilization (which the fuzzy policy varies per decision). */
    public int replicas(Observation o, double target) {
        int rec = recommend(o, target);
        long now = o.timeSeconds();
        long maxInWindow = window.record(now, rec);
        int result = Math.max(o.currentReplicas(), rec);
        return (int) Math.min(result, maxInWindow);
    }

    /** The raw (unstabilized) recommendation. */
    public static int recommend(Observation o, double target) {
        int current = o.currentReplicas();
        int ready = o.readyReplicas();
        if (ready <= 0) {
            return current;
        }
        double ratio = o.utilization() / target;
        if (Math.abs(ratio - 1) <= TOLERANCE) {
            return current;
        }
        int unready = Math.max(0, current - ready);
        if (ratio > 1 && unready > 0) {
            double all = ratio * ready / (ready + unready);
            if (all <= 1 + TOLERANCE) {
                return current;
            }
            return (int) Math.ceil(all * (ready + unready) - 1e-9);
        }
        return (int) Math.ceil(ratio * ready - 1e-9);
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

    /** The target utilization. */
    public double targetUtilization() {
        return targetUtilization;
    }

    /** The scale-down stabilization window, seconds. */
    public int stabilizationSeconds() {
        return stabilizationSeconds;
    }
}
