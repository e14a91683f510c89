package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.sinks.safety.ApprovalPolicy;
import io.maximus.hcl.sinks.safety.HardLimits;
import io.maximus.hcl.sinks.safety.RateLimiter;
import io.maximus.hcl.sinks.safety.RollbackJudge;
import io.maximus.hcl.sinks.safety.SafetyManager;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the execute stage is configured with; travels with the job graph (no secrets in it).
 *
 * @param globalDryRun the global dry-run switch (true by default: nothing is touched unless configured)
 * @param actuators builds the actuators on the task managers (each has its own dry-run switch too)
 * @param actionLog opens the action log; required when anything may really be executed
 * @param maxReplicas hard limit on replicas
 * @param cpuCapacityCores cores CPU shares are judged against
 * @param memoryCapacityBytes bytes memory shares are judged against
 * @param onViolation clip or refuse a plan outside the hard limits
 * @param production whether kill_slow_queries needs approval too
 * @param criticalInterval at most one critical action per scope per this interval
 * @param coolDown a scaling reversal within this is refused
 * @param timeout longest wait for one plan's actuator calls before the stage reports a timeout
 * @param capacity plans in flight in the async stage at once
 * @param threads threads calling actuators per parallel instance
 * @param executedKeysTtl how long keyed state remembers the idempotency keys it has seen
 * @param approvalTimeout an action waiting for approval longer than this is denied
 * @param rollbackDelay how long (event time) after an action its scope's metrics are compared
 * @param rollbackThreshold relative worsening that reverts it (0.2 = 20%)
 * @param rollbackMetrics the key metrics compared (empty: every metric known before and after)
 */
public record ExecuteConfig(
        boolean globalDryRun,
        ActuatorFactory actuators,
        ActionLogFactory actionLog,
        int maxReplicas,
        double cpuCapacityCores,
        double memoryCapacityBytes,
        HardLimits.OnViolation onViolation,
        boolean production,
        Duration criticalInterval,
        Duration coolDown,
        Duration timeout,
        int capacity,
        int threads,
        Duration executedKeysTtl,
        Duration approvalTimeout,
        Duration rollbackDelay,
        double rollbackThreshold,
        List<String> rollbackMetrics,
        Webhook webhook)
        implements Serializable {

    /**
     * How the approvals webhook is called: each attempt's timeout, the attempts in all, and the pause between them.
     *
     * @param timeout one attempt's timeout
     * @param attempts attempts in all (at least 1)
     * @param backoff pause before each retry
     */
    public record Webhook(Duration timeout, int attempts, Duration backoff) implements Serializable {
        /** Checks the values. */
        public Webhook {
            if (attempts < 1 || timeout.isNegative() || timeout.isZero() || backoff.isNegative()) {
                throw new IllegalArgumentException("webhook: attempts >= 1, timeout > 0, backoff >= 0");
            }
        }

        /** 5 s per attempt, 3 attempts, 500 ms apart. */
        public static Webhook defaults() {
            return new Webhook(Duration.ofSeconds(5), 3, Duration.ofMillis(500));
        }
    }

    /** The default key metrics: the ones that say whether users are worse off. */
    public static final List<String> DEFAULT_ROLLBACK_METRICS = List.of(
            "latency_p99",
            "error_rate",
            "response_time_p95",
            "response_time_p99",
            "request_queue",
            "query_latency",
            "throughput");

    public ExecuteConfig {
        rollbackMetrics = List.copyOf(rollbackMetrics);
        webhook = webhook == null ? Webhook.defaults() : webhook;
    }

    /** Dry run everywhere, no actuators, the seed's limits and timings. */
    public static ExecuteConfig defaults() {
        return new ExecuteConfig(
                true,
                ActuatorFactory.none(),
                null,
                50,
                4.0,
                16.0 * (1L << 30),
                HardLimits.OnViolation.CLIP,
                false,
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                100,
                4,
                Duration.ofDays(7),
                Duration.ofMinutes(15),
                Duration.ofSeconds(60),
                0.20,
                DEFAULT_ROLLBACK_METRICS,
                Webhook.defaults());
    }

    /** This configuration with other actuators, global dry-run switch and action log. */
    public ExecuteConfig withActuators(ActuatorFactory factory, boolean dryRun, ActionLogFactory log) {
        return new ExecuteConfig(
                dryRun,
                factory,
                log,
                maxReplicas,
                cpuCapacityCores,
                memoryCapacityBytes,
                onViolation,
                production,
                criticalInterval,
                coolDown,
                timeout,
                capacity,
                threads,
                executedKeysTtl,
                approvalTimeout,
                rollbackDelay,
                rollbackThreshold,
                rollbackMetrics,
                webhook);
    }

    /** This configuration with another rollback delay, threshold and key metrics. */
    public ExecuteConfig withRollback(Duration delay, double threshold, List<String> metrics) {
        return new ExecuteConfig(
                globalDryRun,
                actuators,
                actionLog,
                maxReplicas,
                cpuCapacityCores,
                memoryCapacityBytes,
                onViolation,
                production,
                criticalInterval,
                coolDown,
                timeout,
                capacity,
                threads,
                executedKeysTtl,
                approvalTimeout,
                delay,
                threshold,
                metrics,
                webhook);
    }

    /** Refuses a configuration that could execute without an action log (no exactly-once protection). */
    public void validate() {
        if (!globalDryRun && actionLog == null) {
            throw new IllegalArgumentException("execute.dry-run=false needs execute.action-log (file:/DIR or a "
                    + "jdbc:postgresql: URL): actions are never executed without exactly-once protection");
        }
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("execute.threads and execute.capacity must be >= 1");
        }
    }

    /** The hard limits of this configuration (also applied after a relative change is resolved). */
    public HardLimits hardLimits() {
        return new HardLimits(maxReplicas, cpuCapacityCores, memoryCapacityBytes, onViolation);
    }

    /** The safety manager of this configuration. */
    public SafetyManager safetyManager() {
        return new SafetyManager(
                hardLimits(), new RateLimiter(criticalInterval, coolDown), new ApprovalPolicy(production));
    }

    /** The rollback judge of this configuration. */
    public RollbackJudge rollbackJudge() {
        return new RollbackJudge(rollbackThreshold, Map.of());
    }
}
