package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import io.maximus.hcl.sinks.actuate.RedisActuator;
import io.maximus.hcl.sinks.actuate.RedisServerProcess;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.FileActionLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * One slow system does not stall the stream: Redis is paused (CLIENT PAUSE), so the first plan (warm_cache on scope
 * "cache") hangs until the stage's timeout, while ten later plans on another scope (Kubernetes scale, fabric8 CRUD
 * mock) are executed and come out before it, each in its own watermark segment.
 */
@EnableKubernetesMockClient(crud = true)
class ExecuteStageSlowSystemTest {

    static KubernetesClient client;

    /**
     * Not JUnit's {@code @TempDir}: the hanging call outlives the stage's timeout (that is the point of the test) and
     * records its late outcome in the action log after the test ends, which races JUnit's strict deletion. Deleted
     * here best-effort once that call is over.
     */
    Path dir;

    @BeforeEach
    void makeDir() throws java.io.IOException {
        dir = java.nio.file.Files.createTempDirectory("hcl-slow-system-");
    }

    @AfterEach
    void removeDir() throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (var paths = java.nio.file.Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
                return;
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                Thread.sleep(500); // the late outcome is still being written
            }
        }
    }

    /** The slow plan first, then ten fast ones a minute apart in event time. */
    record SlowScript() implements ExecuteHarness.Steps {
        @Override
        public List<ExecuteHarness.Step> steps() {
            List<ExecuteHarness.Step> s = new ArrayList<>();
            long t = ExecuteHarness.T0;
            s.add(step(t, "cache", "slow", new Action(ActionType.WARM_CACHE, "slow:", Map.of("keys", List.of("a")))));
            for (int i = 1; i <= 10; i++) {
                s.add(step(
                        t + i * 60_000L,
                        "checkout",
                        "fast-" + i,
                        new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 2 + i))));
            }
            return s;
        }

        private static ExecuteHarness.Step step(long t, String service, String key, Action a) {
            return new ExecuteHarness.Step(
                    t,
                    new ActionPlan(
                            Scope.service(service),
                            t,
                            "test",
                            "test " + key,
                            OperationalMode.BALANCED,
                            List.of(a),
                            1,
                            false,
                            key,
                            Map.of()),
                    null);
        }
    }

    @Test
    void aHangingActionHoldsBackOnlyItself() throws Exception {
        client.apps()
                .deployments()
                .inNamespace("shop")
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("checkout")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(2)
                        .withNewSelector()
                        .addToMatchLabels("app", "checkout")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "checkout")
                        .endMetadata()
                        .withNewSpec()
                        .addToContainers(new ContainerBuilder()
                                .withName("app")
                                .withImage("shop/checkout:1")
                                .build())
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .createOr(r -> r.update());
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"))) {
            int port = redis.port();
            String url = client.getMasterUrl().toString();
            String log = dir.resolve("log").toString();
            ExecuteConfig base = ExecuteConfig.defaults()
                    .withActuators(
                            () -> List.of(
                                    new RedisActuator(new RedisActuator.Options(
                                            "127.0.0.1", port, null, null, false, 500, 100, 30_000)),
                                    new KubernetesActuator(
                                            new KubernetesClientBuilder()
                                                    .withConfig(new ConfigBuilder()
                                                            .withMasterUrl(url)
                                                            .withTrustCerts(true)
                                                            .build())
                                                    .build(),
                                            new KubernetesActuator.Options("shop", false))),
                            false,
                            () -> new FileActionLog(Path.of(log)));
            ExecuteConfig config = new ExecuteConfig(
                    base.globalDryRun(),
                    base.actuators(),
                    base.actionLog(),
                    base.maxReplicas(),
                    base.cpuCapacityCores(),
                    base.memoryCapacityBytes(),
                    base.onViolation(),
                    base.production(),
                    base.criticalInterval(),
                    Duration.ZERO,
                    Duration.ofSeconds(8),
                    10,
                    4,
                    base.executedKeysTtl(),
                    base.approvalTimeout(),
                    base.rollbackDelay(),
                    base.rollbackThreshold(),
                    base.rollbackMetrics(),
                    base.webhook());
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                j.clientPause(60_000); // every command of every client waits a minute: the slow system
                ExecuteHarness.run(new SlowScript(), config, 0, 50);
            }
        }
        List<ActionEvent> events = new ArrayList<>(ExecuteHarness.EVENTS);
        assertThat(events).hasSize(11);
        ActionEvent last = events.get(events.size() - 1);
        assertThat(last.idempotencyKey()).isEqualTo("slow#0");
        assertThat(last.result().status()).isEqualTo(ActionStatus.FAILED);
        assertThat(last.result().detail()).startsWith("timed out after 8000 ms");
        assertThat(events.subList(0, 10)).allSatisfy(e -> {
            assertThat(e.result().status()).isEqualTo(ActionStatus.EXECUTED);
            assertThat(e.latencyMillis()).isLessThan(last.latencyMillis());
        });
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName("checkout")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(12);
    }
}
