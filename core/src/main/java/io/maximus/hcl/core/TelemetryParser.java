package io.maximus.hcl.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates one record of {@code system.telemetry.raw}; never throws.
 *
 * <p>A record is either accepted, and then keeps every rule of {@link TelemetryInvariants} and the
 * {@link InputBounds} it was parsed under, or rejected with a short reason that never echoes more than 60 chars of
 * the input. One bad metric or label rejects the whole record rather than being dropped from it, so nothing is lost
 * without a dead letter saying why. A record's known fields may not repeat, nor may a metric name or label key
 * (different JSON readers keep different copies). An error the parser did not foresee rejects the record with the
 * reason {@code internal: <exception class>} ({@link Result#internal()}), as a last resort.
 *
 * <p>Written on Jackson's streaming parser rather than its tree model: parsing is the hottest step of the
 * job (see STACK.md), and streaming avoids building a tree per record.
 */
public final class TelemetryParser {

    /** Service assigned to a record that names none. */
    public static final String DEFAULT_SERVICE = "default";

    /** Prefix of the reason of a record rejected by an error the parser did not foresee. */
    public static final String INTERNAL = "internal: ";

    /** Reason of a record whose event time is outside what any sink takes. */
    public static final String OUT_OF_RANGE = "timestamp out of range (1970-01-01T00:00:00Z..9999-12-31T23:59:59.999Z)";

    private static final int MAX_REASON = 200;

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    /** Either a snapshot or the reason the record was rejected. */
    public record Result(TelemetrySnapshot snapshot, String error) {
        /** Whether the record was valid. */
        public boolean ok() {
            return snapshot != null;
        }

        /** Whether the record was rejected by an error the parser did not foresee (a bug to look at). */
        public boolean internal() {
            return error != null && error.startsWith(INTERNAL);
        }
    }

    private TelemetryParser() {}

    /**
     * Parses one record under {@link InputBounds#DEFAULTS} with no event-time window (for history and training
     * data); never throws.
     */
    public static Result parse(String raw) {
        return parse(raw, InputBounds.DEFAULTS, InputBounds.NO_REFERENCE);
    }

    /**
     * Parses one record under {@code bounds}, its event time checked against the window around {@code reference}
     * (processing time or a watermark, epoch milliseconds; {@link InputBounds#NO_REFERENCE} for none); never throws.
     */
    public static Result parse(String raw, InputBounds bounds, long reference) {
        try {
            return parseUnguarded(raw, bounds, reference);
        } catch (RuntimeException | StackOverflowError e) {
            return fail(INTERNAL + e.getClass().getName());
        }
    }

    private static Result parseUnguarded(String raw, InputBounds bounds, long reference) {
        if (raw == null || raw.isBlank()) {
            return fail("empty record");
        }
        if (raw.length() > bounds.maxRecordChars()) {
            return fail("record too large (" + raw.length() + " chars, limit " + bounds.maxRecordChars() + ")");
        }
        try (JsonParser p = FACTORY.createParser(raw)) {
            return read(p, bounds, reference);
        } catch (IOException e) {
            return fail("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static Result read(JsonParser p, InputBounds bounds, long reference) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return fail("not a JSON object");
        }
        Long timestamp = null;
        String host = null;
        String service = null;
        Map<String, Double> metrics = null;
        Map<String, String> labels = Map.of();
        Set<String> seen = new HashSet<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            boolean known = switch (field) {
                case "timestamp", "host", "service", "metrics", "labels" -> true;
                default -> false;
            };
            if (known && !seen.add(field)) {
                return fail("duplicate field '" + field + "'");
            }
            switch (field) {
                case "timestamp" -> {
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        JsonParser.NumberType type = p.getNumberType();
                        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                            return fail(OUT_OF_RANGE);
                        }
                        timestamp = p.getLongValue();
                    } else if (v == JsonToken.VALUE_STRING) {
                        try {
                            timestamp = EventTimes.parse(p.getText());
                        } catch (IllegalArgumentException e) {
                            return fail(e.getMessage());
                        }
                    } else {
                        return fail("timestamp must be an ISO-8601 string or epoch milliseconds");
                    }
                }
                case "host" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        return fail("host must be a string");
                    }
                    host = p.getText().trim();
                }
                case "service" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        service = p.getText().trim();
                    } else if (v != JsonToken.VALUE_NULL) {
                        return fail("service must be a string");
                    }
                }
                case "metrics" -> {
                    if (v != JsonToken.START_OBJECT) {
                        return fail("metrics must be an object");
                    }
                    metrics = new HashMap<>();
                    String err = readMetrics(p, metrics, bounds);
                    if (err != null) {
                        return fail(err);
                    }
                }
                case "labels" -> {
                    if (v == JsonToken.START_OBJECT) {
                        labels = new HashMap<>();
                        String err = readLabels(p, labels, bounds);
                        if (err != null) {
                            return fail(err);
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        return fail("labels must be an object");
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return fail("malformed JSON object");
        }
        if (p.nextToken() != null) {
            return fail("trailing content after the JSON object");
        }
        if (host == null || host.isEmpty()) {
            return fail("missing or empty host");
        }
        if (!TelemetryInvariants.validHost(host)) {
            return fail(
                    "invalid host '" + EventTimes.abbreviate(host) + "' (must match " + TelemetryInvariants.HOST + ")");
        }
        if (service == null || service.isEmpty()) {
            service = DEFAULT_SERVICE;
        } else if (!TelemetryInvariants.validService(service)) {
            return fail("invalid service '" + EventTimes.abbreviate(service) + "' (must match "
                    + TelemetryInvariants.SERVICE + ")");
        }
        if (timestamp == null) {
            return fail("missing timestamp");
        }
        if (!EventTimes.accepted(timestamp)) {
            return fail(OUT_OF_RANGE);
        }
        String late = bounds.windowViolation(timestamp, reference);
        if (late != null) {
            return fail(late);
        }
        if (metrics == null) {
            return fail("missing metrics");
        }
        return new Result(new TelemetrySnapshot(timestamp, host, service, metrics, labels), null);
    }

    private static String readMetrics(JsonParser p, Map<String, Double> out, InputBounds bounds) throws IOException {
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (++n > bounds.maxMetrics()) {
                return "more than " + bounds.maxMetrics() + " metrics";
            }
            if (!TelemetryInvariants.validMetric(name)) {
                return "invalid metric name '" + EventTimes.abbreviate(name) + "' (must match "
                        + TelemetryInvariants.METRIC + ")";
            }
            if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                return "metric '" + name + "' is not a number";
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                return "metric '" + name + "' is not finite";
            }
            String why = TelemetryInvariants.metricViolation(name, d, bounds);
            if (why != null) {
                return why;
            }
            if (out.put(name, d) != null) {
                return "duplicate metric '" + name + "'";
            }
        }
        return null;
    }

    private static String readLabels(JsonParser p, Map<String, String> out, InputBounds bounds) throws IOException {
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isStructStart()) {
                p.skipChildren();
                continue;
            }
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            if (++n > bounds.maxLabels()) {
                return "more than " + bounds.maxLabels() + " labels";
            }
            if (!TelemetryInvariants.validLabelKey(key)) {
                return "invalid label key '" + EventTimes.abbreviate(key) + "' (must match "
                        + TelemetryInvariants.LABEL_KEY + ")";
            }
            String value = p.getText();
            String why = TelemetryInvariants.labelValueViolation(value);
            if (why != null) {
                return "label '" + key + "' value " + why;
            }
            if (out.put(key, value) != null) {
                return "duplicate label '" + key + "'";
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Result fail(String reason) {
        return new Result(null, clip(reason));
    }

    /** The reason cut to 200 chars with unprintable characters shown as {@code ?}. */
    private static String clip(String reason) {
        String r = reason == null ? "unknown error" : reason;
        String cut = r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON - 3) + "...";
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return b.toString();
    }
}
