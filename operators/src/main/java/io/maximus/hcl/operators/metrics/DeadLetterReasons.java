package io.maximus.hcl.operators.metrics;

import io.maximus.hcl.core.TelemetryParser;

/** Maps the telemetry parser's free-text rejection reasons to the bounded {@code reason} label of dead letters. */
public final class DeadLetterReasons {

    /** Every code {@link #code} returns. */
    public static final String[] CODES = {
        "empty",
        "too_large",
        "malformed_json",
        "missing_field",
        "invalid_field",
        "stale",
        "future",
        "limits",
        "internal"
    };

    private DeadLetterReasons() {}

    /** The reason code of a rejection reason: one of {@link #CODES}. */
    public static String code(String reason) {
        String r = reason == null ? "" : reason;
        if (r.startsWith(TelemetryParser.INTERNAL)) {
            return "internal";
        }
        if (r.startsWith("empty record")) {
            return "empty";
        }
        if (r.startsWith("record too large")) {
            return "too_large";
        }
        if (r.startsWith("invalid JSON")
                || r.startsWith("not a JSON object")
                || r.startsWith("malformed JSON")
                || r.startsWith("trailing content")
                || r.startsWith("duplicate field")) {
            return "malformed_json";
        }
        if (r.startsWith("missing")) {
            return "missing_field";
        }
        if (r.contains("in the future")) {
            return "future";
        }
        if (r.contains("too old") || r.contains("in the past") || r.contains("older")) {
            return "stale";
        }
        if (r.contains("too many") || r.contains("longer than") || r.contains("limit")) {
            return "limits";
        }
        return "invalid_field";
    }
}
