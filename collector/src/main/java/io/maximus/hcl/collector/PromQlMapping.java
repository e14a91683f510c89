package io.maximus.hcl.collector;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which PromQL gives each HCL metric and which series labels become the snapshot's service and host: the YAML file
 * of {@code hcl collect --mapping}, or the defaults shipped as {@code prometheus-queries.yaml} beside this class.
 *
 * @param serviceLabels labels naming the service, the first present wins
 * @param hostLabels labels naming the host, the first present wins
 * @param stripPort whether a host value like {@code db1:9100} loses its port
 * @param entries the queries, in file order
 */
public record PromQlMapping(
        List<String> serviceLabels, List<String> hostLabels, boolean stripPort, List<Entry> entries) {

    /** The resource holding the default mapping. */
    public static final String DEFAULTS_RESOURCE = "prometheus-queries.yaml";

    private static final Pattern METRIC = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> TOP = Set.of("labels", "metrics");
    private static final Set<String> LABELS = Set.of("service", "host", "strip_port");
    private static final Set<String> ENTRY = Set.of("metric", "query", "scale", "combine", "service", "host");

    /** How several series of one query that land on the same service and host are combined. */
    public enum Combine {
        MAX,
        MIN,
        SUM,
        AVG
    }

    /**
     * One query.
     *
     * @param metric the HCL metric name its values get
     * @param query the PromQL
     * @param scale multiplies every value (unit conversion)
     * @param combine how several series on one service and host are combined
     * @param serviceLabels labels naming the service for this entry
     * @param hostLabels labels naming the host for this entry
     */
    public record Entry(
            String metric,
            String query,
            double scale,
            Combine combine,
            List<String> serviceLabels,
            List<String> hostLabels) {}

    public PromQlMapping {
        serviceLabels = List.copyOf(serviceLabels);
        hostLabels = List.copyOf(hostLabels);
        entries = List.copyOf(entries);
    }

    /** The shipped default mapping's text. */
    public static String defaultsText() {
        try (InputStream in = PromQlMapping.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULTS_RESOURCE + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped default mapping. */
    public static PromQlMapping defaults() {
        return parse(defaultsText(), DEFAULTS_RESOURCE);
    }

    /** The mapping in a YAML file; errors name the file, the entry and the field. */
    public static PromQlMapping load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses a mapping; {@code source} names it in error messages. */
    public static PromQlMapping parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException(source + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with 'labels' and 'metrics'");
        }
        checkKeys(root, TOP, source);
        JsonNode labels = root.path("labels");
        if (!labels.isMissingNode()) {
            if (!labels.isObject()) {
                throw new IllegalArgumentException(source + ": 'labels' must be a mapping");
            }
            checkKeys(labels, LABELS, source + ": labels");
        }
        List<String> service = labelList(labels.get("service"), List.of("service", "job"), source + ": labels.service");
        List<String> host = labelList(labels.get("host"), List.of("host", "instance"), source + ": labels.host");
        JsonNode sp = labels.get("strip_port");
        if (sp != null && !sp.isBoolean()) {
            throw new IllegalArgumentException(source + ": labels.strip_port must be true or false");
        }
        boolean strip = sp == null || sp.asBoolean();
        JsonNode metrics = root.get("metrics");
        if (metrics == null || !metrics.isArray() || metrics.isEmpty()) {
            throw new IllegalArgumentException(
                    source + ": 'metrics' must be a non-empty list of {metric, query} entries");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            entries.add(entry(metrics.get(i), service, host, source + ": metrics[" + i + "]"));
        }
        return new PromQlMapping(service, host, strip, entries);
    }

    private static Entry entry(JsonNode n, List<String> service, List<String> host, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping with 'metric' and 'query'");
        }
        String metric = n.path("metric").asText("");
        if (!metric.isEmpty()) {
            where = where + " (" + metric + ")";
        }
        checkKeys(n, ENTRY, where);
        if (!METRIC.matcher(metric).matches()) {
            throw new IllegalArgumentException(
                    where + ": 'metric' must be a name of letters, digits and '_', got '" + metric + "'");
        }
        JsonNode q = n.get("query");
        if (q == null || !q.isTextual() || q.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": 'query' (PromQL) is missing or empty");
        }
        double scale = 1;
        JsonNode s = n.get("scale");
        if (s != null) {
            if (!s.isNumber() || !Double.isFinite(s.asDouble()) || s.asDouble() == 0) {
                throw new IllegalArgumentException(where + ": 'scale' must be a non-zero number, got '" + s + "'");
            }
            scale = s.asDouble();
        }
        Combine combine = Combine.MAX;
        JsonNode c = n.get("combine");
        if (c != null) {
            try {
                combine = Combine.valueOf(c.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        where + ": 'combine' must be max, min, sum or avg, got '" + c.asText() + "'");
            }
        }
        return new Entry(
                metric,
                q.asText().strip(),
                scale,
                combine,
                labelList(n.get("service"), service, where + ": service"),
                labelList(n.get("host"), host, where + ": host"));
    }

    private static List<String> labelList(JsonNode n, List<String> fallback, String where) {
        if (n == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        }
        if (out.isEmpty() || out.stream().anyMatch(l -> !METRIC.matcher(l).matches())) {
            throw new IllegalArgumentException(where + ": expected a label name or a list of label names, got " + n);
        }
        return out;
    }

    private static void checkKeys(JsonNode n, Set<String> known, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown field '" + k + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
