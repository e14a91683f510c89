package io.maximus.hcl.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The one vocabulary of actions every stage of HCL plans, executes and records. */
public enum ActionType {
    /** Kubernetes: change a deployment's replica count. */
    SCALE_DEPLOYMENT(Impact.NORMAL),
    /** Kubernetes: change an HPA's min/max replicas. */
    ADJUST_HPA(Impact.NORMAL),
    /** Kubernetes: change a deployment's resource requests/limits. */
    UPDATE_RESOURCES(Impact.NORMAL),
    /** Kubernetes: rolling restart of a deployment. */
    RESTART(Impact.CRITICAL),
    /** Kubernetes: cordon and drain a node. */
    DRAIN_NODE(Impact.HIGH),
    /** Docker: restart one container. */
    RESTART_CONTAINER(Impact.CRITICAL),
    /** Docker: change one container's CPU/memory limits. */
    UPDATE_CONTAINER_RESOURCES(Impact.NORMAL),
    /** pgbouncer: resize a connection pool. */
    RESIZE_POOL(Impact.NORMAL),
    /** PostgreSQL: terminate queries running longer than a threshold. */
    KILL_SLOW_QUERIES(Impact.HIGH),
    /** PostgreSQL: VACUUM ANALYZE a table. */
    VACUUM(Impact.NORMAL),
    /** Redis: delete keys matching a pattern (SCAN, never KEYS). */
    FLUSH_CACHE(Impact.CRITICAL),
    /** Redis: pre-populate keys. */
    WARM_CACHE(Impact.NORMAL),
    /** nginx: change upstream weights. */
    SHIFT_TRAFFIC(Impact.CRITICAL),
    /** nginx: mark an upstream server down or bring it back. */
    CIRCUIT_BREAKER(Impact.CRITICAL),
    /** Switch a scope's operational mode. */
    SET_MODE(Impact.NORMAL),
    /** Tell a human; changes nothing. */
    NOTIFY(Impact.NONE);

    /** How much harm a wrong action of this type can do; drives rate limits and approvals. */
    public enum Impact {
        NONE,
        NORMAL,
        CRITICAL,
        HIGH
    }

    private final Impact impact;

    ActionType(Impact impact) {
        this.impact = impact;
    }

    /** The impact class of this action type. */
    public Impact impact() {
        return impact;
    }

    /** The wire name, e.g. {@code scale_deployment}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name such as {@code scale_deployment}; throws on an unknown one. */
    @JsonCreator
    public static ActionType fromWireName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown action type: " + name);
        }
    }
}
