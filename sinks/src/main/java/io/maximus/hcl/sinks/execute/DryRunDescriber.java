package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.Action;
import java.util.Map;
import java.util.TreeMap;

/**
 * Describes, in the words of the system it would touch, exactly the call an action would make. The dry-run
 * record of the skeleton's executor; the actuators replace it with their own {@code describe}.
 */
public final class DryRunDescriber {

    private DryRunDescriber() {}

    /** The call an action would make, e.g. {@code kubectl scale deployment/checkout --replicas=+1}. */
    public static String describe(Action a) {
        Map<String, Object> p = new TreeMap<>(a.params());
        return switch (a.type()) {
            case SCALE_DEPLOYMENT ->
                "kubectl scale deployment/" + a.target() + " --replicas="
                        + signed(p.getOrDefault("replicas_delta", p.getOrDefault("replicas", "?")));
            case ADJUST_HPA ->
                "kubectl patch hpa/" + a.target() + " minReplicas=" + p.get("min_replicas") + " maxReplicas="
                        + p.get("max_replicas");
            case UPDATE_RESOURCES -> "kubectl set resources deployment/" + a.target() + " " + p;
            case RESTART -> "kubectl rollout restart deployment/" + a.target();
            case DRAIN_NODE -> "kubectl drain " + a.target() + " --ignore-daemonsets --delete-emptydir-data";
            case RESTART_CONTAINER -> "docker restart " + a.target();
            case UPDATE_CONTAINER_RESOURCES -> "docker update " + a.target() + " " + p;
            case RESIZE_POOL -> "pgbouncer: SET default_pool_size=" + p.get("pool_size") + " (" + a.target() + ")";
            case KILL_SLOW_QUERIES ->
                "postgresql: pg_terminate_backend for queries on " + a.target() + " running longer than "
                        + p.getOrDefault("threshold_seconds", 300) + " s";
            case VACUUM -> "postgresql: VACUUM ANALYZE " + a.target();
            case FLUSH_CACHE -> "redis: SCAN MATCH " + a.target() + " + UNLINK";
            case WARM_CACHE -> "redis: SET keys " + p.getOrDefault("keys", "[]") + " (" + a.target() + ")";
            case SHIFT_TRAFFIC ->
                "nginx: upstream " + a.target() + " weights " + p.getOrDefault("weights", p)
                        + ", nginx -t, nginx -s reload";
            case CIRCUIT_BREAKER ->
                "nginx: upstream " + a.target() + " server " + p.get("server") + " " + p.getOrDefault("state", "down")
                        + ", nginx -t, nginx -s reload";
            case SET_MODE -> "set operational mode of " + a.target() + " to " + p.get("mode");
            case NOTIFY -> "notify: " + a.target() + " " + p.getOrDefault("message", "");
        };
    }

    private static String signed(Object v) {
        if (v instanceof Number n && n.doubleValue() > 0) {
            return "+" + n;
        }
        return String.valueOf(v);
    }
}
