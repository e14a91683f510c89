package io.maximus.hcl.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses the event times HCL accepts: ISO-8601 instants (with Z or an offset) and epoch milliseconds. */
public final class EventTimes {

    private EventTimes() {}

    /**
     * Parses an ISO-8601 instant such as {@code 2026-03-02T06:00:15Z} or {@code 2026-03-02T07:00:15+01:00},
     * or a string of digits as epoch milliseconds.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        String t = text.trim();
        if (isDigits(t)) {
            return Long.parseLong(t);
        }
        try {
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t).toEpochMilli();
            }
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unparseable timestamp '" + abbreviate(t) + "'");
        }
    }

    private static boolean isDigits(String t) {
        if (t.length() > 18) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return !t.isEmpty();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
