package io.maximus.hcl.sinks.execute;

/**
 * The rollback watcher's verdict that an action hurt: revert it.
 *
 * @param watch the watched action
 * @param reason why, in words (the metric, before, after, the change)
 * @param stateAfter the scope's key metrics after the action
 * @param firedAt processing time the watcher decided, epoch milliseconds
 */
public record RevertRequest(
        RollbackWatch watch, String reason, java.util.Map<String, Double> stateAfter, long firedAt) {}
