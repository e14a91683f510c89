package io.maximus.hcl.core;

import java.util.List;
import java.util.Map;

/**
 * What the plan stage wants done about one scope, and why.
 *
 * @param scope the service (and host) the plan is about
 * @param eventTime event time of the evidence that completed the pattern, epoch milliseconds
 * @param rule the id of the rule or policy that produced the plan
 * @param trigger why, in words a human can check against the data
 * @param mode the operational mode in force for the scope
 * @param actions what to do, in order
 * @param priority higher is more urgent
 * @param needsApproval whether a human must approve before anything runs
 * @param idempotencyKey derived from the inputs that caused the plan; the same inputs give the same key
 * @param stateBefore the metrics the decision was taken on
 */
public record ActionPlan(
        Scope scope,
        long eventTime,
        String rule,
        String trigger,
        OperationalMode mode,
        List<Action> actions,
        int priority,
        boolean needsApproval,
        String idempotencyKey,
        Map<String, Double> stateBefore) {

    public ActionPlan {
        actions = List.copyOf(actions);
        stateBefore = stateBefore == null ? Map.of() : Map.copyOf(stateBefore);
    }
}
