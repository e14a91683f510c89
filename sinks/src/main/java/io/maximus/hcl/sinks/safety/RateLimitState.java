package io.maximus.hcl.sinks.safety;

import java.io.Serializable;
import java.util.Objects;

/**
 * The rate limiter's memory for one scope: a small mutable POJO (public fields, no-arg constructor) that Flink
 * serializes as a POJO in keyed state, so the limits survive restarts.
 */
public class RateLimitState implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Epoch milliseconds of the last critical (or high-impact) action executed, or 0 if none. */
    public long lastCriticalAt;
    /** Epoch milliseconds of the last scaling action, or 0 if none. */
    public long lastScaleAt;
    /** Direction of the last scaling action: +1 up, -1 down, 0 none. */
    public int lastScaleDirection;
    /** The replica count (or other scaled value) the last scaling action set, or -1 if unknown. */
    public double lastScaleValue = -1;

    /** A fresh state (nothing happened yet). */
    public RateLimitState() {}

    /** A copy. */
    public RateLimitState copy() {
        RateLimitState s = new RateLimitState();
        s.lastCriticalAt = lastCriticalAt;
        s.lastScaleAt = lastScaleAt;
        s.lastScaleDirection = lastScaleDirection;
        s.lastScaleValue = lastScaleValue;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimitState s
                && s.lastCriticalAt == lastCriticalAt
                && s.lastScaleAt == lastScaleAt
                && s.lastScaleDirection == lastScaleDirection
                && s.lastScaleValue == lastScaleValue;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastCriticalAt, lastScaleAt, lastScaleDirection, lastScaleValue);
    }

    @Override
    public String toString() {
        return "RateLimitState{lastCriticalAt=" + lastCriticalAt + ", lastScaleAt=" + lastScaleAt + ", direction="
                + lastScaleDirection + ", value=" + lastScaleValue + "}";
    }
}
