package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx actuator against a real nginx in front of two local upstream HTTP servers. */
class NginxActuatorTest extends ActuatorContractTest {

    @TempDir
    static Path dir;

    static HttpServer serverA;
    static HttpServer serverB;
    static String a;
    static String b;
    static NginxProcess nginx;
    static String initial;

    @BeforeAll
    static void start() throws Exception {
        serverA = upstream("A");
        serverB = upstream("B");
        a = "127.0.0.1:" + serverA.getAddress().getPort();
        b = "127.0.0.1:" + serverB.getAddress().getPort();
        nginx = NginxProcess.start(dir.resolve("nginx"), List.of(a, b));
        initial = Files.readString(nginx.upstreamFile());
    }

    private static HttpServer upstream(String name) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        s.createContext("/", ex -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        return s;
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (serverA != null) {
            serverA.stop(0);
            serverB.stop(0);
        }
    }

    @BeforeEach
    void reset() throws Exception {
        Files.writeString(nginx.upstreamFile(), initial);
        nginx.reloadAndWait(); // no worker of an earlier test's config may serve this test's requests
    }

    @Override
    protected Actuator actuator(boolean dryRun) {
        return new NginxActuator(nginx.options(dryRun));
    }

    @Override
    protected Actuator fromEmptyEnvironment() {
        return new NginxActuator(NginxActuator.Options.fromEnv(new Env(Map.of())));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(
                new Action(ActionType.SHIFT_TRAFFIC, "backend", Map.of("weights", Map.of(a, 4, b, 1))),
                new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", b, "state", "open")));
    }

    @Override
    protected List<Action> invalidActions() {
        return List.of(
                new Action(ActionType.SHIFT_TRAFFIC, "nope", Map.of("weights", Map.of(a, 1))),
                new Action(ActionType.SHIFT_TRAFFIC, "backend; evil", Map.of("weights", Map.of(a, 1))),
                new Action(ActionType.SHIFT_TRAFFIC, "backend", Map.of("weights", Map.of("10.0.0.1:80", 1))),
                new Action(ActionType.SHIFT_TRAFFIC, "backend", Map.of("weights", Map.of(a, 0))),
                new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", b, "state", "half")));
    }

    @Override
    protected Object observe(Action action) throws Exception {
        return Upstreams.parse(Files.readString(nginx.upstreamFile())).servers("backend");
    }

    private Map<String, Integer> split(int n) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(nginx.get(), 1, Integer::sum);
        }
        return counts;
    }

    /** Weight 1:1 round robin (its position carries over between tests, so ±1 per 100 at most; ±5 allowed). */
    private static void assertEven(Map<String, Integer> counts) {
        assertThat(counts.get("A")).isBetween(45, 55);
        assertThat(counts.get("B")).isBetween(45, 55);
    }

    private Attempt runLive(NginxActuator act, Action action) throws Exception {
        Set<Long> workers = nginx.workers();
        Attempt at = new ActuatorRegistry(List.of(act), false).run(action);
        assertThat(at.result().status()).as(at.result().detail()).isEqualTo(ActionStatus.EXECUTED);
        nginx.awaitWorkersReplaced(workers, 10_000);
        return at;
    }

    @Test
    void shiftTrafficSplitsRequestsByWeightAndRevertEvensThemOut() throws Exception {
        NginxActuator act = new NginxActuator(nginx.options(false));
        assertEven(split(100));
        Attempt at =
                runLive(act, new Action(ActionType.SHIFT_TRAFFIC, "backend", Map.of("weights", Map.of(a, 80, b, 20))));
        Map<String, Integer> after = split(200);
        assertThat(after.get("A")).isBetween(150, 170); // 80% of 200 = 160, ±5 points
        assertThat(after.get("B")).isBetween(30, 50);
        Set<Long> workers = nginx.workers();
        assertThat(act.revert(at.execution()).success()).isTrue();
        nginx.awaitWorkersReplaced(workers, 10_000);
        assertEven(split(100));
    }

    @Test
    void trippedServerGetsNoTrafficUntilTheBreakerCloses() throws Exception {
        NginxActuator act = new NginxActuator(nginx.options(false));
        runLive(act, new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", b, "state", "open")));
        assertThat(split(100)).containsOnlyKeys("A").containsEntry("A", 100);
        assertThat(act.validate(
                        new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", a, "state", "open"))))
                .anyMatch(p -> p.contains("last live server"));
        runLive(act, new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", b, "state", "closed")));
        assertEven(split(100));
    }

    @Test
    void aHostNamesItsServerThroughTheConfiguredTemplateOnly() throws Exception {
        NginxActuator.Options o = nginx.options(false);
        NginxActuator act = new NginxActuator(new NginxActuator.Options(
                o.binary(),
                o.prefix(),
                o.mainConf(),
                o.upstreamFile(),
                o.errorLog(),
                false,
                o.commandTimeoutMillis(),
                "app-{port}=127.0.0.1:{port}"));
        String hostB = "app-" + serverB.getAddress().getPort();
        runLive(act, new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", hostB, "state", "open")));
        assertThat(split(100)).containsOnlyKeys("A");
        // a host the template names but the upstream does not hold, or one it does not match, is refused
        assertThat(act.validate(
                        new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", "app-1", "state", "open"))))
                .anyMatch(p -> p.contains("is not in upstream"));
        assertThat(act.validate(new Action(
                        ActionType.CIRCUIT_BREAKER,
                        "backend",
                        Map.of("server", "web-" + serverB.getAddress().getPort()))))
                .anyMatch(p -> p.contains("is not in upstream"));
        runLive(act, new Action(ActionType.CIRCUIT_BREAKER, "backend", Map.of("server", hostB, "state", "closed")));
        assertEven(split(100));
    }

    @Test
    void aConfigNginxRejectsIsNotAppliedAndTheOldFileStays() throws Exception {
        // an upstream file nginx -t rejects: a server that cannot be resolved
        Files.writeString(nginx.upstreamFile(), initial.replace(b, "no-such-host.invalid:80"));
        String bad = Files.readString(nginx.upstreamFile());
        NginxActuator act = new NginxActuator(nginx.options(false));
        Execution e = act.execute(new Action(ActionType.SHIFT_TRAFFIC, "backend", Map.of("weights", Map.of(a, 3))));
        assertThat(e.success()).isFalse();
        assertThat(e.detail()).contains("nginx -t rejected");
        assertThat(Files.readString(nginx.upstreamFile())).isEqualTo(bad);
        assertThat(split(10).get("B")).as("the running config is untouched").isBetween(4, 6);
    }
}
