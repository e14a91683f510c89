package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionStatus;
import java.util.Optional;

/**
 * An action the rollback watcher reverted, as the safety gate remembers it: which rule's action of which type on
 * which scope, and when (the rolled-back action's event time). Read back from the action events topic.
 *
 * @param scopeKey the scope key the gate is keyed by
 * @param rule the rule that planned the action
 * @param type the action type's wire name
 * @param actionTime the rolled-back action's event time, epoch ms
 */
public record RolledBack(String scopeKey, String rule, String type, long actionTime) {

    /** The rollback an action event reports: a successful revert (REVERTED), else empty. */
    public static Optional<RolledBack> of(ActionEvent e) {
        if (e == null
                || e.result() == null
                || e.result().status() != ActionStatus.REVERTED
                || e.scope() == null
                || e.rule() == null
                || e.result().action() == null) {
            return Optional.empty();
        }
        return Optional.of(new RolledBack(
                e.scope().key(), e.rule(), e.result().action().type().wireName(), e.eventTime()));
    }

    /** The key the gate remembers it by within its scope: rule and action type. */
    public String ruleAndType() {
        return ruleAndType(rule, type);
    }

    /** The key of a rule's action type within a scope. */
    public static String ruleAndType(String rule, String type) {
        return rule + "|" + type;
    }
}
