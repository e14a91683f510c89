package io.maximus.hcl.sinks.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The safety rules: hard limits, rate limit and cool-down, approvals, the webhook notifier and the rollback judge. */
class SafetyTest {

    static final double GIB = 1024.0 * 1024 * 1024;
    final HardLimits clip = new HardLimits(20, 4, 16 * GIB, HardLimits.OnViolation.CLIP);
    final HardLimits refuse = new HardLimits(20, 4, 16 * GIB, HardLimits.OnViolation.REFUSE);

    @Test
    void replicasAreClippedToOneAndTheMaximum() {
        HardLimits.Check low =
                clip.check(new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 0)));
        assertThat(low.verdict()).isEqualTo(HardLimits.Verdict.CLIPPED);
        assertThat(low.action().params()).containsEntry("replicas", 1);
        assertThat(low.detail()).contains("replicas 0 -> 1 (never below 1 replica)");
        HardLimits.Check high = clip.check(
                new Action(ActionType.ADJUST_HPA, "shop/checkout", Map.of("min_replicas", 2, "max_replicas", 50)));
        assertThat(high.action().params()).containsEntry("max_replicas", 20).containsEntry("min_replicas", 2);
        assertThat(high.detail()).contains("never above the maximum of 20");
        HardLimits.Check ok =
                clip.check(new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 5)));
        assertThat(ok.verdict()).isEqualTo(HardLimits.Verdict.ALLOWED);
        assertThat(ok.action().params()).containsEntry("replicas", 5);
        HardLimits.Check refused = refuse.check(new Action(ActionType.SCALE_DEPLOYMENT, "x", Map.of("replicas", 0)));
        assertThat(refused.verdict()).isEqualTo(HardLimits.Verdict.REFUSED);
        assertThat(refused.detail()).startsWith("refused by hard limits: replicas 0 -> 1");
    }

    @Test
    void cpuNeverBelowTenPercentMemoryNeverAboveNinety() {
        // 4 cores: 10% is 400m; 16 GiB: 90% is 15461882265 bytes
        HardLimits.Check c = clip.check(new Action(
                ActionType.UPDATE_RESOURCES,
                "shop/checkout",
                Map.of("cpu_limit", "100m", "cpu_request", "500m", "memory_limit", "15Gi", "memory_request", "1Gi")));
        assertThat(c.verdict()).isEqualTo(HardLimits.Verdict.CLIPPED);
        assertThat(c.action().params())
                .containsEntry("cpu_limit", "400m")
                .containsEntry("cpu_request", "500m")
                .containsEntry("memory_limit", "15461882265")
                .containsEntry("memory_request", "1Gi");
        HardLimits.Check pct = clip.check(new Action(
                ActionType.UPDATE_CONTAINER_RESOURCES,
                "web",
                Map.of("cpu_percent", 5, "memory_percent", 95, "cpus", 0.1)));
        assertThat(pct.action().params())
                .containsEntry("cpu_percent", 10.0)
                .containsEntry("memory_percent", 90.0)
                .containsEntry("cpus", 0.4);
        assertThat(pct.detail()).contains("never below 10% CPU").contains("never above 90% memory");
    }

    @Test
    void oneCriticalActionPerMinutePerScope() {
        RateLimiter r = RateLimiter.defaults();
        Action flush = new Action(ActionType.FLUSH_CACHE, "session:*", Map.of());
        RateLimitState s = new RateLimitState();
        long t0 = 1_000_000;
        assertThat(r.check(s, flush, t0).allowed()).isTrue();
        s = r.record(s, flush, t0);
        RateLimiter.Allowance second =
                r.check(s, new Action(ActionType.SHIFT_TRAFFIC, "backend", Map.of()), t0 + 30_000);
        assertThat(second.allowed()).isFalse();
        assertThat(second.detail()).contains("at most one per 60 s");
        // normal-impact actions are not limited by it
        assertThat(r.check(s, new Action(ActionType.WARM_CACHE, "w:", Map.of()), t0 + 1_000)
                        .allowed())
                .isTrue();
        assertThat(r.check(s, flush, t0 + 60_000).allowed()).isTrue();
        // another scope has its own state
        assertThat(r.check(new RateLimitState(), flush, t0 + 1).allowed()).isTrue();
    }

    @Test
    void coolDownStopsScaleUpDownUp() {
        RateLimiter r = RateLimiter.defaults();
        RateLimitState s = new RateLimitState();
        long t = 0;
        Action to3 = new Action(ActionType.SCALE_DEPLOYMENT, "d", Map.of("replicas", 3));
        Action to6 = new Action(ActionType.SCALE_DEPLOYMENT, "d", Map.of("replicas", 6));
        Action to4 = new Action(ActionType.SCALE_DEPLOYMENT, "d", Map.of("replicas", 4));
        s = r.record(s, to3, t);
        assertThat(r.check(s, to6, t += 10_000).allowed()).isTrue(); // up
        s = r.record(s, to6, t);
        RateLimiter.Allowance down = r.check(s, to4, t += 60_000); // down 60 s after up: oscillation
        assertThat(down.allowed()).isFalse();
        assertThat(down.detail()).startsWith("cool-down: scaling down");
        assertThat(r.check(s, new Action(ActionType.SCALE_DEPLOYMENT, "d", Map.of("replicas", 8)), t)
                        .allowed())
                .isTrue(); // further up is fine
        assertThat(r.check(s, to4, t + 300_000).allowed()).isTrue(); // after the cool-down
    }

    @Test
    void rateLimitStateIsASerializablePojo() throws Exception {
        RateLimitState s = RateLimiter.defaults()
                .record(
                        new RateLimitState(),
                        new Action(ActionType.SCALE_DEPLOYMENT, "d", Map.of("replicas", 3, "direction", "up")),
                        42);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        Object back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertThat(back).isEqualTo(s);
        assertThat(s.lastScaleDirection).isEqualTo(1);
        assertThat(s.lastCriticalAt).isZero();
        // Flink's POJO rules: public no-arg constructor, public non-final fields
        assertThat(RateLimitState.class.getConstructor()).isNotNull();
        assertThat(org.apache.flink.api.java.typeutils.TypeExtractor.createTypeInfo(RateLimitState.class))
                .isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
    }

    @Test
    void approvalsForDrainWholeServiceRestartAndKillInProduction() {
        ApprovalPolicy prod = new ApprovalPolicy(true);
        ApprovalPolicy staging = new ApprovalPolicy(false);
        assertThat(prod.reason(new Action(ActionType.DRAIN_NODE, "node-1", Map.of())))
                .isPresent();
        assertThat(staging.reason(new Action(ActionType.DRAIN_NODE, "node-1", Map.of())))
                .isPresent();
        assertThat(staging.reason(new Action(ActionType.RESTART, "shop/checkout", Map.of())))
                .isPresent();
        assertThat(staging.reason(new Action(ActionType.RESTART_CONTAINER, "web-1", Map.of())))
                .isEmpty();
        // one instance of a deployment (its replacement serves before it stops): no approval, even in production
        assertThat(prod.reason(new Action(ActionType.RESTART, "app", Map.of("instance", "app-48000"))))
                .isEmpty();
        assertThat(prod.reason(new Action(ActionType.RESTART, "app", Map.of("instance", " "))))
                .isPresent();
        assertThat(prod.reason(new Action(ActionType.RESTART, "app", Map.of("strategy", "rolling"))))
                .get()
                .asString()
                .contains("whole service");
        assertThat(prod.reason(new Action(ActionType.KILL_SLOW_QUERIES, "app", Map.of())))
                .isPresent();
        assertThat(staging.reason(new Action(ActionType.KILL_SLOW_QUERIES, "app", Map.of())))
                .isEmpty();
        assertThat(prod.reason(new Action(ActionType.SCALE_DEPLOYMENT, "d", Map.of("replicas", 2))))
                .isEmpty();
    }

    @Test
    void safetyManagerClipsRefusesAndHoldsForApproval() {
        SafetyManager m = new SafetyManager(clip, RateLimiter.defaults(), new ApprovalPolicy(true));
        RateLimitState s = new RateLimitState();
        SafetyManager.Verdict v =
                m.check(new Action(ActionType.SCALE_DEPLOYMENT, "d", Map.of("replicas", 99)), s, 0, false);
        assertThat(v.gate()).isEqualTo(SafetyManager.Gate.RUN);
        assertThat(v.action().params()).containsEntry("replicas", 20);
        assertThat(v.detail()).contains("clipped");
        SafetyManager.Verdict drain = m.check(new Action(ActionType.DRAIN_NODE, "n", Map.of()), s, 0, false);
        assertThat(drain.gate()).isEqualTo(SafetyManager.Gate.AWAITING_APPROVAL);
        assertThat(drain.toResult(5).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
        assertThat(m.check(new Action(ActionType.DRAIN_NODE, "n", Map.of()), s, 0, true)
                        .gate())
                .isEqualTo(SafetyManager.Gate.RUN);
        s = m.record(s, new Action(ActionType.DRAIN_NODE, "n", Map.of()), 1000);
        SafetyManager.Verdict limited = m.check(new Action(ActionType.FLUSH_CACHE, "x:*", Map.of()), s, 2000, false);
        assertThat(limited.gate()).isEqualTo(SafetyManager.Gate.REFUSED);
        assertThat(limited.toResult(2000).status()).isEqualTo(ActionStatus.DENIED);
    }

    @Test
    void rollbackJudgeIsDirectionAware() {
        RollbackJudge j = RollbackJudge.defaults();
        Map<String, Double> before = Map.of("latency_p99_ms", 200.0, "error_rate", 0.01, "throughput_rps", 1000.0);
        assertThat(j.judge(before, Map.of("latency_p99_ms", 230.0, "error_rate", 0.011, "throughput_rps", 900.0))
                        .rollback())
                .isFalse(); // +15%, +10%, -10%
        RollbackJudge.Judgement lat =
                j.judge(before, Map.of("latency_p99_ms", 250.0, "error_rate", 0.01, "throughput_rps", 1000.0));
        assertThat(lat.rollback()).isTrue();
        assertThat(lat.worstMetric()).isEqualTo("latency_p99_ms");
        assertThat(lat.worstChange()).isEqualTo(0.25);
        RollbackJudge.Judgement thr = j.judge(before, Map.of("throughput_rps", 750.0));
        assertThat(thr.rollback()).isTrue();
        assertThat(thr.worstMetric()).isEqualTo("throughput_rps");
        // improvements never trigger: latency halved, throughput doubled
        assertThat(j.judge(before, Map.of("latency_p99_ms", 100.0, "throughput_rps", 2000.0))
                        .rollback())
                .isFalse();
        assertThat(j.judge(Map.of("error_rate", 0.0), Map.of("error_rate", 0.02))
                        .rollback())
                .isTrue();
        assertThat(j.judge(Map.of("error_rate", 0.0), Map.of("error_rate", 0.0)).rollback())
                .isFalse();
    }

    @Test
    void webhookPostsSlackJsonAndRetriesServerErrors() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                    + ex.getRequestHeaders().getFirst("Content-Type"));
            int n = calls.incrementAndGet();
            ex.sendResponseHeaders(n < 3 ? 503 : 200, -1);
            ex.close();
        });
        server.createContext("/bad", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(400, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            WebhookNotifier n =
                    new WebhookNotifier(URI.create(base + "/hook"), Duration.ofSeconds(2), 4, Duration.ofMillis(10));
            WebhookNotifier.Delivery d = n.notify("APPROVE? drain_node node-1 \"now\"");
            assertThat(d).isEqualTo(new WebhookNotifier.Delivery(true, 3, 200));
            assertThat(bodies).hasSize(3);
            assertThat(Json.MAPPER
                            .readTree(bodies.get(2).split(" application/json")[0])
                            .get("text")
                            .asText())
                    .isEqualTo("APPROVE? drain_node node-1 \"now\"");
            assertThat(bodies.get(0)).endsWith("application/json");
            calls.set(0);
            WebhookNotifier bad =
                    new WebhookNotifier(URI.create(base + "/bad"), Duration.ofSeconds(2), 4, Duration.ofMillis(10));
            assertThat(bad.notify("x")).isEqualTo(new WebhookNotifier.Delivery(false, 1, 400));
        } finally {
            server.stop(0);
        }
        // nothing listens: every attempt fails fast, and the notifier says so instead of throwing
        WebhookNotifier none = new WebhookNotifier(
                URI.create("http://127.0.0.1:" + freePort() + "/hook"),
                Duration.ofMillis(500),
                2,
                Duration.ofMillis(10));
        assertThat(none.notify("x")).isEqualTo(new WebhookNotifier.Delivery(false, 2, -1));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
