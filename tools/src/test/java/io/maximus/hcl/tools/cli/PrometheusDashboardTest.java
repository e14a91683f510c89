package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclJob;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import io.maximus.hcl.knowledge.api.ApiConfig;
import io.maximus.hcl.knowledge.api.ApiServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real Prometheus (Debian's package) scrapes a running job (local cluster with Flink's Prometheus reporter), a
 * running collector ({@code hcl collect}) and the decision API, with the contract's relabelling (docs/metrics.md);
 * then every panel query of {@code k8s/monitoring/hcl-dashboard.json} and every expression of
 * {@code k8s/monitoring/prometheus-rules.yaml} is evaluated through Prometheus's HTTP API and must return data, every
 * rule must load and evaluate without error, and {@code promtool check rules} must accept the rules.
 */
class PrometheusDashboardTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern OFFSET = Pattern.compile("offset\\s+(\\d+)([smhd])");
    private static final Pattern COMPARISON = Pattern.compile("(?s)^(.*?)\\s*(>|<|==|!=|>=|<=)\\s*[0-9.]+\\s*$");

    @TempDir
    Path tmp;

    @Test
    void everyPanelAndRuleReturnsDataFromARealPrometheus() throws Exception {
        Path prometheusBin = binary("prometheus");
        Path promtool = binary("promtool");
        Path rules = rulesFile();
        checkRules(promtool, rules);

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(2);
            long now = System.currentTimeMillis();
            long t0 = (now - 3 * 3_600_000L) / 60_000 * 60_000;
            Configuration conf = HclOptions.fromArgs(new String[] {
                "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--kafka.starting-offsets", "earliest",
                "--jdbc.url", pg.jdbcUrl(),
                "--jdbc.user", pg.user(),
                "--jdbc.batch-interval", "200 ms",
                "--job.checkpoint-interval", "2 s",
                "--watermark.out-of-orderness", "5 s",
                "--watermark.idleness", "2 s",
                "--forecast.step", "5 min",
                "--forecast.order", "1,0,0,0,0,0",
                "--forecast.weekly-harmonics", "0",
                "--forecast.min-history", "1 h"
            });
            HclJob.prepare(conf);
            feed(kafka.bootstrapServers(), t0, now);

            int flinkPort = freePort();
            Configuration flink = new Configuration();
            flink.setString(
                    "metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            flink.setString("metrics.reporter.prom.port", Integer.toString(flinkPort));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
            HclJob.attach(env, conf);
            JobClient job = env.executeAsync("hcl");

            int collectorPort = freePort();
            Thread collector = new Thread(
                    () -> new CommandLine(new CollectCommand())
                            .execute(
                                    "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                                    "--service", "collector",
                                    "--host", "collector-1",
                                    "--interval", "1s",
                                    "--metrics-port", Integer.toString(collectorPort)),
                    "collector");
            collector.setDaemon(true);
            collector.start();

            ApiServer api = ApiServer.start(ApiConfig.of(pg.jdbcUrl(), pg.user(), null)
                    .withOpenReads(true)
                    .withToken("t0ken"));
            Process prometheus = null;
            try {
                int promPort = freePort();
                Path config = prometheusConfig(flinkPort, collectorPort, api.port(), rules);
                prometheus = new ProcessBuilder(
                                prometheusBin.toString(),
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                                "--web.listen-address=127.0.0.1:" + promPort,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("prometheus.log").toFile())
                        .start();
                String prom = "http://127.0.0.1:" + promPort;
                awaitReady(prom, prometheus);

                // API traffic: a health check, a list, a missing decision, a refused write
                String base = "http://127.0.0.1:" + api.port();
                for (String p : List.of("/health", "/decisions", "/decisions/00000000-0000-0000-0000-000000000000")) {
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + p)).build(), HttpResponse.BodyHandlers.ofString());
                }
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/decisions"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                List<String> panels = panelQueries();
                assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
                Map<String, String> missing = new LinkedHashMap<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                do {
                    missing.clear();
                    for (String q : panels) {
                        String why = withoutData(prom, q);
                        if (why != null) {
                            missing.put("panel " + q, why);
                        }
                    }
                    for (JsonNode rule : rules(prom)) {
                        String why = ruleProblem(prom, rule);
                        if (why != null) {
                            missing.put("rule " + rule.get("name").asText(), why);
                        }
                    }
                    if (missing.isEmpty()) {
                        break;
                    }
                    Thread.sleep(2000);
                } while (System.nanoTime() < deadline);
                assertThat(missing)
                        .as("queries without data (Prometheus log: %s)", tmp.resolve("prometheus.log"))
                        .isEmpty();
                assertThat(rules(prom)).hasSizeGreaterThanOrEqualTo(5);
            } finally {
                if (prometheus != null) {
                    prometheus.destroy();
                    prometheus.waitFor(10, TimeUnit.SECONDS);
                }
                api.close();
                collector.interrupt();
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Three hours of a fleet at one snapshot a minute, checkout's CPU pinned for the last 40 minutes; bad records. */
    private static void feed(String brokers, long t0, long now) {
        SyntheticFleet fleet = new SyntheticFleet(
                List.of("checkout", "search", "auth"),
                2,
                List.of(new SyntheticFleet.Incident(
                        SyntheticFleet.IncidentKind.CPU_SPIKE, "checkout", now - 40 * 60_000, 40 * 60_000, 0)),
                7);
        try (TelemetryProducer producer = new TelemetryProducer(brokers)) {
            for (long t = t0; t < now; t += 60_000) {
                for (TelemetrySnapshot s : fleet.at(t)) {
                    producer.send(s);
                }
            }
            producer.sendRaw("x", "not json at all");
            producer.sendRaw("x", "{\"timestamp\": " + now + ", \"metrics\": {\"cpu_usage\": 1}}");
            producer.flush();
        }
    }

    /** A query's problem, or null when it returns at least one sample (evaluated one offset later if it has one). */
    private static String withoutData(String prom, String query) throws Exception {
        Matcher m = OFFSET.matcher(query);
        long shift = 0;
        if (m.find()) {
            long n = Long.parseLong(m.group(1));
            shift = switch (m.group(2)) {
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                default -> n * 86400;
            };
        }
        JsonNode r = query(prom, query, System.currentTimeMillis() / 1000.0 + shift);
        if (!"success".equals(r.path("status").asText())) {
            return "error: " + r.path("error").asText();
        }
        return r.path("data").path("result").isEmpty() ? "no data" : null;
    }

    /**
     * A rule's problem, or null: it must be loaded and healthy in Prometheus, and its expression without the final
     * threshold (for {@code absent(x)}: {@code x}) must return data.
     */
    private static String ruleProblem(String prom, JsonNode rule) throws Exception {
        if (!"ok".equals(rule.path("health").asText())) {
            return "health " + rule.path("health").asText() + ": "
                    + rule.path("lastError").asText();
        }
        String expr = rule.get("query").asText().trim();
        for (String part : expr.split("\\s+or\\s+")) {
            String q = part.trim();
            Matcher c = COMPARISON.matcher(q);
            if (c.matches()) {
                q = c.group(1);
            }
            if (q.startsWith("absent(") && q.endsWith(")")) {
                q = q.substring("absent(".length(), q.length() - 1);
            }
            String why = withoutData(prom, q);
            if (why != null) {
                return q + ": " + why;
            }
        }
        return null;
    }

    private static JsonNode query(String prom, String q, double time) throws Exception {
        String url = prom + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&time=" + time;
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    /** The alerting rules Prometheus loaded, with their health. */
    private static List<JsonNode> rules(String prom) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(prom + "/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode g : Json.MAPPER.readTree(r.body()).at("/data/groups")) {
            g.get("rules").forEach(out::add);
        }
        return out;
    }

    /** Every panel's PromQL of the dashboard. */
    private static List<String> panelQueries() throws IOException {
        JsonNode d = Json.MAPPER.readTree(
                ROOT.resolve("k8s/monitoring/hcl-dashboard.json").toFile());
        List<String> out = new ArrayList<>();
        collect(d.get("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<String> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                if (t.hasNonNull("expr")) {
                    out.add(t.get("expr").asText());
                }
            }
            if (p.has("panels")) {
                collect(p.get("panels"), out);
            }
        }
    }

    /** The PrometheusRule's {@code spec} as a plain Prometheus rule file ({@code groups:}). */
    private Path rulesFile() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("k8s/monitoring/prometheus-rules.yaml"));
        int spec = lines.indexOf("spec:");
        assertThat(spec).as("spec: in the PrometheusRule").isGreaterThan(0);
        StringBuilder b = new StringBuilder();
        for (String l : lines.subList(spec + 1, lines.size())) {
            b.append(l.startsWith("  ") ? l.substring(2) : l).append('\n');
        }
        Path out = tmp.resolve("hcl-rules.yml");
        Files.writeString(out, b.toString());
        return out;
    }

    private void checkRules(Path promtool, Path rules) throws Exception {
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("promtool check rules: %s", out).isZero();
    }

    /** Scrape configuration with the contract's relabelling (docs/metrics.md), every second. */
    private Path prometheusConfig(int flinkPort, int collectorPort, int apiPort, Path rules) throws IOException {
        String yml = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ['%s']
                scrape_configs:
                  - job_name: hcl-job
                    metrics_path: /
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {namespace: hcl, pod: hcl-jobmanager}
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: 'flink_taskmanager_job_task_operator_(?:.+_)?(hcl_.+)', target_label: __name__, replacement: '$1'}
                  - job_name: hcl-collectors
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {namespace: hcl, pod: hcl-collector-1}
                  - job_name: hcl-api
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {namespace: hcl, pod: hcl-api-1}
                """.formatted(rules, flinkPort, collectorPort, apiPort);
        Path out = tmp.resolve("prometheus.yml");
        Files.writeString(out, yml);
        return out;
    }

    private static void awaitReady(String prom, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("prometheus exited with " + p.exitValue());
            }
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(URI.create(prom + "/-/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("prometheus not ready after 60 s");
    }

    /** The binary on the PATH (Debian's prometheus package); missing: a failure under CI=true, else a skip. */
    private static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = name + " is not installed (bin/install-test-deps installs Debian's prometheus package)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
