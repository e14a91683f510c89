package io.maximus.hcl.models.plan.sac;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.models.plan.sim.policy.Action;
import io.maximus.hcl.models.plan.sim.policy.Observation;

/**
 * The SAC agent's view of an observation and the meaning of its action; scale-free, so one agent serves any service
 * (in the simulator a replica serves {@code capacityPerReplica} requests/s; in the job demand is in replica-CPUs and a
 * replica's capacity is 1).
 *
 * <p>Observation (9 values): utilization; demand and forecast peak on the allocated capacity; the backlog in seconds
 * of allocated capacity (log1p); p99 over the SLO; anomaly score; failure risk; mode (-1 energy efficient, 0
 * balanced, 1 high performance); ready over allocated replicas. Action (2 values in [-1, 1], tanh-squashed):
 * {@code a0} is the target utilization {@code 0.45 .. 0.95} the replica count provisions for (replicas =
 * ceil(need / (capacity x target)), need = max(demand, forecast) + backlog drained over one step), {@code a1} the CPU
 * limit {@code 0.55 .. 1.0}.
 */
public final class SacFeatures {

    /** Names of the observation features, in order (recorded in the artifact's manifest). */
    public static final String[] NAMES = {
        "utilization",
        "load_ratio",
        "forecast_ratio",
        "queue_seconds_log1p",
        "p99_over_slo",
        "anomaly",
        "failure_risk",
        "mode",
        "ready_ratio"
    };
    /** Observation size. */
    public static final int OBS = NAMES.length;
    /** Action size. */
    public static final int ACT = 2;
    /** Lowest and highest target utilization of {@code a0}. */
    public static final double MIN_TARGET = 0.45;
    /** Highest target utilization. */
    public static final double MAX_TARGET = 0.95;
    /** Lowest CPU limit of {@code a1}. */
    public static final double MIN_CPU = 0.55;

    private SacFeatures() {}

    /** The features of {@code o} for replicas of {@code capacity} requests/s, an SLO and a step. */
    public static float[] of(Observation o, double capacity, double sloP99Ms, int stepSeconds) {
        double allocated = Math.max(1, o.currentReplicas()) * capacity;
        double forecast = Double.isNaN(o.forecast()) ? o.demand() : o.forecast();
        return new float[] {
            (float) clamp(o.utilization(), 0, 1.5),
            (float) clamp(o.demand() / allocated, 0, 3),
            (float) clamp(forecast / allocated, 0, 3),
            (float) clamp(Math.log1p(Math.max(0, o.queue()) / allocated), 0, 5),
            (float) clamp(o.p99Ms() / sloP99Ms, 0, 5),
            (float) clamp(o.anomaly(), 0, 1),
            (float) clamp(o.failureRisk(), 0, 1),
            switch (o.mode()) {
                case HIGH_PERFORMANCE -> 1f;
                case BALANCED -> 0f;
                case ENERGY_EFFICIENT -> -1f;
            },
            (float) (o.currentReplicas() > 0 ? clamp((double) o.readyReplicas() / o.currentReplicas(), 0, 1) : 1)
        };
    }

    /** Target utilization of an action value in [-1, 1]. */
    public static double target(double a0) {
        return MIN_TARGET + (MAX_TARGET - MIN_TARGET) * (clamp(a0, -1, 1) + 1) / 2;
    }

    /** CPU limit of an action value in [-1, 1]. */
    public static double cpuLimit(double a1) {
        return MIN_CPU + (1 - MIN_CPU) * (clamp(a1, -1, 1) + 1) / 2;
    }

    /** The action {@code a} means for {@code o}, in mode {@code mode}. */
    public static Action action(float[] a, Observation o, double capacity, int stepSeconds, OperationalMode mode) {
        double forecast = Double.isNaN(o.forecast()) ? 0 : o.forecast();
        double need = Math.max(o.demand(), forecast) + Math.max(0, o.queue()) / stepSeconds;
        int replicas = Math.max(1, (int) Math.ceil(need / (capacity * target(a[0])) - 1e-9));
        return new Action(replicas, cpuLimit(a[1]), mode);
    }

    private static double clamp(double x, double lo, double hi) {
        return Double.isNaN(x) ? lo : Math.max(lo, Math.min(hi, x));
    }
}
