package io.maximus.hcl.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses and validates one record of {@code system.telemetry.raw}.
 *
 * <p>Written on Jackson's streaming parser rather than its tree model: parsing is the hottest step of the
 * job (see STACK.md), and streaming avoids building a tree per record.
 */
public final class TelemetryParser {

    /** Service assigned to a record that names none. */
    public static final String DEFAULT_SERVICE = "default";

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    /** Either a snapshot or the reason the record was rejected. */
    public record Result(TelemetrySnapshot snapshot, String error) {
        /** Whether the record was valid. */
        public boolean ok() {
            return snapshot != null;
        }
    }

    private TelemetryParser() {}

    /** Parses one record; never throws. */
    public static Result parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return fail("empty record");
        }
        try (JsonParser p = FACTORY.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fail("not a JSON object");
            }
            Long timestamp = null;
            String host = null;
            String service = null;
            Map<String, Double> metrics = null;
            Map<String, String> labels = Map.of();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "timestamp" -> {
                        if (v == JsonToken.VALUE_NUMBER_INT) {
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
                        String err = readMetrics(p, metrics);
                        if (err != null) {
                            return fail(err);
                        }
                    }
                    case "labels" -> {
                        if (v == JsonToken.START_OBJECT) {
                            labels = readLabels(p);
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
            if (timestamp == null) {
                return fail("missing timestamp");
            }
            if (metrics == null) {
                return fail("missing metrics");
            }
            if (service == null || service.isEmpty()) {
                service = DEFAULT_SERVICE;
            }
            return new Result(new TelemetrySnapshot(timestamp, host, service, metrics, labels), null);
        } catch (IOException e) {
            return fail("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String readMetrics(JsonParser p, Map<String, Double> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                p.skipChildren();
                return "metric '" + EventTimes.abbreviate(name) + "' is not a number";
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                return "metric '" + EventTimes.abbreviate(name) + "' is not finite";
            }
            out.put(name, d);
        }
        return null;
    }

    private static Map<String, String> readLabels(JsonParser p) throws IOException {
        Map<String, String> labels = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isStructStart()) {
                p.skipChildren();
            } else if (v != JsonToken.VALUE_NULL) {
                labels.put(name, p.getText());
            }
        }
        return labels;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Result fail(String reason) {
        return new Result(null, reason);
    }
}
