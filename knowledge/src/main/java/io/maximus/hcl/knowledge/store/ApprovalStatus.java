package io.maximus.hcl.knowledge.store;

import java.util.Locale;

/** Where an approval request stands. */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED;

    /** Parses a name in any case; throws {@link IllegalArgumentException} naming the allowed values. */
    public static ApprovalStatus parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "unknown approval status '" + s + "' (pending, approved, denied or expired)");
        }
    }
}
