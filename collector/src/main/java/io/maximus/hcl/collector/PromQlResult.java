package io.maximus.hcl.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the JSON answer of Prometheus's instant query API ({@code /api/v1/query}) into labelled samples. */
public final class PromQlResult {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One series' value.
     *
     * @param labels the series' labels
     * @param value its value (possibly NaN or infinite, as Prometheus gave it)
     */
    public record Sample(Map<String, String> labels, double value) {}

    /** Thrown when the answer is an error or not a query answer; the message is Prometheus's own where it gave one. */
    public static final class QueryException extends Exception {
        /** An error with this message. */
        public QueryException(String message) {
            super(message);
        }
    }

    private PromQlResult() {}

    /** The samples of a vector or scalar answer; {@code status: error} and malformed answers throw. */
    public static List<Sample> parse(String body) throws QueryException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new QueryException("answer is not JSON: " + abbreviate(body));
        }
        if (root == null || !root.isObject()) {
            throw new QueryException("answer is not a JSON object: " + abbreviate(body));
        }
        String status = root.path("status").asText("");
        if (!"success".equals(status)) {
            String type = root.path("errorType").asText("");
            String error = root.path("error").asText("");
            if (!error.isEmpty()) {
                throw new QueryException((type.isEmpty() ? "" : type + ": ") + error);
            }
            throw new QueryException("status '" + status + "': " + abbreviate(body));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        List<Sample> out = new ArrayList<>();
        switch (type) {
            case "vector" -> {
                if (!result.isArray()) {
                    throw new QueryException("vector answer without a result list");
                }
                for (JsonNode r : result) {
                    out.add(new Sample(labels(r.path("metric")), value(r.path("value"))));
                }
            }
            case "scalar" -> out.add(new Sample(Map.of(), value(result)));
            default ->
                throw new QueryException(
                        "result type '" + type + "' is not supported (an instant query must give a vector or scalar)");
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static double value(JsonNode pair) throws QueryException {
        if (!pair.isArray() || pair.size() != 2) {
            throw new QueryException("sample value is not [time, \"value\"]: " + pair);
        }
        String v = pair.get(1).asText();
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new QueryException("sample value is not a number: " + v);
                }
            }
        };
    }

    static String abbreviate(String s) {
        String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }
}
