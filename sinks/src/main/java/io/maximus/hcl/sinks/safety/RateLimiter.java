package io.maximus.hcl.sinks.safety;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.time.Duration;

/**
 * Rate limits per scope: at most one critical (or high-impact) action per interval (a minute by default), and a
 * cool-down that refuses a scaling action reversing the previous one's direction within the cool-down (scale up, down,
 * up is oscillation). Stateless itself: the state is a {@link RateLimitState} kept by the caller (Flink keyed state).
 *
 * <p>A scaling action's direction is its {@code direction} param ({@code up}/{@code down}) if given, else the sign of
 * its {@code replicas_delta} (a relative scale_deployment), else the sign of its {@code replicas} (scale_deployment) or {@code min_replicas} (adjust_hpa) against the value the last scaling
 * action set in this scope.
 */
public final class RateLimiter {

    /**
     * The limiter's answer (formerly {@code RateLimiter.Decision}, renamed apart from {@code core.Decision}, the
     * loop's public decision record; never kept in state, so the rename needs no savepoint care).
     *
     * @param allowed whether the action may run now
     * @param detail why not (empty when allowed)
     */
    public record Allowance(boolean allowed, String detail) {}

    private final long criticalIntervalMillis;
    private final long coolDownMillis;

    /** One critical action per {@code criticalInterval}; reversals refused within {@code coolDown}. */
    public RateLimiter(Duration criticalInterval, Duration coolDown) {
        this.criticalIntervalMillis = criticalInterval.toMillis();
        this.coolDownMillis = coolDown.toMillis();
    }

    /** The seed's policy: one critical action a minute, a five-minute cool-down against oscillation. */
    public static RateLimiter defaults() {
        return new RateLimiter(Duration.ofMinutes(1), Duration.ofMinutes(5));
    }

    /** Whether the impact class counts against the one-critical-action-per-interval limit. */
    public static boolean critical(ActionType t) {
        return t.impact() == ActionType.Impact.CRITICAL || t.impact() == ActionType.Impact.HIGH;
    }

    /** Checks an action at {@code now} against the state; changes nothing. */
    public Allowance check(RateLimitState s, Action a, long now) {
        if (critical(a.type()) && s.lastCriticalAt > 0 && now - s.lastCriticalAt < criticalIntervalMillis) {
            return new Allowance(
                    false,
                    "rate limited: a critical action ran " + (now - s.lastCriticalAt) / 1000
                            + " s ago in this scope (at most one per " + criticalIntervalMillis / 1000 + " s)");
        }
        int dir = direction(s, a);
        if (dir != 0
                && s.lastScaleDirection != 0
                && dir != s.lastScaleDirection
                && s.lastScaleAt > 0
                && now - s.lastScaleAt < coolDownMillis) {
            return new Allowance(
                    false,
                    "cool-down: scaling " + (dir > 0 ? "up" : "down") + " " + (now - s.lastScaleAt) / 1000
                            + " s after scaling " + (dir > 0 ? "down" : "up") + " would oscillate (cool-down "
                            + coolDownMillis / 1000 + " s)");
        }
        return new Allowance(true, "");
    }

    /** The state after the action ran at {@code now} (a new object; the argument is not changed). */
    public RateLimitState record(RateLimitState s, Action a, long now) {
        RateLimitState n = s.copy();
        if (critical(a.type())) {
            n.lastCriticalAt = now;
        }
        int dir = direction(s, a);
        Double v = scaledValue(a);
        if (dir != 0 || v != null) {
            n.lastScaleAt = now;
            if (dir != 0) {
                n.lastScaleDirection = dir;
            }
            if (v != null) {
                n.lastScaleValue = v;
            }
        }
        return n;
    }

    private static int direction(RateLimitState s, Action a) {
        Object d = a.params().get("direction");
        if (d != null) {
            String ds = d.toString();
            return ds.equalsIgnoreCase("up") ? 1 : ds.equalsIgnoreCase("down") ? -1 : 0;
        }
        Double delta =
                a.type() == ActionType.SCALE_DEPLOYMENT ? asNumber(a.params().get("replicas_delta")) : null;
        if (delta != null && a.params().get("replicas") == null) {
            return (int) Math.signum(delta); // a relative change says its direction itself
        }
        Double v = scaledValue(a);
        if (v == null || s.lastScaleValue < 0) {
            return 0;
        }
        return (int) Math.signum(v - s.lastScaleValue);
    }

    private static Double scaledValue(Action a) {
        String key = a.type() == ActionType.SCALE_DEPLOYMENT
                ? "replicas"
                : a.type() == ActionType.ADJUST_HPA ? "min_replicas" : null;
        return asNumber(key == null ? null : a.params().get(key));
    }

    private static Double asNumber(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return v == null ? null : Double.valueOf(v.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
