package io.maximus.hcl.sinks.safety;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.util.Optional;

/**
 * Which actions wait for a human: drain_node always, a rolling restart of a whole service (Kubernetes
 * {@code restart}; a single container's restart does not), and kill_slow_queries in production.
 */
public final class ApprovalPolicy {

    private final boolean production;

    /** A policy for a production environment or not. */
    public ApprovalPolicy(boolean production) {
        this.production = production;
    }

    /** Whether this policy is for production. */
    public boolean production() {
        return production;
    }

    /** Why the action needs approval, or empty when it may run without. */
    public Optional<String> reason(Action a) {
        if (a.type() == ActionType.DRAIN_NODE) {
            return Optional.of("drain_node of " + a.target() + " needs a human's approval");
        }
        if (a.type() == ActionType.RESTART) {
            return Optional.of("restart of the whole service " + a.target() + " needs a human's approval");
        }
        if (a.type() == ActionType.KILL_SLOW_QUERIES && production) {
            return Optional.of("kill_slow_queries in production needs a human's approval");
        }
        return Optional.empty();
    }
}
