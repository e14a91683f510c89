package io.maximus.hcl.tools.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.collector.Durations;
import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl lab}: a small real fleet on this machine watched and acted on by HCL (see {@link LabFleet}); with
 * {@code --drill NAME} it warms up, injects one real fault, lets the loop work, prints one JSON line with what the
 * loop saw and did and what it changed, and stops everything.
 */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        description =
                "Starts a real fleet (nginx, app instances, Redis, PostgreSQL + pgbouncer, exporters, Prometheus, "
                        + "a load generator) with HCL reading Prometheus and acting live on the lab only; --drill NAME "
                        + "injects one fault and prints the outcome as one JSON line.")
public final class LabCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(LabCommand.class);

    /** The drills {@code --drill} runs. */
    public static final List<String> DRILLS = List.of(
            "load-surge",
            "bad-action",
            "slow-queries",
            "cache-pressure",
            "slow-upstream",
            "failing-upstream",
            "memory-leak");

    @Option(
            names = "--drill",
            description = "One of: load-surge, bad-action, slow-queries, cache-pressure, slow-upstream, memory-leak.")
    String drill;

    @Option(names = "--duration", description = "Without --drill: stop after this long (default: until Ctrl-C).")
    String duration;

    @Option(names = "--interval", description = "Collector interval (default: ${DEFAULT-VALUE}).")
    String interval = "2s";

    @Option(names = "--rate", description = "Base load, requests/s through nginx (default: ${DEFAULT-VALUE}).")
    double rate = 35;

    @Option(names = "--slo-ms", description = "The app's latency p99 objective, ms (default: ${DEFAULT-VALUE}).")
    double sloMs = 300;

    @Option(names = "--keep", description = "Keep the lab directory (logs, configs) instead of deleting it.")
    boolean keep;

    @Option(
            names = {"-o", "--option"},
            description = "A job option as key=value, over the lab's own settings.")
    Map<String, String> options = new LinkedHashMap<>();

    /** The last drill's outcome line (tests read it). */
    Map<String, Object> outcome;

    @Override
    public Integer call() throws Exception {
        if (drill != null && !DRILLS.contains(drill)) {
            throw new IllegalArgumentException("unknown drill " + drill + "; one of " + DRILLS);
        }
        long t0 = System.currentTimeMillis();
        Map<String, String> job = jobOptions(drill);
        job.putAll(options);
        int instances = "bad-action".equals(drill) ? 3 : 2;
        LabFleet fleet = LabFleet.start(new LabFleet.Settings(instances, Durations.parseMillis(interval), job));
        // Ctrl-C or a kill still stops everything the lab started
        Thread hook = new Thread(fleet::close, "hcl-lab-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LoadGenerator load =
                new LoadGenerator(URI.create("http://127.0.0.1:" + fleet.ports().get("nginx") + "/"), rate, 600_000)) {
            double startup = (System.currentTimeMillis() - t0) / 1000.0;
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("lab", "started");
            started.put("startup_s", startup);
            started.put("dir", fleet.dir().toString());
            started.put("ports", fleet.ports());
            System.err.println(Json.write(started));
            if (drill == null) {
                long until = duration == null ? Long.MAX_VALUE : t0 + Durations.parseMillis(duration);
                while (System.currentTimeMillis() < until) {
                    Thread.sleep(1000);
                }
                return 0;
            }
            Drill d = new Drill(drill, fleet, load, sloMs, startup);
            outcome = d.run();
            System.out.println(Json.write(outcome));
            System.out.flush();
            return 0;
        } finally {
            fleet.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            if (!keep) {
                delete(fleet.dir());
            } else {
                System.err.println("{\"lab\":\"stopped\",\"dir\":\"" + fleet.dir() + "\"}");
            }
        }
    }

    /** The job's options in the lab: short windows and delays so a drill takes about a minute, not an hour. */
    static Map<String, String> jobOptions(String drill) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("plan.window", "5s");
        o.put("rules.cpu-high", "70");
        o.put("rules.cpu-windows", "3");
        o.put("watermark.out-of-orderness", "2s");
        o.put("watermark.idleness", "10s");
        o.put("analyze.detector", "baseline");
        o.put("forecast.enabled", "false");
        // Each drill measures one remediation rule against one fault; the capacity policy's own 30-s scaling of the
        // app would act on the same instances (docs/lab.md).
        o.put("plan.enabled", "false");
        o.put("execute.dry-run", "false");
        o.put("execute.actuators", "local,postgres,redis,nginx,notify");
        o.put("execute.rollback-delay", "20s");
        o.put("execute.approvals.allow-unsigned", "true");
        o.put("job.checkpoint-interval", "10s");
        // a query running longer than 8 s for two windows is killed (HCL_PG_KILL_USERS: lab_report only)
        o.put("rules.slow-query-ms", "8000");
        o.put("rules.slow-query-windows", "2");
        // Redis at 90% of maxmemory or more with a hit rate under 80% for 3 windows: its batch:* keys are flushed
        o.put("rules.cache-windows", "3");
        // one instance's p99 above 600 ms and 3 x the other's for 3 snapshots: it leaves nginx's upstream
        o.put("rules.upstream-slow-ms", "600");
        o.put("rules.upstream-slow-snapshots", "3");
        if ("slow-upstream".equals(drill) || "failing-upstream".equals(drill)) {
            // the healthy instance carries the load alone afterwards: no scale-out (it would rewrite the upstream)
            o.put("rules.cpu-high", "95");
        }
        if ("memory-leak".equals(drill)) {
            // compressed time: the exhaustion trend on 2-s points (one point per collection) over 2 minutes, warning
            // when an instance's heap is predicted full within 5 minutes, and a warning on memory_usage (an app
            // instance's heap against its -Xmx) restarts that one instance; production: 1-min points, 2 h, 1 h
            o.put("failure.exhaustion.point", "2s");
            o.put("failure.exhaustion.window", "2m");
            o.put("failure.exhaustion.horizon", "5m");
            o.put("failure.exhaustion.restart-metrics", "memory_usage");
        }
        if ("bad-action".equals(drill)) {
            // the mistake on purpose: the sustained-CPU rule removes an instance instead of adding one, and fires
            // at 50% (3 instances at 70%), where one instance less overloads the other two
            o.put("rules.scale-step", "-1");
            o.put("rules.cpu-high", "50");
            // 6 hot windows (30 s) per match, so the burst is over before the rule could match a second time
            o.put("rules.cpu-windows", "6");
        }
        return o;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("lab: could not delete {}: {}", dir, e.toString());
        }
    }

    /** One drill's run and its outcome line. */
    static final class Drill {

        private static final String P99 = "1000 * histogram_quantile(0.99, sum by (le) "
                + "(rate(http_request_duration_seconds_bucket{job=\"app\"}[10s])))";
        private static final String QUERY_LATENCY = "1000 * max(pg_stat_activity_max_tx_duration{job=\"postgres\","
                + "datname=\"labdb\",state=\"active\"}) or vector(0)";
        private static final String ERRORS = "100 * (sum(rate(http_requests_total{job=\"app\",code=\"500\"}[10s])) "
                + "or vector(0)) / sum(rate(http_requests_total{job=\"app\"}[10s]))";
        private static final String HEAP =
                "max(100 * lab_heap_used_bytes{job=\"app\"} " + "/ lab_heap_max_bytes{job=\"app\"})";
        /** The leak: 0.4 MB/s fills the 96 MB heap (≈ 15% used idle) in about 3.5 minutes. */
        static final double LEAK_MB_PER_S = 0.4;

        private static final String HIT_RATE = "100 * sum(rate(redis_keyspace_hits_total{job=\"redis\"}[10s])) / "
                + "(sum(rate(redis_keyspace_hits_total{job=\"redis\"}[10s])) "
                + "+ sum(rate(redis_keyspace_misses_total{job=\"redis\"}[10s])))";

        private final String name;
        private final LabFleet fleet;
        private final LoadGenerator load;
        private final double slo;
        private final double startup;
        private final Prom prom;

        Drill(String name, LabFleet fleet, LoadGenerator load, double slo, double startup) {
            this.name = name;
            this.fleet = fleet;
            this.load = load;
            this.slo = slo;
            this.startup = startup;
            this.prom = new Prom(fleet.prometheusUrl());
        }

        Map<String, Object> run() throws Exception {
            boolean queries = "slow-queries".equals(name);
            boolean cache = "cache-pressure".equals(name);
            // the effect metric: lower is better except the hit rate
            higherIsBetter = cache;
            String metric = queries ? QUERY_LATENCY : cache ? HIT_RATE : P99;
            int instancesBefore = fleet.app().live().size();
            boolean failing = "failing-upstream".equals(name);
            boolean upstream = "slow-upstream".equals(name) || failing;
            boolean leak = "memory-leak".equals(name);
            if (leak) {
                metric = HEAP;
            }
            if (failing) {
                metric = ERRORS;
            }
            String expected = queries
                    ? "kill_slow_queries"
                    : cache ? "flush_cache" : upstream ? "circuit_breaker" : leak ? "restart" : "scale_deployment";
            String service = queries ? "postgres" : cache ? "redis" : "app";
            SlowQueries slow = queries ? new SlowQueries(fleet) : null;
            CachePressure pressure = cache ? new CachePressure(fleet) : null;
            try {
                // warm up: the collector's snapshots flow and the job's windows have closed a few times
                Thread.sleep(30_000);
                double before = median(metric, 5);
                long injected = System.currentTimeMillis();
                switch (name) {
                    case "load-surge" -> load.multiplier(3);
                    // the fault is the job's own misconfigured rule (rules.scale-step=-1); a burst of load sets it off
                    case "bad-action" -> load.multiplier(2.5);
                    case "slow-queries" -> slow.inject(4);
                    case "cache-pressure" -> pressure.inject();
                    case "slow-upstream" -> slowInstance = fault("slow_ms=150");
                    case "failing-upstream" -> slowInstance = fault("error_ratio=0.9");
                    case "memory-leak" -> leakInstance = fault("leak_mb_per_s=" + LEAK_MB_PER_S);
                    default -> throw new IllegalStateException("unknown drill " + name);
                }
                double during = Double.NaN;
                JsonNode decision = null;
                // the exhaustion trend needs about a minute of leak in the lab's compressed time
                long deadline = injected + (leak ? 300_000 : 150_000);
                while (System.currentTimeMillis() < deadline && decision == null) {
                    during = worse(during, prom.value(metric));
                    decision = firstDecision(injected, expected, service);
                    Thread.sleep(1000);
                }
                Double detected = decision == null ? null : (decisionSeenAt - injected) / 1000.0;
                boolean rolledBack = false;
                double after = Double.NaN;
                boolean recovered = false;
                // recovered: p99 under the SLO (load-surge), back near where it was (bad-action), no query left
                // running for more than a second (slow-queries)
                double target = queries
                        ? Math.max(1000, before * 2)
                        : cache
                                ? Math.min(90, before - 5)
                                : "load-surge".equals(name)
                                        ? slo
                                        : leak ? before + 15 : failing ? Math.max(1, before + 1) : target(before);
                if (decision != null) {
                    String id = decision.path("id").asText();
                    long end = System.currentTimeMillis() + 150_000;
                    int good = 0;
                    long burstEnds = Long.MAX_VALUE;
                    while (System.currentTimeMillis() < end) {
                        if ("bad-action".equals(name)
                                && burstEnds == Long.MAX_VALUE
                                && statuses(id).contains("EXECUTED")) {
                            // the burst lasts 12 s past the scale-in (so the damage shows in the windows the
                            // rollback judges), then the load is one 3 instances carry and 2 would not trigger on
                            burstEnds = System.currentTimeMillis() + 12_000;
                        }
                        if (System.currentTimeMillis() >= burstEnds) {
                            load.multiplier(1);
                        }
                        double p = prom.value(metric);
                        during = "bad-action".equals(name) && !rolledBack ? max(during, p) : during;
                        rolledBack = statuses(id).contains("REVERTED");
                        boolean fine = better(p, target)
                                && (!leak || fleet.app().live().size() == instancesBefore);
                        good = fine ? good + 1 : 0;
                        boolean done = "bad-action".equals(name) ? rolledBack && good >= 5 : good >= 5;
                        if (done) {
                            break;
                        }
                        Thread.sleep(1000);
                    }
                    after = median(metric, 3);
                    recovered = better(after, target)
                            && (!leak || fleet.app().live().size() == instancesBefore);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("drill", name);
                out.put("metrics_per_snapshot", metricsPerSnapshot());
                out.put("detected_after_s", detected);
                out.put("decision", decision == null ? null : summary(decision));
                out.put(
                        "actions",
                        decision == null
                                ? List.of()
                                : actions(decision.path("id").asText()));
                Map<String, Object> effect = new LinkedHashMap<>();
                effect.put(
                        "metric",
                        queries
                                ? "postgres query_latency_ms (Prometheus)"
                                : cache
                                        ? "redis cache_hit_rate_% (Prometheus)"
                                        : leak
                                                ? "app heap used % of -Xmx, the highest instance (Prometheus)"
                                                : failing
                                                        ? "app 5xx % of answers (Prometheus)"
                                                        : "app latency_p99_ms (Prometheus)");
                effect.put("before", round(before));
                effect.put("during", round(during));
                effect.put("after", round(after));
                out.put("effect", effect);
                out.put("rolled_back", rolledBack);
                out.put("recovered", recovered);
                if (slow != null) {
                    out.put("queries", slow.outcome());
                }
                if (pressure != null) {
                    out.put("cache", pressure.outcome());
                }
                if (slowInstance != null) {
                    out.put("slow_instance", slowInstance);
                    out.put("upstream", Files.readString(fleet.dir().resolve("nginx/upstream-app.conf")));
                }
                if (leakInstance != null) {
                    out.put("leak_instance", leakInstance);
                    out.put("leak_mb_per_s", LEAK_MB_PER_S);
                    out.put("warning", warning(injected, decision));
                    out.put("instances_before", instancesBefore);
                }
                out.put("instances", fleet.app().live().size());
                out.put("collection_latency_ms", collectionLatency());
                out.put("startup_s", startup);
                out.put("slo_ms", slo);
                return out;
            } finally {
                if (slow != null) {
                    slow.close();
                }
                if (pressure != null) {
                    pressure.close();
                }
            }
        }

        private boolean higherIsBetter;
        private String slowInstance;
        private String leakInstance;

        /**
         * The exhaustion warning the restart came from: the failure-predicted decision for the leaking instance
         * (evidence, predicted time to exhaustion) and when it was seen, and whether the instance was still alive.
         */
        private Map<String, Object> warning(long injected, JsonNode restart) throws IOException {
            Map<String, Object> w = new LinkedHashMap<>();
            for (String line : lines("decisions.jsonl")) {
                String[] p = line.split("\t", 2);
                JsonNode d = Json.MAPPER.readTree(p[1]);
                if (Long.parseLong(p[0]) >= injected
                        && "failure-predicted".equals(d.path("rule").asText())
                        && leakInstance.equals(d.at("/scope/host").asText())) {
                    w.put("seen_after_s", (Long.parseLong(p[0]) - injected) / 1000.0);
                    w.put("trigger", d.path("trigger").asText());
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("time to exhaustion (\\d+) s")
                            .matcher(d.path("trigger").asText());
                    w.put("time_to_exhaustion_s", m.find() ? Long.parseLong(m.group(1)) : null);
                    break;
                }
            }
            w.put(
                    "restart_trigger",
                    restart == null ? null : restart.path("trigger").asText());
            return w;
        }

        /** Turns a fault switch on the first live instance; its host (Prometheus instance label). */
        private String fault(String query) throws IOException, InterruptedException {
            int port = fleet.app().live().get(0);
            java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/fault?" + query))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            return "app-" + port;
        }

        private boolean better(double value, double target) {
            return !Double.isNaN(value) && (higherIsBetter ? value > target : value < target);
        }

        /** The worse of two readings of the effect metric (NaN: no reading). */
        private double worse(double a, double b) {
            if (!higherIsBetter) {
                return max(a, b);
            }
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
        }

        private double target(double before) {
            return Math.max(slo, Double.isNaN(before) ? slo : before * 1.5);
        }

        private long decisionSeenAt;

        private JsonNode firstDecision(long after, String type, String service) throws IOException {
            for (String line : lines("decisions.jsonl")) {
                String[] p = line.split("\t", 2);
                long seen = Long.parseLong(p[0]);
                if (seen < after) {
                    continue;
                }
                JsonNode d = Json.MAPPER.readTree(p[1]);
                for (JsonNode a : d.path("actions_taken")) {
                    if (type.equals(a.path("type").asText())
                                    && "app".equals(d.at("/scope/service").asText(""))
                            || type.equals(a.path("type").asText()) && !type.equals("scale_deployment")) {
                        decisionSeenAt = seen;
                        return d;
                    }
                }
            }
            return null;
        }

        private List<String> lines(String file) throws IOException {
            Path f = fleet.dir().resolve(file);
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        }

        private List<String> statuses(String decisionId) throws IOException {
            List<String> out = new ArrayList<>();
            for (JsonNode e : events(decisionId)) {
                out.add(e.at("/result/status").asText());
            }
            return out;
        }

        private List<JsonNode> events(String decisionId) throws IOException {
            List<JsonNode> out = new ArrayList<>();
            for (String line : lines("actions.jsonl")) {
                JsonNode e = Json.MAPPER.readTree(line.split("\t", 2)[1]);
                if (decisionId.equals(e.path("decision_id").asText())) {
                    out.add(e);
                }
            }
            return out;
        }

        private List<Map<String, Object>> actions(String decisionId) throws IOException {
            List<Map<String, Object>> out = new ArrayList<>();
            for (JsonNode e : events(decisionId)) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("type", e.at("/result/action/type").asText());
                a.put("target", e.at("/result/action/target").asText());
                a.put("status", e.at("/result/status").asText());
                a.put("detail", e.at("/result/detail").asText());
                out.add(a);
            }
            return out;
        }

        private static Map<String, Object> summary(JsonNode d) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", d.path("id").asText());
            s.put("rule", d.path("rule").asText());
            s.put("trigger", d.path("trigger").asText());
            s.put("scope", Json.MAPPER.convertValue(d.path("scope"), Map.class));
            s.put("operational_mode", d.path("operational_mode").asText());
            return s;
        }

        private Map<String, Object> metricsPerSnapshot() throws IOException {
            List<String> l = lines("collector.jsonl");
            Map<String, Object> out = new LinkedHashMap<>();
            if (l.isEmpty()) {
                return out;
            }
            JsonNode last = Json.MAPPER.readTree(l.get(l.size() - 1));
            last.path("metrics")
                    .fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
            return out;
        }

        private Map<String, Object> collectionLatency() throws IOException {
            List<Long> ms = new ArrayList<>();
            for (String line : lines("collector.jsonl")) {
                ms.add(Json.MAPPER.readTree(line).path("latency_ms").asLong());
            }
            ms.sort(Long::compare);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cycles", ms.size());
            if (!ms.isEmpty()) {
                out.put("p50", ms.get(ms.size() / 2));
                out.put("p95", ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.95) - 1)));
                out.put("max", ms.get(ms.size() - 1));
            }
            return out;
        }

        private double median(String q, int n) throws InterruptedException {
            List<Double> v = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double x = prom.value(q);
                if (!Double.isNaN(x)) {
                    v.add(x);
                }
                Thread.sleep(1000);
            }
            v.sort(Double::compare);
            return v.isEmpty() ? Double.NaN : v.get(v.size() / 2);
        }

        private static double max(double a, double b) {
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
        }

        private static Double round(double v) {
            return Double.isNaN(v) ? null : Double.parseDouble(String.format(Locale.ROOT, "%.1f", v));
        }
    }
}
