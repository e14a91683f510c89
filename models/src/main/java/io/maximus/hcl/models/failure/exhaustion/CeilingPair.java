package io.maximus.hcl.models.failure.exhaustion;

import java.io.Serializable;

/**
 * A "used against its maximum" metric pair, e.g. connections in use against the pool size.
 *
 * @param used the metric that counts what is in use (the one whose trend is followed)
 * @param max the metric that reports the maximum, read from the same snapshot
 * @param defaultMax the maximum to use when the snapshot lacks {@code max} ({@code NaN}: skip the metric then)
 */
public record CeilingPair(String used, String max, double defaultMax) implements Serializable {

    /** A pair whose maximum must come from the snapshot. */
    public static CeilingPair of(String used, String max) {
        return new CeilingPair(used, max, Double.NaN);
    }
}
