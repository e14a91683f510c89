package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionPlan;

/**
 * What the safety gate reads: a new plan, an approval answer, or a rollback of an earlier action read back from the
 * action events (exactly one of the three is set).
 *
 * @param plan a plan from the plan stage, or null
 * @param answer an approval answer, or null
 * @param rolledBack an action the rollback watcher reverted, or null
 */
public record GateInput(ActionPlan plan, ApprovalAnswer answer, RolledBack rolledBack) {

    /** A plan or an answer. */
    public GateInput(ActionPlan plan, ApprovalAnswer answer) {
        this(plan, answer, null);
    }

    /** A plan. */
    public static GateInput of(ActionPlan plan) {
        return new GateInput(plan, null, null);
    }

    /** An approval answer. */
    public static GateInput of(ApprovalAnswer answer) {
        return new GateInput(null, answer, null);
    }

    /** A rollback. */
    public static GateInput of(RolledBack rolledBack) {
        return new GateInput(null, null, rolledBack);
    }

    /** The scope key it is keyed by. */
    public String key() {
        return plan != null ? plan.scope().key() : answer != null ? answer.scopeKey() : rolledBack.scopeKey();
    }
}
