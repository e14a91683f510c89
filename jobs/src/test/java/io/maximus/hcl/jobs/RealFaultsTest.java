package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.execute.ActionLog;
import io.maximus.hcl.sinks.execute.ActionLogFactory;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.FileActionLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real faults on the real job ({@link HclJob#attach}: Kafka sources, the whole topology, decisions and action events
 * to Kafka exactly once) on a Flink MiniCluster with two TaskManagers (one slot each, parallelism 2, checkpoints every
 * second, fixed-delay restarts), an in-process Kafka broker (KRaft) and a LIVE actuator: {@code notify}, posting to a
 * local HTTP server that counts what it receives. Six services get a p99-latency step each; the degradation rule plans
 * one notify per service. Telemetry arrives in two halves; a fault is injected after the first action reached the
 * webhook, then the second half is sent. Each run is compared with a fault-free run of the same telemetry: the
 * decisions a {@code read_committed} consumer sees (by id: none lost, none twice, same statuses), every alert posted
 * exactly once, every action recorded as executed (in the decision, the action events and the action log).
 *
 * <p>Runs in its own surefire execution ({@code real-faults} in jobs/pom.xml): the actuators read their settings
 * ({@code HCL_NOTIFY_DRY_RUN=false}, the webhook URL file) only from the environment.
 */
class RealFaultsTest {

    private static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00:00Z
    private static final List<String> SERVICES = List.of("checkout", "search", "auth", "cart", "payment", "catalog");
    private static final long HALF = T0 + 24 * 60_000;
    private static final long END = T0 + 45 * 60_000;
    private static final Duration WAIT = Duration.ofSeconds(180);

    private static Result baseline;

    @TempDir
    Path dir;

    /** A fault, injected once the first half of the telemetry has produced its first executed action. */
    @FunctionalInterface
    private interface Fault {
        void inject(MiniCluster cluster, EmbeddedKafka kafka) throws Exception;
    }

    /** What a run left behind: decisions and action events as read_committed sees them, webhook posts, the log. */
    private record Result(
            Map<String, List<JsonNode>> decisions,
            Map<String, List<JsonNode>> events,
            Map<String, Integer> posts,
            List<ActionLog.Entry> log,
            boolean restarted) {

        Map<String, String> statuses() {
            Map<String, String> m = new TreeMap<>();
            decisions.forEach((id, ds) -> m.put(
                    id,
                    ds.get(0).path("actions_taken").findValuesAsText("status").toString()));
            return m;
        }
    }

    @Test
    void aTaskManagerKilledMidStreamLosesNoDecisionAndExecutesNoActionTwice() throws Exception {
        Result r = run("tm-kill", UnaryOperator.identity(), (cluster, kafka) -> {
            cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
            cluster.startTaskManager(); // the replacement a cluster manager would bring up
        });
        assertThat(r.restarted()).as("the job failed over").isTrue();
        assertSameAsFaultFree(r);
    }

    @Test
    void aKafkaBrokerRestartedMidStreamLosesNoDecisionAndExecutesNoActionTwice() throws Exception {
        Result r = run("broker-restart", UnaryOperator.identity(), (cluster, kafka) -> {
            kafka.stopBroker();
            String[] hostPort = kafka.bootstrapServers().split(",")[0].split(":");
            assertThat(accepts(hostPort[0], Integer.parseInt(hostPort[1])))
                    .as("the broker's port while it is down")
                    .isFalse();
            Thread.sleep(5_000);
            kafka.startBroker();
        });
        assertSameAsFaultFree(r);
    }

    @Test
    void aCrashBetweenAnActionsClaimAndItsRecordNeitherRepeatsItNorReportsItNotExecuted() throws Exception {
        CrashingLog.ARMED.set(true);
        CrashingLog.REACHED.set(new CountDownLatch(1));
        CrashingLog.CRASHED_KEY.set(null);
        Result r = run(
                "claim-crash",
                c -> c.withActuators(c.actuators(), c.globalDryRun(), new CrashingLogFactory(c.actionLog())),
                (cluster, kafka) -> {
                    // The actuator has run (the alert reached the webhook) and the task is about to record it: the
                    // task manager dies there. Its replacement restores the last checkpoint.
                    assertThat(CrashingLog.REACHED.get().await(120, TimeUnit.SECONDS))
                            .as("an action reached its record")
                            .isTrue();
                    cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
                    cluster.terminateTaskManager(1).get(60, TimeUnit.SECONDS);
                    cluster.startTaskManager();
                    cluster.startTaskManager();
                });
        assertThat(r.restarted()).as("the job failed over").isTrue();
        assertSameAsFaultFree(r);
        String key = CrashingLog.CRASHED_KEY.get();
        assertThat(key).isNotNull();
        List<JsonNode> events = r.events().get(key);
        assertThat(events).as("events of the crashed action " + key).isNotEmpty();
        assertThat(events).extracting(e -> e.at("/result/status").asText()).containsOnly("EXECUTED");
        assertThat(events)
                .extracting(e -> e.at("/result/detail").asText())
                .anySatisfy(d -> assertThat(d).contains("reconciled on recovery"));
        assertThat(r.log())
                .filteredOn(e -> e.key().equals(key))
                .singleElement()
                .satisfies(e -> assertThat(
                                Json.read(e.result(), ActionResult.class).detail())
                        .contains("reconciled on recovery"));
    }

    private void assertSameAsFaultFree(Result r) throws Exception {
        Result base = baseline();
        assertThat(base.decisions()).hasSize(SERVICES.size());
        assertThat(r.decisions().keySet())
                .as("decision ids: none lost, none added")
                .containsExactlyInAnyOrderElementsOf(base.decisions().keySet());
        assertThat(r.decisions().values())
                .as("each decision seen once by a read_committed consumer")
                .allSatisfy(ds -> assertThat(ds).hasSize(1));
        assertThat(r.statuses()).as("recorded statuses").isEqualTo(base.statuses());
        assertThat(r.statuses().values()).containsOnly("[EXECUTED]");
        assertThat(r.posts()).as("alerts at the webhook").hasSize(SERVICES.size());
        assertThat(r.posts().values()).as("alerts executed twice").containsOnly(1);
        assertThat(r.events().keySet()).as("action events by idempotency key").hasSize(SERVICES.size());
        assertThat(r.events().values())
                .allSatisfy(es -> assertThat(es).hasSize(1))
                .allSatisfy(es ->
                        assertThat(es.get(0).at("/result/status").asText()).isEqualTo("EXECUTED"));
        assertThat(r.log()).as("action log").hasSize(SERVICES.size()).allSatisfy(e -> {
            assertThat(e.state()).isEqualTo(ActionLog.State.DONE);
            assertThat(Json.read(e.result(), ActionResult.class).status().name())
                    .isEqualTo("EXECUTED");
        });
    }

    private Result baseline() throws Exception {
        if (baseline == null) {
            baseline = run("fault-free", UnaryOperator.identity(), null);
        }
        return baseline;
    }

    private Result run(String name, UnaryOperator<ExecuteConfig> execute, Fault fault) throws Exception {
        String urlFile = System.getenv("HCL_APPROVAL_WEBHOOK_URL_FILE");
        assumeTrue(
                "false".equals(System.getenv("HCL_NOTIFY_DRY_RUN")) && urlFile != null,
                "runs in the real-faults surefire execution (actuator settings come from the environment)");
        long started = System.nanoTime();
        Map<String, Integer> posts = new ConcurrentHashMap<>();
        AtomicInteger received = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alerts", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.merge(body, 1, Integer::sum);
            received.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        Path logDir = dir.resolve(name + "-action-log");
        Files.createDirectories(Path.of(urlFile).toAbsolutePath().getParent());
        Files.writeString(
                Path.of(urlFile), "http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts\n");

        Configuration cluster = new Configuration();
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        MiniCluster mini = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(cluster)
                .setNumTaskManagers(2)
                .setNumSlotsPerTaskManager(1)
                .build());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            mini.start();
            kafka.createHclTopics(2);
            Configuration conf = HclOptions.fromArgs(new String[] {
                "--kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "--kafka.starting-offsets",
                "earliest",
                "--kafka.delivery",
                "exactly-once",
                "--jdbc.url=", // Kafka only: the knowledge base's sinks upsert by id (HclJobEndToEndTest)
                "--job.checkpoint-interval",
                "1 s",
                "--watermark.out-of-orderness",
                "5 s",
                // Never idle: the telemetry pauses between the halves, and a partition marked idle then would let the
                // other's watermark run ahead and make its records late (a different, not a faulty, result).
                "--watermark.idleness",
                "10 min",
                // the alerts through notify are what is counted; the capacity policy's plans (set_mode, scaling) would
                // add claims for actions no actuator here carries out
                "--plan.enabled",
                "false",
                "--execute.dry-run",
                "false",
                "--execute.actuators",
                "notify",
                "--execute.action-log",
                "file:" + logDir.toAbsolutePath()
            });
            TestStreamEnvironment env = new TestStreamEnvironment(mini, 2);
            HclJob.attach(env, conf, execute);
            JobClient job = env.executeAsync("hcl " + name);
            try {
                send(kafka, T0, HALF);
                if (fault != null) {
                    awaitTrue(() -> received.get() >= 1, "a first alert at the webhook");
                    fault.inject(mini, kafka);
                }
                send(kafka, HALF, END);
                int expected = baseline == null
                        ? SERVICES.size()
                        : baseline.decisions().size();
                Map<String, List<JsonNode>> decisions = readById(
                        kafka,
                        Topics.DECISIONS,
                        "id",
                        expected,
                        r -> r.get("id").asText());
                Map<String, List<JsonNode>> events = readById(
                        kafka,
                        Topics.ACTIONS,
                        "idempotency_key",
                        expected,
                        r -> r.get("idempotency_key").asText());
                List<ActionLog.Entry> log = readLog(logDir, events.keySet());
                boolean restarted = mini.getExecutionGraph(job.getJobID())
                                .get(60, TimeUnit.SECONDS)
                                .getStatusTimestamp(JobStatus.RESTARTING)
                        > 0;
                System.err.printf(
                        "real-faults %s: job restarted %s; %d decisions (%d records), %d alerts posted (%d requests), paths %s,"
                                + " %.1f s%n",
                        name,
                        restarted,
                        decisions.size(),
                        decisions.values().stream().mapToInt(List::size).sum(),
                        posts.size(),
                        received.get(),
                        events.values().stream()
                                .flatMap(List::stream)
                                .map(e -> e.get("path").asText())
                                .collect(Collectors.groupingBy(p -> p, TreeMap::new, Collectors.counting())),
                        (System.nanoTime() - started) / 1e9);
                return new Result(decisions, events, Map.copyOf(posts), log, restarted);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        } finally {
            mini.close();
            hook.stop(0);
        }
    }

    private static void send(EmbeddedKafka kafka, long from, long to) throws Exception {
        List<SyntheticFleet.Incident> steps = new ArrayList<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            steps.add(new SyntheticFleet.Incident(
                    SyntheticFleet.IncidentKind.LATENCY_STEP,
                    SERVICES.get(i),
                    T0 + (8 + 2 * i) * 60_000L,
                    END - T0,
                    0.6));
        }
        SyntheticFleet fleet = new SyntheticFleet(SERVICES, 2, steps, 23);
        try (TelemetryProducer producer = new TelemetryProducer(kafka.bootstrapServers())) {
            for (long t = from; t < to; t += 15_000) {
                for (TelemetrySnapshot s : fleet.at(t)) {
                    producer.send(s);
                }
            }
            producer.flush();
        }
    }

    /**
     * Reads a topic as a read_committed consumer until at least {@code expected} distinct keys are seen (or the
     * timeout), then a little longer so a late duplicate would show; records grouped by key.
     */
    private static Map<String, List<JsonNode>> readById(
            EmbeddedKafka kafka,
            String topic,
            String what,
            int expected,
            java.util.function.Function<JsonNode, String> id)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, List<JsonNode>> out = new TreeMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long settle = Long.MAX_VALUE;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    JsonNode n = Json.MAPPER.readTree(r.value());
                    out.computeIfAbsent(id.apply(n), k -> new ArrayList<>()).add(n);
                }
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                }
            }
        }
        assertThat(out).as(what + " on " + topic).hasSizeGreaterThanOrEqualTo(expected);
        return out;
    }

    /** The action log's entry of each key (read through the log itself, as a restarted job would). */
    private static List<ActionLog.Entry> readLog(Path logDir, Iterable<String> keys) throws IOException {
        List<ActionLog.Entry> out = new ArrayList<>();
        try (FileActionLog log = new FileActionLog(logDir)) {
            for (String k : keys) {
                log.claim(k).ifPresent(out::add);
            }
        }
        try (Stream<Path> files = Files.list(logDir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".claim")).count())
                    .as("claims in the action log")
                    .isEqualTo(out.size());
        }
        return out;
    }

    private static boolean accepts(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Opens the configured log wrapped in a {@link CrashingLog}. */
    private record CrashingLogFactory(ActionLogFactory inner) implements ActionLogFactory {
        @Override
        public ActionLog open() throws IOException {
            return new CrashingLog(inner.open());
        }
    }

    /**
     * The action log of a task that dies between an action's claim and its record: the first executed outcome it is
     * asked to record is never written; the attempt stops there (until the task is torn down) and this log, like the
     * dead process, writes nothing more. Later instances (after the restart) pass everything through.
     */
    private static final class CrashingLog implements ActionLog {
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static final java.util.concurrent.atomic.AtomicReference<CountDownLatch> REACHED =
                new java.util.concurrent.atomic.AtomicReference<>(new CountDownLatch(1));
        static final java.util.concurrent.atomic.AtomicReference<String> CRASHED_KEY =
                new java.util.concurrent.atomic.AtomicReference<>();

        private final ActionLog inner;
        private final CountDownLatch torndown = new CountDownLatch(1);
        private volatile boolean dead;

        CrashingLog(ActionLog inner) {
            this.inner = inner;
        }

        private void alive() throws IOException {
            if (dead) {
                throw new IOException("the task manager is dead (test)");
            }
        }

        @Override
        public Optional<Entry> claim(String key) throws IOException {
            alive();
            return inner.claim(key);
        }

        @Override
        public void intend(String key, String actionJson) throws IOException {
            alive();
            inner.intend(key, actionJson);
        }

        @Override
        public void complete(String key, ActionResult result, Execution execution) throws IOException {
            alive();
            if (result.status().name().equals("EXECUTED") && ARMED.compareAndSet(true, false)) {
                dead = true;
                CRASHED_KEY.set(key);
                REACHED.get().countDown();
                try {
                    torndown.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("crashed between the claim and the record of " + key + " (test)");
            }
            inner.complete(key, result, execution);
        }

        @Override
        public void close() throws IOException {
            torndown.countDown();
            inner.close();
        }
    }
}
