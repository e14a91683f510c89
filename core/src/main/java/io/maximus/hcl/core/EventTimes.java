package io.maximus.hcl.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Parses the event times HCL accepts: ISO-8601 instants (with Z or an offset) and epoch milliseconds. */
public final class EventTimes {

    /**
     * Earliest event time a record may carry: 1970-01-01T00:00:00Z (epoch 0; telemetry older than the epoch is a
     * mistake, e.g. a negative number).
     */
    public static final long MIN_ACCEPTED = 0L;

    /**
     * Latest event time a record may carry: 9999-12-31T23:59:59.999Z, the last instant with a four-digit year. Every
     * sink takes it: PostgreSQL's timestamptz goes to 294276 AD, and ISO-8601 text with a four-digit year is what
     * every JSON consumer (and {@link Instant#toString()}) reads back.
     */
    public static final long MAX_ACCEPTED = 253_402_300_799_999L;

    private EventTimes() {}

    /**
     * Parses an ISO-8601 instant such as {@code 2026-03-02T06:00:15Z} or {@code 2026-03-02T07:00:15+01:00},
     * or a string of digits as epoch milliseconds.
     *
     * @throws IllegalArgumentException when the text is neither, or names an instant that epoch milliseconds cannot
     *     hold (such as {@code +300000000-01-01T00:00:00Z}); the message never holds more than 60 chars of the text
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        String t = text.trim();
        if (isDigits(t)) {
            return Long.parseLong(t);
        }
        Instant instant;
        try {
            if (t.endsWith("Z") || t.endsWith("z")) {
                instant = Instant.parse(t);
            } else {
                instant = OffsetDateTime.parse(t).toInstant();
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unparseable timestamp '" + abbreviate(t) + "'");
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp out of range '" + abbreviate(t) + "'");
        }
    }

    /** Whether {@code epochMillis} is within {@link #MIN_ACCEPTED}..{@link #MAX_ACCEPTED}. */
    public static boolean accepted(long epochMillis) {
        return epochMillis >= MIN_ACCEPTED && epochMillis <= MAX_ACCEPTED;
    }

    private static boolean isDigits(String t) {
        if (t.length() > 18) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !t.isEmpty();
    }

    /**
     * The text cut to 60 chars, with control characters, lone surrogates and other unprintable characters shown as
     * {@code ?}: safe to put in a reason, a log line or a database column.
     */
    static String abbreviate(String s) {
        String cut = s.length() <= 60 ? s : s.substring(0, 57) + "...";
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
    }
}
