package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.Scope;
import java.util.Map;

/**
 * An executed, revertible action the rollback watcher keeps an eye on.
 *
 * @param decisionId its decision
 * @param idempotencyKey its key
 * @param scope its scope (the watcher is keyed by the service)
 * @param rule the rule that planned it
 * @param actionTime event time it took effect, epoch milliseconds
 * @param stateBefore the scope's metrics before it (the decision's state_before)
 * @param execution the {@link io.maximus.hcl.sinks.actuate.Execution} as JSON (what a revert needs)
 * @param executedAt processing time it finished, epoch milliseconds
 * @param attempts how often the watcher found no telemetry after it yet
 * @param decisionTime event time of its decision (the decision row's timestamp), epoch milliseconds; 0 in watches
 *                     kept by an older version (then {@code actionTime} stands in)
 */
public record RollbackWatch(
        String decisionId,
        String idempotencyKey,
        Scope scope,
        String rule,
        long actionTime,
        Map<String, Double> stateBefore,
        String execution,
        long executedAt,
        int attempts,
        long decisionTime) {

    public RollbackWatch {
        stateBefore = stateBefore == null ? Map.of() : Map.copyOf(stateBefore);
    }

    /** The same watch with one more attempt. */
    public RollbackWatch retried() {
        return new RollbackWatch(
                decisionId,
                idempotencyKey,
                scope,
                rule,
                actionTime,
                stateBefore,
                execution,
                executedAt,
                attempts + 1,
                decisionTime);
    }
}
