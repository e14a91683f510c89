package io.maximus.hcl.sinks.safety;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.util.Optional;

/**
 * Which actions wait for a human: drain_node always, a rolling restart of a whole service (Kubernetes
 * {@code restart}; a single container's restart does not, nor a {@code restart} of ONE instance, parameter
 * {@code instance}, of a multi-instance local deployment: its actuator starts the replacement and waits for its health
 * check before the old instance leaves the load balancer, so the service's capacity never drops, and refuses an
 * instance that is not live in the deployment; the Kubernetes actuator refuses the parameter), and kill_slow_queries
 * in production.
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
        if (a.type() == ActionType.RESTART && !oneInstance(a)) {
            return Optional.of("restart of the whole service " + a.target() + " needs a human's approval");
        }
        if (a.type() == ActionType.KILL_SLOW_QUERIES && production) {
            return Optional.of("kill_slow_queries in production needs a human's approval");
        }
        return Optional.empty();
    }

    /** Whether a restart names one instance of its deployment rather than the whole service. */
    static boolean oneInstance(Action a) {
        Object i = a.params().get("instance");
        return i != null && !i.toString().isBlank();
    }
}
