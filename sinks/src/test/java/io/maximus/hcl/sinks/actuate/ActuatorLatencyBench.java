package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Action latency (plan → verified effect) per actuator, p50/p99 over N runs, against the real servers the tests use.
 * Not part of the normal test run: {@code ./mvnw -o -pl sinks test -Dtest=ActuatorLatencyBench -Dhcl.bench=true
 * [-Dhcl.bench.runs=50]}. Prints one line per actuator to stdout.
 */
@EnabledIfSystemProperty(named = "hcl.bench", matches = "true")
@EnableKubernetesMockClient(crud = true)
class ActuatorLatencyBench {

    private static final Logger LOG = LoggerFactory.getLogger(ActuatorLatencyBench.class);
    static KubernetesClient client;

    @TempDir
    Path dir;

    final int runs = Integer.getInteger("hcl.bench.runs", 50);

    /** Times {@code runs} executions of the callable (each returns the measured ms) and reports p50/p99. */
    private String measure(String name, Callable<Double> once) throws Exception {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = once.call();
        }
        Arrays.sort(ms);
        String line = String.format(
                "%-28s runs=%d p50=%.1f ms p99=%.1f ms max=%.1f ms",
                name, runs, ms[(int) Math.ceil(0.50 * runs) - 1], ms[(int) Math.ceil(0.99 * runs) - 1], ms[runs - 1]);
        System.out.println("BENCH " + line); // the benchmark's result output
        return line;
    }

    private static double run(ActuatorRegistry reg, Action a, Runnable afterEffect) {
        long t0 = System.nanoTime();
        Attempt at = reg.run(a);
        assertThat(at.result().status()).as(at.result().detail()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(at.verification().ok()).as(at.verification().detail()).isTrue();
        afterEffect.run();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (a.type() != ActionType.VACUUM && a.type() != ActionType.KILL_SLOW_QUERIES) {
            assertThat(reg.revert(at.execution()).status()).isEqualTo(ActionStatus.REVERTED);
        }
        return ms;
    }

    @Test
    void latencies() throws Exception {
        List<String> lines = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"));
                ActuatorRegistry reg = new ActuatorRegistry(
                        List.of(new RedisActuator(RedisActuator.Options.local(redis.port(), false))), false);
                Jedis j = new Jedis("127.0.0.1", redis.port())) {
            lines.add(measure("redis flush_cache(1000 keys)", () -> {
                for (int i = 0; i < 1000; i++) {
                    j.set("k:" + i, "v");
                }
                return run(reg, new Action(ActionType.FLUSH_CACHE, "k:*", Map.of()), () -> {});
            }));
            lines.add(measure(
                    "redis warm_cache(100 keys)",
                    () -> run(
                            reg,
                            new Action(
                                    ActionType.WARM_CACHE,
                                    "w:",
                                    Map.of(
                                            "keys",
                                            java.util.stream.IntStream.range(0, 100)
                                                    .mapToObj(Integer::toString)
                                                    .toList())),
                            () -> {})));
        }
        HttpServer up = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        up.start();
        String a = "127.0.0.1:" + up.getAddress().getPort();
        try (NginxProcess nginx = NginxProcess.start(dir.resolve("nginx"), List.of(a, "127.0.0.1:1"));
                ActuatorRegistry reg = new ActuatorRegistry(List.of(new NginxActuator(nginx.options(false))), false)) {
            lines.add(measure("nginx shift_traffic(+reload)", () -> {
                var workers = nginx.workers();
                long t0 = System.nanoTime();
                Attempt at = reg.run(new Action(ActionType.SHIFT_TRAFFIC, "backend", Map.of("weights", Map.of(a, 4))));
                assertThat(at.result().status()).isEqualTo(ActionStatus.EXECUTED);
                nginx.awaitWorkersReplaced(workers, 10_000); // the effect: new workers serve the new config
                double ms = (System.nanoTime() - t0) / 1e6;
                var shifted = nginx.workers();
                assertThat(reg.revert(at.execution()).status()).isEqualTo(ActionStatus.REVERTED);
                nginx.awaitWorkersReplaced(shifted, 10_000);
                return ms;
            }));
        } finally {
            up.stop(0);
        }
        PostgresFixture pg = PostgresFixture.shared();
        try (Connection c = DriverManager.getConnection(pg.url(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench (id int)");
            s.execute("INSERT INTO bench SELECT generate_series(1, 1000)");
        }
        try (ActuatorRegistry reg = new ActuatorRegistry(
                List.of(new PostgresActuator(new PostgresActuator.Options(pg.url(), "postgres", null, false, 60))),
                false)) {
            lines.add(measure(
                    "postgres vacuum(1000 rows)",
                    () -> run(reg, new Action(ActionType.VACUUM, "bench", Map.of()), () -> {})));
            lines.add(measure(
                    "postgres kill_slow_queries",
                    () -> run(
                            reg,
                            new Action(ActionType.KILL_SLOW_QUERIES, "postgres", Map.of("threshold_seconds", 60)),
                            () -> {})));
        }
        try (PgBouncerProcess bouncer = PgBouncerProcess.start(pg.port());
                ActuatorRegistry reg = new ActuatorRegistry(
                        List.of(new PgBouncerActuator(new PgBouncerActuator.Options(
                                "127.0.0.1", bouncer.port(), "hcl", null, false, "/usr/bin/psql"))),
                        false)) {
            lines.add(measure(
                    "pgbouncer resize_pool",
                    () -> run(reg, new Action(ActionType.RESIZE_POOL, "app", Map.of("size", 33)), () -> {})));
        }
        client.apps()
                .deployments()
                .inNamespace("shop")
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(2)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("x")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        try (ActuatorRegistry reg = new ActuatorRegistry(
                List.of(new KubernetesActuator(client, new KubernetesActuator.Options("default", false))), false)) {
            lines.add(measure(
                    "kubernetes scale (CRUD mock)",
                    () -> run(
                            reg,
                            new Action(ActionType.SCALE_DEPLOYMENT, "shop/web", Map.of("replicas", 5)),
                            () -> {})));
        }
        LOG.info("action latency:\n{}", String.join("\n", lines));
        assertThat(lines).hasSize(7);
    }
}
