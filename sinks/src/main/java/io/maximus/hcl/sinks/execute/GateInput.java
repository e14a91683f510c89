package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionPlan;

/**
 * What the safety gate reads: a new plan, or an approval answer (exactly one of the two is set).
 *
 * @param plan a plan from the plan stage, or null
 * @param answer an approval answer, or null
 */
public record GateInput(ActionPlan plan, ApprovalAnswer answer) {

    /** A plan. */
    public static GateInput of(ActionPlan plan) {
        return new GateInput(plan, null);
    }

    /** An approval answer. */
    public static GateInput of(ApprovalAnswer answer) {
        return new GateInput(null, answer);
    }

    /** The scope key it is keyed by. */
    public String key() {
        return plan != null ? plan.scope().key() : answer.scopeKey();
    }
}
