package io.maximus.hcl.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping into snapshots and unit scaling on canned {@code /api/v1/query} answers. */
class PromQlGroupingTest {

    private static final PromQlMapping MAPPING = PromQlMapping.parse("""
            metrics:
              - metric: cpu_usage
                query: q1
              - metric: latency_p99
                query: q2
                scale: 1000
              - metric: disk_usage
                query: q3
              - metric: throughput
                query: q4
                combine: sum
              - metric: throughput
                query: q5
            """, "t");

    private static String vector(String... series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", series)
                + "]}}";
    }

    private static String series(String labels, String value) {
        return "{\"metric\":{" + labels + "},\"value\":[1700000000.123,\"" + value + "\"]}";
    }

    @Test
    void oneSnapshotPerServiceAndHostWithScaledCombinedValues() throws Exception {
        Map<PromQlMapping.Entry, List<PromQlResult.Sample>> answers = new LinkedHashMap<>();
        List<PromQlMapping.Entry> e = MAPPING.entries();
        answers.put(
                e.get(0),
                PromQlResult.parse(vector(
                        series("\"job\":\"node\",\"instance\":\"web1:9100\"", "42.5"),
                        series("\"job\":\"node\",\"instance\":\"web2:9100\"", "7"))));
        answers.put(
                e.get(1),
                PromQlResult.parse(vector(
                        series("\"job\":\"app\",\"instance\":\"web1:8080\"", "0.25"),
                        series("\"job\":\"app\",\"instance\":\"web2:8080\"", "NaN"))));
        answers.put(
                e.get(2),
                PromQlResult.parse(vector(
                        series("\"job\":\"node\",\"instance\":\"web1:9100\",\"mountpoint\":\"/\"", "60"),
                        series("\"job\":\"node\",\"instance\":\"web1:9100\",\"mountpoint\":\"/var\"", "90"))));
        answers.put(
                e.get(3),
                PromQlResult.parse(vector(
                        series("\"job\":\"app\",\"instance\":\"web1:8080\",\"code\":\"200\"", "10"),
                        series("\"job\":\"app\",\"instance\":\"web1:8080\",\"code\":\"500\"", "2.5"))));
        answers.put(
                e.get(4),
                PromQlResult.parse(vector(
                        series("\"job\":\"app\",\"instance\":\"web1:8080\"", "999"),
                        series("\"service\":\"lb\",\"job\":\"nginx\",\"instance\":\"[::1]:9113\"", "30"))));
        List<TelemetrySnapshot> out = PromQlGrouping.group(MAPPING, answers, 1000L, "fs", "fh");
        assertEquals(4, out.size(), out.toString());
        assertEquals(
                new TelemetrySnapshot(
                        1000L,
                        "web1",
                        "node",
                        Map.of("cpu_usage", 42.5, "disk_usage", 90.0),
                        Map.of("source", "prometheus")),
                out.get(0));
        assertEquals(Map.of("cpu_usage", 7.0), out.get(1).metrics());
        assertEquals("web2", out.get(1).host());
        TelemetrySnapshot app = out.get(2);
        assertEquals(List.of("app", "web1"), List.of(app.service(), app.host()));
        assertEquals(250.0, app.metrics().get("latency_p99"), 1e-9, "seconds scaled to ms");
        assertEquals(12.5, app.metrics().get("throughput"), 1e-9, "summed, and the first entry wins over q5");
        TelemetrySnapshot lb = out.get(3);
        assertEquals(List.of("lb", "::1"), List.of(lb.service(), lb.host()), "service label before job");
        assertEquals(Map.of("throughput", 30.0), lb.metrics());
    }

    @Test
    void seriesWithoutTheLabelsTakeTheFallbacksAndScalarsToo() throws Exception {
        Map<PromQlMapping.Entry, List<PromQlResult.Sample>> answers = Map.of(
                MAPPING.entries().get(0),
                PromQlResult.parse("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                        + "\"result\":[1700000000,\"3\"]}}"),
                MAPPING.entries().get(1),
                PromQlResult.parse(vector(series("\"__name__\":\"x\"", "+Inf"))));
        List<TelemetrySnapshot> out = PromQlGrouping.group(MAPPING, answers, 5L, "svc", "me");
        assertEquals(1, out.size());
        assertEquals(
                List.of("svc", "me"), List.of(out.get(0).service(), out.get(0).host()));
        assertEquals(Map.of("cpu_usage", 3.0), out.get(0).metrics(), "infinite values are left out");
    }

    @Test
    void errorAnswersAndOtherResultTypesThrowWithPrometheusMessage() {
        var e = assertThrows(
                PromQlResult.QueryException.class,
                () -> PromQlResult.parse("{\"status\":\"error\",\"errorType\":\"bad_data\","
                        + "\"error\":\"1:16: parse error: unexpected end of input\"}"));
        assertEquals("bad_data: 1:16: parse error: unexpected end of input", e.getMessage());
        var m = assertThrows(
                PromQlResult.QueryException.class,
                () -> PromQlResult.parse(
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        assertTrue(m.getMessage().contains("'matrix' is not supported"), m.getMessage());
        assertThrows(PromQlResult.QueryException.class, () -> PromQlResult.parse("<html>502 Bad Gateway</html>"));
    }

    @Test
    void portsAreStrippedOnlyFromHostPortValues() {
        assertEquals("db1", PromQlGrouping.stripPort("db1:9187"));
        assertEquals("10.0.0.5", PromQlGrouping.stripPort("10.0.0.5:9100"));
        assertEquals("::1", PromQlGrouping.stripPort("[::1]:9100"));
        assertEquals("fe80::1", PromQlGrouping.stripPort("fe80::1"));
        assertEquals("web1", PromQlGrouping.stripPort("web1"));
    }
}
