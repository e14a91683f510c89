package io.maximus.hcl.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Parsing of the YAML mapping: the shipped defaults, and clear errors for broken files. */
class PromQlMappingTest {

    @Test
    void defaultsCoverTheNamesTheModelsAndRulesUse() {
        PromQlMapping m = PromQlMapping.defaults();
        Set<String> names =
                m.entries().stream().map(PromQlMapping.Entry::metric).collect(Collectors.toSet());
        for (String n : List.of(
                "cpu_usage",
                "memory_usage",
                "swap_usage",
                "disk_io_wait",
                "latency_p99",
                "response_time_p50",
                "response_time_p95",
                "response_time_p99",
                "error_rate",
                "throughput",
                "request_rate",
                "request_queue",
                "cache_hit_rate",
                "database_connections",
                "database_connections_max",
                "db_connections_active",
                "db_connections_max",
                "query_latency",
                "bandwidth_saturation",
                "packet_loss",
                "connection_pool",
                "index_efficiency",
                "disk_usage",
                "filesystem_usage",
                "file_descriptors_usage",
                "conntrack_usage")) {
            assertTrue(names.contains(n), n);
        }
        assertEquals(List.of("service", "job"), m.serviceLabels());
        assertEquals(List.of("host", "instance"), m.hostLabels());
        assertTrue(m.stripPort());
        PromQlMapping.Entry p99 = m.entries().stream()
                .filter(e -> e.metric().equals("latency_p99"))
                .findFirst()
                .orElseThrow();
        assertEquals(1000, p99.scale());
        assertTrue(p99.query().startsWith("histogram_quantile(0.99"), p99.query());
    }

    @Test
    void entryFieldsAndOverrides() {
        PromQlMapping m = PromQlMapping.parse("""
                labels: {service: app, host: [node, instance], strip_port: false}
                metrics:
                  - metric: x
                    query: up
                    scale: 0.5
                    combine: sum
                    service: [team]
                """, "t");
        PromQlMapping.Entry e = m.entries().get(0);
        assertEquals(
                new PromQlMapping.Entry(
                        "x", "up", 0.5, PromQlMapping.Combine.SUM, List.of("team"), List.of("node", "instance")),
                e);
        assertEquals(false, m.stripPort());
    }

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> PromQlMapping.parse(yaml, "my.yaml"))
                .getMessage();
    }

    @Test
    void errorsNameTheFileTheEntryAndTheField() {
        assertEquals(
                "my.yaml: metrics[1] (load_1): unknown field 'querry' (known: combine, host, metric, query, scale,"
                        + " service)",
                error("metrics:\n  - {metric: a, query: up}\n  - {metric: load_1, querry: node_load1}\n"));
        assertEquals(
                "my.yaml: metrics[0] (a): 'query' (PromQL) is missing or empty", error("metrics:\n  - {metric: a}\n"));
        assertEquals(
                "my.yaml: metrics[0] (a): 'scale' must be a non-zero number, got '\"ms\"'",
                error("metrics:\n  - {metric: a, query: up, scale: ms}\n"));
        assertEquals(
                "my.yaml: metrics[0] (a): 'combine' must be max, min, sum or avg, got 'median'",
                error("metrics:\n  - {metric: a, query: up, combine: median}\n"));
        assertEquals(
                "my.yaml: metrics[0] (cpu-usage): 'metric' must be a name of letters, digits and '_', got 'cpu-usage'",
                error("metrics:\n  - {metric: cpu-usage, query: up}\n"));
        assertEquals("my.yaml: 'metrics' must be a non-empty list of {metric, query} entries", error("labels: {}\n"));
        assertEquals("my.yaml: unknown field 'metric' (known: labels, metrics)", error("metric: [a]\n"));
        assertEquals(
                "my.yaml: labels.host: expected a label name or a list of label names, got []",
                error("labels: {host: []}\nmetrics: [{metric: a, query: up}]\n"));
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() {
        String msg = error("metrics:\n  - metric: a\n    query: up\n   - metric: b\n");
        assertTrue(msg.startsWith("my.yaml: not valid YAML at line 4"), msg);
    }
}
