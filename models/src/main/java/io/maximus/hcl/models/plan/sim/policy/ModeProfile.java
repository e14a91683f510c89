package io.maximus.hcl.models.plan.sim.policy;

import io.maximus.hcl.core.OperationalMode;

/**
 * What an operational mode means concretely (the seed's mode definitions). The simulator models the first two
 * (headroom and CPU limit); the others are the settings an actuator applies with {@code set_mode}.
 *
 * @param mode the mode
 * @param utilizationFactor multiplies a scaler's target utilization: below 1 = more headroom (over-provisioning)
 * @param cpuLimit CPU limit ceiling as a fraction of a replica's CPU (the throttle); never set below what the
 *     forecast demand needs, see {@link #cpuLimitFor}
 * @param redisMaxmemoryPercent Redis {@code maxmemory} as a percent of the cache node's memory
 * @param poolSize database connection pool size
 * @param logLevel log level
 * @param backgroundWork whether background jobs (retraining, cleanup) may run
 */
public record ModeProfile(
        OperationalMode mode,
        double utilizationFactor,
        double cpuLimit,
        int redisMaxmemoryPercent,
        int poolSize,
        String logLevel,
        boolean backgroundWork) {

    /** HIGH_PERFORMANCE: 25% more headroom, no throttle, maxmemory 80%, max pool, ERROR logs, no background work. */
    public static final ModeProfile HIGH_PERFORMANCE =
            new ModeProfile(OperationalMode.HIGH_PERFORMANCE, 0.8, 1.0, 80, 100, "ERROR", false);
    /** BALANCED: the scaler's own target, no throttle, maxmemory 60%, pool 50, WARN logs, no background work. */
    public static final ModeProfile BALANCED =
            new ModeProfile(OperationalMode.BALANCED, 1.0, 1.0, 60, 50, "WARN", false);
    /** ENERGY_EFFICIENT: 5% higher target, CPU throttled to 50%, maxmemory 40%, pool 10, DEBUG, background on. */
    public static final ModeProfile ENERGY_EFFICIENT =
            new ModeProfile(OperationalMode.ENERGY_EFFICIENT, 1.05, 0.5, 40, 10, "DEBUG", true);

    /** The profile of a mode. */
    public static ModeProfile of(OperationalMode mode) {
        return switch (mode) {
            case HIGH_PERFORMANCE -> HIGH_PERFORMANCE;
            case BALANCED -> BALANCED;
            case ENERGY_EFFICIENT -> ENERGY_EFFICIENT;
        };
    }

    /** A scaler's target utilization under this mode, at most 0.95. */
    public double target(double baseTarget) {
        return Math.min(0.95, baseTarget * utilizationFactor);
    }

    /**
     * The CPU limit to set: the mode's throttle, but never below what {@code demand} requests/s need on
     * {@code replicas} replicas of {@code capacity} at 80% of the limit.
     */
    public double cpuLimitFor(double demand, int replicas, double capacity) {
        double needed = replicas > 0 ? demand / (replicas * capacity * 0.8) : 1.0;
        return Math.min(1.0, Math.max(cpuLimit, needed));
    }
}
