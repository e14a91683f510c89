package io.maximus.hcl.knowledge.store;

import java.util.Locale;

/** How a decision turned out, as the {@code outcome} column's CHECK allows. */
public enum Outcome {
    SUCCESS,
    PARTIAL,
    FAILED;

    /** Parses a name in any case; throws {@link IllegalArgumentException} naming the allowed values. */
    public static Outcome parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown outcome '" + s + "' (SUCCESS, PARTIAL or FAILED)");
        }
    }
}
