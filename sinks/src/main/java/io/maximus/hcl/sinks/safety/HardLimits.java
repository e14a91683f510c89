package io.maximus.hcl.sinks.safety;

import io.fabric8.kubernetes.api.model.Quantity;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hard limits no plan may cross: never below 10% CPU, never above 90% memory, never below 1 replica, never above a
 * configured maximum of replicas. A plan outside them is clipped to the limit or refused (by configuration), and the
 * check says which, in words for the decision's detail.
 *
 * <p>CPU and memory are judged as a share of the capacity they are given out of ({@code cpuCapacityCores},
 * {@code memoryCapacityBytes}: a node's or host's). Parameters read: {@code replicas}; {@code min_replicas},
 * {@code max_replicas}; {@code cpu_percent}, {@code memory_percent} (a policy's output in percent); the quantities
 * {@code cpu_request}, {@code cpu_limit}, {@code cpus} and {@code memory_request}, {@code memory_limit},
 * {@code memory} (Kubernetes quantity syntax: {@code 500m}, {@code 2}, {@code 512Mi}, or plain bytes).
 */
public final class HardLimits {

    /** What to do with a value outside the limits. */
    public enum OnViolation {
        CLIP,
        REFUSE
    }

    /** The verdict of a check. */
    public enum Verdict {
        ALLOWED,
        CLIPPED,
        REFUSED
    }

    /**
     * The outcome of checking one action.
     *
     * @param action the action to run (clipped if the verdict is CLIPPED; the original otherwise)
     * @param verdict allowed as is, clipped, or refused
     * @param detail what was clipped or why it was refused; empty when allowed
     */
    public record Check(Action action, Verdict verdict, String detail) {}

    private final int maxReplicas;
    private final double cpuFloorPercent;
    private final double memoryCeilingPercent;
    private final double cpuCapacityCores;
    private final double memoryCapacityBytes;
    private final OnViolation onViolation;

    /**
     * Limits with the given maximum of replicas and capacities, the seed's 10% CPU floor and 90% memory ceiling.
     */
    public HardLimits(int maxReplicas, double cpuCapacityCores, double memoryCapacityBytes, OnViolation onViolation) {
        this(maxReplicas, 10.0, 90.0, cpuCapacityCores, memoryCapacityBytes, onViolation);
    }

    /** Fully configured limits. */
    public HardLimits(
            int maxReplicas,
            double cpuFloorPercent,
            double memoryCeilingPercent,
            double cpuCapacityCores,
            double memoryCapacityBytes,
            OnViolation onViolation) {
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas must be >= 1");
        }
        this.maxReplicas = maxReplicas;
        this.cpuFloorPercent = cpuFloorPercent;
        this.memoryCeilingPercent = memoryCeilingPercent;
        this.cpuCapacityCores = cpuCapacityCores;
        this.memoryCapacityBytes = memoryCapacityBytes;
        this.onViolation = onViolation;
    }

    /** The configured maximum of replicas. */
    public int maxReplicas() {
        return maxReplicas;
    }

    /** Checks one action; never throws on odd parameters (those are the actuator's to refuse). */
    public Check check(Action a) {
        Map<String, Object> params = new LinkedHashMap<>(a.params());
        List<String> clips = new ArrayList<>();
        if (a.type() == ActionType.SCALE_DEPLOYMENT) {
            replicas(params, "replicas", clips);
        }
        if (a.type() == ActionType.ADJUST_HPA) {
            replicas(params, "min_replicas", clips);
            replicas(params, "max_replicas", clips);
        }
        if (a.type() == ActionType.UPDATE_RESOURCES || a.type() == ActionType.UPDATE_CONTAINER_RESOURCES) {
            percent(params, "cpu_percent", true, clips);
            percent(params, "memory_percent", false, clips);
            for (String k : List.of("cpu_request", "cpu_limit", "cpus")) {
                cpuQuantity(params, k, clips);
            }
            for (String k : List.of("memory_request", "memory_limit", "memory")) {
                memoryQuantity(params, k, clips);
            }
        }
        if (clips.isEmpty()) {
            return new Check(a, Verdict.ALLOWED, "");
        }
        if (onViolation == OnViolation.REFUSE) {
            return new Check(a, Verdict.REFUSED, "refused by hard limits: " + String.join("; ", clips));
        }
        return new Check(
                new Action(a.type(), a.target(), params),
                Verdict.CLIPPED,
                "clipped by hard limits: " + String.join("; ", clips));
    }

    private void replicas(Map<String, Object> p, String key, List<String> clips) {
        Double v = number(p.get(key));
        if (v == null) {
            return;
        }
        if (v < 1) {
            p.put(key, 1);
            clips.add(key + " " + fmt(v) + " -> 1 (never below 1 replica)");
        } else if (v > maxReplicas) {
            p.put(key, maxReplicas);
            clips.add(key + " " + fmt(v) + " -> " + maxReplicas + " (never above the maximum of " + maxReplicas + ")");
        }
    }

    private void percent(Map<String, Object> p, String key, boolean cpu, List<String> clips) {
        Double v = number(p.get(key));
        if (v == null) {
            return;
        }
        if (cpu && v < cpuFloorPercent) {
            p.put(key, cpuFloorPercent);
            clips.add(key + " " + fmt(v) + " -> " + fmt(cpuFloorPercent) + " (never below " + fmt(cpuFloorPercent)
                    + "% CPU)");
        } else if (!cpu && v > memoryCeilingPercent) {
            p.put(key, memoryCeilingPercent);
            clips.add(key + " " + fmt(v) + " -> " + fmt(memoryCeilingPercent) + " (never above "
                    + fmt(memoryCeilingPercent) + "% memory)");
        }
    }

    private void cpuQuantity(Map<String, Object> p, String key, List<String> clips) {
        BigDecimal cores = quantity(p.get(key));
        if (cores == null) {
            return;
        }
        double floor = cpuCapacityCores * cpuFloorPercent / 100.0;
        if (cores.doubleValue() < floor) {
            String clipped = Math.round(floor * 1000) + "m";
            p.put(key, key.equals("cpus") ? (Object) (Math.round(floor * 1000) / 1000.0) : clipped);
            clips.add(key + " " + p0(p, key, cores) + " -> " + clipped + " (never below " + fmt(cpuFloorPercent)
                    + "% of " + fmt(cpuCapacityCores) + " cores)");
        }
    }

    private void memoryQuantity(Map<String, Object> p, String key, List<String> clips) {
        BigDecimal bytes = quantity(p.get(key));
        if (bytes == null) {
            return;
        }
        double ceiling = memoryCapacityBytes * memoryCeilingPercent / 100.0;
        if (bytes.doubleValue() > ceiling) {
            long clipped = (long) Math.floor(ceiling);
            p.put(key, Long.toString(clipped));
            clips.add(key + " " + bytes.toBigInteger() + " bytes -> " + clipped + " bytes (never above "
                    + fmt(memoryCeilingPercent) + "% of " + (long) memoryCapacityBytes + " bytes)");
        }
    }

    private static String p0(Map<String, Object> p, String key, BigDecimal v) {
        return v.stripTrailingZeros().toPlainString() + " cores";
    }

    private static BigDecimal quantity(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(v.toString()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
