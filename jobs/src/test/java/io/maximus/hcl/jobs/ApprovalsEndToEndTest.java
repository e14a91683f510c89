package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import io.maximus.hcl.knowledge.api.ApiConfig;
import io.maximus.hcl.knowledge.api.ApiServer;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals end to end, everything real but the Kubernetes API (fabric8's mock server in CRUD mode): the job on a
 * local Flink cluster reads telemetry from an in-process Kafka broker, sees the error rate of checkout and search
 * rise and plans a rolling restart of each (dry run off, Kubernetes actuator live, file action log). Each restart
 * waits for a human: a pending row appears in hcl_approvals, a Slack-compatible webhook post reaches a local HTTP
 * server. The test approves checkout's restart and denies search's over the decision API (bearer token); the API
 * publishes the answers to hcl.approvals, the job reads them: checkout is restarted (EXECUTED via path approved, the
 * deployment's restartedAt annotation set), search is DENIED and its deployment untouched.
 *
 * <p>Runs in its own surefire execution ({@code approvals-end-to-end} in jobs/pom.xml), which sets
 * {@code HCL_K8S_DRY_RUN=false} and {@code HCL_APPROVAL_WEBHOOK_URL_FILE}: the actuators read only the environment.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class ApprovalsEndToEndTest {

    private static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00:00Z
    private static final String TOKEN = "approvals-e2e-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void aRestartWaitsForAHumanRunsWhenApprovedOverHttpAndADeniedOneNeverRuns() throws Exception {
        String urlFile = System.getenv("HCL_APPROVAL_WEBHOOK_URL_FILE");
        assumeTrue(
                "false".equals(System.getenv("HCL_K8S_DRY_RUN")) && urlFile != null,
                "runs in the approvals-end-to-end surefire execution (actuator settings come from the environment)");

        List<String> webhookPosts = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/slack", ex -> {
            webhookPosts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        Files.createDirectories(Path.of(urlFile).getParent());
        Files.writeString(
                Path.of(urlFile), "http://127.0.0.1:" + hook.getAddress().getPort() + "/slack\n");

        // The actuator's client configures itself like kubectl would; here: the mock server, nothing else.
        System.setProperty("kubernetes.master", client.getConfiguration().getMasterUrl());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        for (String svc : List.of("checkout", "search")) {
            client.apps()
                    .deployments()
                    .inNamespace("default")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName(svc)
                            .withNamespace("default")
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(3)
                            .withNewSelector()
                            .addToMatchLabels("app", svc)
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", svc)
                            .endMetadata()
                            .withNewSpec()
                            .addToContainers(new ContainerBuilder()
                                    .withName("app")
                                    .withImage("shop/" + svc + ":1")
                                    .build())
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(2);
            Configuration conf = HclOptions.fromArgs(new String[] {
                "--kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "--kafka.starting-offsets",
                "earliest",
                "--jdbc.url",
                pg.jdbcUrl(),
                "--jdbc.user",
                pg.user(),
                "--jdbc.batch-interval",
                "200 ms",
                "--job.checkpoint-interval",
                "2 s",
                "--watermark.out-of-orderness",
                "5 s",
                "--watermark.idleness",
                "2 s",
                "--execute.dry-run",
                "false",
                "--execute.actuators",
                "kubernetes",
                "--execute.action-log",
                "file:" + dir.resolve("action-log").toAbsolutePath(),
                "--execute.approval-timeout",
                "10 min"
            });
            HclJob.prepare(conf);
            ApiServer api = ApiServer.start(ApiConfig.of(pg.jdbcUrl(), pg.user(), "")
                    .withToken(TOKEN)
                    .withMaintenanceEvery(null)
                    .withKafka(kafka.bootstrapServers(), Topics.APPROVALS));
            String base = "http://127.0.0.1:" + api.port();

            // 15 minutes of event time; the error rate of checkout and search surges from minute 3 to 10.
            SyntheticFleet fleet = new SyntheticFleet(
                    List.of("checkout", "search", "auth"),
                    2,
                    List.of(
                            new SyntheticFleet.Incident(
                                    SyntheticFleet.IncidentKind.ERROR_SURGE,
                                    "checkout",
                                    T0 + 3 * 60_000,
                                    7 * 60_000,
                                    0),
                            new SyntheticFleet.Incident(
                                    SyntheticFleet.IncidentKind.ERROR_SURGE, "search", T0 + 3 * 60_000, 7 * 60_000, 0)),
                    11);
            try (TelemetryProducer producer = new TelemetryProducer(kafka.bootstrapServers())) {
                for (long t = T0; t < T0 + 15 * 60_000; t += 15_000) {
                    for (TelemetrySnapshot s : fleet.at(t)) {
                        producer.send(s);
                    }
                }
                producer.flush();
            }

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
            HclJob.attach(env, conf);
            JobClient job = env.executeAsync("hcl approvals e2e");
            try {
                // 1. The waiting restarts appear as pending approvals, through the API.
                Map<String, JsonNode> pending =
                        awaitPending(base, List.of("checkout", "search"), Duration.ofSeconds(180));
                JsonNode checkout = pending.get("checkout");
                JsonNode search = pending.get("search");
                assertThat(checkout.at("/action/type").asText()).isEqualTo("restart");
                assertThat(checkout.get("requested_by").asText()).isEqualTo("execute-stage");
                assertThat(Duration.between(
                                java.time.Instant.parse(
                                        checkout.get("requested_at").asText()),
                                java.time.Instant.parse(
                                        checkout.get("expires_at").asText())))
                        .isEqualTo(Duration.ofMinutes(10));
                assertThat(http("GET", base + "/approvals?status=pending", null, null)
                                .statusCode())
                        .as("approvals need the token")
                        .isEqualTo(401);

                // 2. The webhook got a Slack-compatible message naming the action and how to answer it.
                awaitTrue(
                        () -> webhookPosts.stream()
                                .anyMatch(p -> p.contains(checkout.get("id").asText())),
                        Duration.ofSeconds(30),
                        "webhook post for checkout");
                JsonNode post = Json.MAPPER.readTree(webhookPosts.stream()
                        .filter(p -> p.contains(checkout.get("id").asText()))
                        .findFirst()
                        .orElseThrow());
                assertThat(post.get("text").asText())
                        .contains("restart on checkout")
                        .contains("waits for approval")
                        .contains(checkout.get("idempotency_key").asText());

                // 2b. Forged answers written straight to the topic (no API, no token) approve nothing: one unsigned,
                // one with a signature of another key. The job rejects both (rejectedApprovalAnswers); search's
                // restart keeps waiting and is denied below, never run.
                JsonNode scope = search.get("scope");
                String searchScope = scope.get("service").asText()
                        + (scope.hasNonNull("host")
                                        && !scope.get("host").asText().isEmpty()
                                ? "/" + scope.get("host").asText()
                                : "");
                long now = System.currentTimeMillis();
                String forgedKey = search.get("idempotency_key").asText();
                String forgedSig = io.maximus.hcl.core.ApprovalSignature.of("not-the-key-not-the-key-not-the-key!")
                        .sign(forgedKey, searchScope, true, "mallory", now);
                try (TelemetryProducer forger = new TelemetryProducer(kafka.bootstrapServers(), Topics.APPROVALS)) {
                    forger.sendRaw(
                            searchScope,
                            "{\"approval_id\":\"" + forgedKey + "\",\"scope_key\":\"" + searchScope
                                    + "\",\"approved\":true,\"by\":\"mallory\",\"answered_at\":" + now + "}");
                    forger.sendRaw(
                            searchScope,
                            "{\"approval_id\":\"" + forgedKey + "\",\"scope_key\":\"" + searchScope
                                    + "\",\"approved\":true,\"by\":\"mallory\",\"answered_at\":" + now
                                    + ",\"signature\":\"" + forgedSig + "\"}");
                    forger.flush();
                }
                Thread.sleep(5_000);

                // 3. A human approves checkout's restart and denies search's, over HTTP with the token.
                HttpResponse<String> approved = http(
                        "POST",
                        base + "/approvals/" + checkout.get("id").asText() + "/approve",
                        "{\"reason\": \"errors climbing, restart now\", \"by\": \"alice\"}",
                        TOKEN);
                assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(approved.body()).get("status").asText())
                        .isEqualTo("approved");
                HttpResponse<String> denied = http(
                        "POST",
                        base + "/approvals/" + search.get("id").asText() + "/deny",
                        "{\"reason\": \"search is being migrated\", \"by\": \"bob\"}",
                        TOKEN);
                assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
                HttpResponse<String> again = http(
                        "POST",
                        base + "/approvals/" + search.get("id").asText() + "/approve",
                        "{\"reason\": \"changed my mind\"}",
                        TOKEN);
                assertThat(again.statusCode()).isEqualTo(409);
                assertThat(again.body()).contains("no longer pending: it is denied (by bob)");

                // 4. The job acts on the answers: the action events say so.
                String checkoutKey = checkout.get("idempotency_key").asText();
                String searchKey = search.get("idempotency_key").asText();
                JsonNode ran = awaitEvent(
                        kafka.bootstrapServers(),
                        e -> e.get("idempotency_key").asText().equals(checkoutKey)
                                && e.get("path").asText().equals("approved"),
                        Duration.ofSeconds(90));
                assertThat(ran.at("/result/status").asText()).isEqualTo("EXECUTED");
                assertThat(ran.at("/result/dry_run").asBoolean()).isFalse();
                assertThat(ran.at("/result/detail").asText()).startsWith("approved by alice");
                JsonNode refused = awaitEvent(
                        kafka.bootstrapServers(),
                        e -> e.get("idempotency_key").asText().equals(searchKey)
                                && e.get("path").asText().equals("approval_denied"),
                        Duration.ofSeconds(90));
                assertThat(refused.at("/result/status").asText()).isEqualTo("DENIED");
                assertThat(refused.at("/result/detail").asText()).isEqualTo("denied by bob: search is being migrated");

                // 5. ...and so do the action log table and the approvals table.
                assertThat(awaitValue(
                                pg,
                                "SELECT status FROM hcl_actions WHERE idempotency_key = '" + checkoutKey + "'",
                                "EXECUTED",
                                Duration.ofSeconds(30)))
                        .isEqualTo("EXECUTED");
                assertThat(awaitValue(
                                pg,
                                "SELECT status FROM hcl_actions WHERE idempotency_key = '" + searchKey + "'",
                                "DENIED",
                                Duration.ofSeconds(30)))
                        .isEqualTo("DENIED");
                assertThat(awaitValue(
                                pg,
                                "SELECT status || ' ' || decided_by FROM hcl_approvals WHERE idempotency_key = '"
                                        + checkoutKey + "'",
                                "APPROVED alice",
                                Duration.ofSeconds(5)))
                        .isEqualTo("APPROVED alice");
                assertThat(awaitValue(
                                pg,
                                "SELECT status || ' ' || decided_by FROM hcl_approvals WHERE idempotency_key = '"
                                        + searchKey + "'",
                                "DENIED bob",
                                Duration.ofSeconds(5)))
                        .isEqualTo("DENIED bob");

                // 6. The real effect: checkout's pods are being restarted, search's are not.
                Deployment c = client.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("checkout")
                        .get();
                Deployment s = client.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("search")
                        .get();
                assertThat(c.getSpec().getTemplate().getMetadata().getAnnotations())
                        .containsKey(KubernetesActuator.RESTARTED_AT);
                Map<String, String> searchAnnotations =
                        s.getSpec().getTemplate().getMetadata().getAnnotations();
                assertThat(searchAnnotations == null ? Map.<String, String>of() : searchAnnotations)
                        .doesNotContainKey(KubernetesActuator.RESTARTED_AT);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
                api.stop();
                hook.stop(0);
            }
        }
    }

    private static HttpResponse<String> http(String method, String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The earliest pending approval of each service, read through the API. */
    private static Map<String, JsonNode> awaitPending(String base, List<String> services, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> first = new HashMap<>();
        while (System.nanoTime() < deadline) {
            first.clear();
            JsonNode items = Json.MAPPER
                    .readTree(http("GET", base + "/approvals?status=pending", null, TOKEN)
                            .body())
                    .get("items");
            for (JsonNode a : items) { // newest first: the last one seen per service is its earliest
                first.put(a.at("/scope/service").asText(), a);
            }
            if (first.keySet().containsAll(services)) {
                return first;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("pending approvals after " + timeout + ": " + first.keySet());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier cond, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not seen within " + timeout + ": " + what);
    }

    private static String awaitValue(EmbeddedPostgresServer pg, String sql, String expected, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String v = null;
        do {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                    ResultSet rs = c.createStatement().executeQuery(sql)) {
                v = rs.next() ? rs.getString(1) : null;
            }
            if (expected.equals(v)) {
                return v;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        return v;
    }

    /** The first action event on hcl.actions matching {@code match}. */
    private static JsonNode awaitEvent(String brokers, Predicate<JsonNode> match, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(Topics.ACTIONS).stream()
                    .map(i -> new TopicPartition(Topics.ACTIONS, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    JsonNode e = Json.MAPPER.readTree(r.value());
                    seen.add(e);
                    if (match.test(e)) {
                        return e;
                    }
                }
            }
        }
        throw new AssertionError("no matching action event within " + timeout + "; seen: "
                + seen.stream()
                        .map(e -> e.get("idempotency_key").asText() + " "
                                + e.get("path").asText())
                        .toList());
    }
}
