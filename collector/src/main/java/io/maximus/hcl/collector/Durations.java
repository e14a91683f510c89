package io.maximus.hcl.collector;

import java.time.Duration;
import java.util.Locale;

/** Parses the short durations of HCL's command lines: {@code 15s}, {@code 5m}, {@code 4h}, {@code 1d}, {@code 250ms}. */
public final class Durations {

    private Durations() {}

    /** Milliseconds of a duration such as {@code 15s}; a bare number is seconds. */
    public static long parseMillis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Long.parseLong(t.substring(0, t.length() - 2));
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Math.round(Double.parseDouble(t) * 1000);
            }
            double v = Double.parseDouble(t.substring(0, t.length() - 1));
            return Math.round(v
                    * switch (unit) {
                        case 's' -> 1000L;
                        case 'm' -> 60_000L;
                        case 'h' -> 3_600_000L;
                        case 'd' -> 86_400_000L;
                        default -> throw new IllegalArgumentException("unknown unit");
                    });
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration (e.g. 15s, 5m, 4h): " + text);
        }
    }

    /** The same as a {@link Duration}. */
    public static Duration parse(String text) {
        return Duration.ofMillis(parseMillis(text));
    }
}
