package io.maximus.hcl.core;

/** Where an action stands after the execute stage has seen it. */
public enum ActionStatus {
    DRY_RUN,
    EXECUTED,
    FAILED,
    AWAITING_APPROVAL,
    DENIED,
    REVERTED
}
