package io.maximus.hcl.knowledge.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * PostgreSQL's times as {@link Instant}s, including what Java has no value for: {@code infinity} and {@code -infinity}
 * (storable in any {@code timestamptz} column) become {@link #POSITIVE_INFINITY} and {@link #NEGATIVE_INFINITY}, are
 * bound back as PostgreSQL's infinities and are written {@code "infinity"} / {@code "-infinity"} in JSON.
 */
public final class Times {

    /** PostgreSQL's {@code infinity} (pgjdbc reads it as {@link OffsetDateTime#MAX}). */
    public static final Instant POSITIVE_INFINITY = Instant.MAX.truncatedTo(ChronoUnit.MICROS);

    /** PostgreSQL's {@code -infinity} (pgjdbc reads it as {@link OffsetDateTime#MIN}). */
    public static final Instant NEGATIVE_INFINITY = Instant.MIN;

    /** The earliest finite time a {@code timestamptz} holds: 4714-11-24 BC, 00:00 UTC. */
    public static final Instant MIN_STORABLE = Instant.parse("-4713-11-24T00:00:00Z");

    /** The latest finite time a {@code timestamptz} holds. */
    public static final Instant MAX_STORABLE = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private Times() {}

    /** Whether PostgreSQL can store (and compare with) this time: in its range, or one of its infinities. */
    public static boolean storable(Instant t) {
        return t.equals(POSITIVE_INFINITY)
                || t.equals(NEGATIVE_INFINITY)
                || (!t.isBefore(MIN_STORABLE) && !t.isAfter(MAX_STORABLE));
    }

    /** A time read from the database. */
    public static Instant fromDatabase(OffsetDateTime t) {
        if (t == null) {
            return null;
        }
        if (t.equals(OffsetDateTime.MAX)) {
            return POSITIVE_INFINITY;
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return NEGATIVE_INFINITY;
        }
        return t.toInstant();
    }

    /** A time to bind as a parameter (the infinities as pgjdbc sends them: {@code infinity}, {@code -infinity}). */
    public static OffsetDateTime toDatabase(Instant t) {
        if (t.equals(POSITIVE_INFINITY) || t.equals(Instant.MAX)) {
            return OffsetDateTime.MAX;
        }
        if (t.equals(NEGATIVE_INFINITY)) {
            return OffsetDateTime.MIN;
        }
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** ISO-8601 ({@link Instant#toString()}), or {@code infinity} / {@code -infinity}; null stays null. */
    public static String iso(Instant t) {
        if (t == null) {
            return null;
        }
        if (t.equals(POSITIVE_INFINITY) || t.equals(Instant.MAX)) {
            return "infinity";
        }
        if (t.equals(NEGATIVE_INFINITY)) {
            return "-infinity";
        }
        return t.toString();
    }
}
