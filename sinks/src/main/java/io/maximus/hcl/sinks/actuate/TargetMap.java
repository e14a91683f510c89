package io.maximus.hcl.sinks.actuate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which target each service's actions touch on one actuator, from configuration: {@code service=target} pairs
 * separated by {@code ;} (or {@code ,}), e.g. {@code checkout=shop/checkout-deploy;search=shop/search} for Kubernetes.
 * A configured map is also the allow-list: a service it does not name is refused. An empty map keeps the action's own
 * target, which must then be a plain name (see {@link #PLAIN_NAME}).
 */
public final class TargetMap implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a service name or an unmapped target may look like: no path, glob or shell characters. */
    public static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,252}");

    /** What a configured target may look like: a plain name, or {@code namespace/name}, or a Redis key pattern. */
    private static final Pattern CONFIGURED = Pattern.compile("[A-Za-z0-9_.:@*/-]{1,253}");

    private final Map<String, String> targets;

    private TargetMap(Map<String, String> targets) {
        this.targets = Map.copyOf(targets);
    }

    /** No mapping: each action keeps its own (plain) target. */
    public static TargetMap none() {
        return new TargetMap(Map.of());
    }

    /** Parses {@code service=target;service=target}; blank or null gives {@link #none()}. */
    public static TargetMap parse(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return none();
        }
        for (String pair : spec.split("[;,]")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String service = eq < 0 ? "" : pair.substring(0, eq).trim();
            String target = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (!PLAIN_NAME.matcher(service).matches()
                    || !CONFIGURED.matcher(target).matches()) {
                throw new IllegalArgumentException(
                        "target map entry must be service=target with plain names, got '" + pair.trim() + "'");
            }
            if (out.put(service, target) != null) {
                throw new IllegalArgumentException("target map names service " + service + " twice");
            }
        }
        return new TargetMap(out);
    }

    /** Whether any mapping is configured (then it is also the allow-list). */
    public boolean configured() {
        return !targets.isEmpty();
    }

    /** The configured target of a service, if mapped. */
    public Optional<String> get(String service) {
        return Optional.ofNullable(targets.get(service));
    }

    /** The configured targets, service to target. */
    public Map<String, String> asMap() {
        return targets;
    }

    @Override
    public String toString() {
        return targets.toString();
    }
}
