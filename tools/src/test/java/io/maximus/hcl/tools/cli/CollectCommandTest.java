package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.maximus.hcl.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hcl collect --prometheus-url ... --once} against an HTTP server answering like Prometheus's query API. */
class CollectCommandTest {

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = HclCli.run(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Answers cpu queries for two hosts, latency for one, and a parse error for anything with "broken". */
    private static HttpServer fakePrometheus() throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/api/v1/query", ex -> {
            String q = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
            String body;
            int code = 200;
            if (q.contains("broken")) {
                code = 400;
                body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
            } else if (q.contains("cpu")) {
                body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"job\":\"web\",\"instance\":\"h1:9100\"},\"value\":[1,\"55\"]},"
                        + "{\"metric\":{\"job\":\"web\",\"instance\":\"h2:9100\"},\"value\":[1,\"65\"]}]}}";
            } else {
                body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"job\":\"web\",\"instance\":\"h1:8080\"},\"value\":[1,\"0.2\"]}]}}";
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    void onceprintsOneSnapshotPerServiceAndHostAndTheCycleSummary(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("m.yaml");
        Files.writeString(mapping, """
                metrics:
                  - {metric: cpu_usage, query: cpu}
                  - {metric: latency_p99, query: lat, scale: 1000}
                  - {metric: oops, query: broken(}
                """);
        HttpServer s = fakePrometheus();
        try {
            String url = "http://127.0.0.1:" + s.getAddress().getPort();
            Run r = run("collect", "--prometheus-url", url, "--mapping", mapping.toString(), "--once");
            assertThat(r.status()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(2);
            JsonNode h1 = Json.MAPPER.readTree(lines.get(0));
            assertThat(h1.get("service").asText()).isEqualTo("web");
            assertThat(h1.get("host").asText()).isEqualTo("h1");
            assertThat(h1.get("metrics").get("cpu_usage").asDouble()).isEqualTo(55.0);
            assertThat(h1.get("metrics").get("latency_p99").asDouble()).isEqualTo(200.0);
            assertThat(Json.MAPPER.readTree(lines.get(1)).get("host").asText()).isEqualTo("h2");
            String summary = r.err()
                    .lines()
                    .filter(l -> l.startsWith("{\"cycle_latency_ms\""))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(r.err()));
            JsonNode sum = Json.MAPPER.readTree(summary);
            assertThat(sum.get("cycle_latency_ms").asLong()).isBetween(0L, 5000L); // cold JVM, shared machine
            assertThat(sum.get("snapshots").asInt()).isEqualTo(2);
            JsonNode server = sum.get("servers").get(url);
            assertThat(server.get("failed").asInt()).isEqualTo(1);
            assertThat(server.get("failures").get("oops#2").asText()).contains("bad_data: parse error");
        } finally {
            s.stop(0);
        }
    }

    @Test
    void aBrokenMappingFileIsOneClearLine(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("bad.yaml");
        Files.writeString(mapping, "metrics:\n  - {metric: cpu_usage, qeury: up}\n");
        Run r = run("collect", "--prometheus-url", "http://127.0.0.1:9", "--mapping", mapping.toString(), "--once");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err())
                .contains("bad.yaml: metrics[0] (cpu_usage): unknown field 'qeury'")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnreachableServerGivesStatusOneAndItsReason() {
        Run r = run("collect", "--prometheus-url", "http://127.0.0.1:9", "--once", "--query-timeout", "1s");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("\"cycle_latency_ms\"").contains("ConnectException");
    }

    @Test
    void printMappingPrintsTheShippedDefaults() {
        Run r = run("collect", "--print-mapping");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("metric: cpu_usage").contains("histogram_quantile(0.99");
    }
}
