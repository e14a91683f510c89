package io.maximus.hcl.core;

import java.util.Map;
import java.util.Objects;

/**
 * One action in a plan: what to do, to what, with which parameters.
 *
 * @param type the action type from the shared vocabulary
 * @param target what it acts on (a deployment, container, pool, table, key pattern, upstream, ...)
 * @param params type-specific parameters (numbers, strings, booleans)
 */
public record Action(ActionType type, String target, Map<String, Object> params) {

    public Action {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
