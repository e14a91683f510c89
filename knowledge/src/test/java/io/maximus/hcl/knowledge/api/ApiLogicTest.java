package io.maximus.hcl.knowledge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.knowledge.store.Approval;
import io.maximus.hcl.knowledge.store.ApprovalStatus;
import io.maximus.hcl.knowledge.store.InMemoryApprovals;
import io.maximus.hcl.knowledge.store.InMemoryDecisions;
import io.maximus.hcl.knowledge.store.KnowledgeStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's own logic (idempotent POST, patching, the approval answer's publish-then-commit) over in-memory fakes. */
class ApiLogicTest {

    private static final String TOKEN = "t0ken";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryDecisions decisions = new InMemoryDecisions();
    private final InMemoryApprovals approvals = new InMemoryApprovals(clock);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private ApiServer server;

    @BeforeEach
    void start() {
        server = ApiServer.start(
                ApiConfig.of("unused", "unused", "unused")
                        .withToken(TOKEN)
                        .withPort(0)
                        .withMaintenanceEvery(Duration.ofMinutes(1)),
                clock,
                new KnowledgeStore(decisions, null, null, null, approvals),
                publisher);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDecisionIsCreatedOnceThenReadAndPatched() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"timestamp\":\"" + NOW.minusSeconds(60) + "\","
                + "\"scope\":{\"service\":\"checkout\",\"host\":\"h1\"},\"trigger\":\"cpu high\","
                + "\"operational_mode\":\"BALANCED\",\"actions_taken\":[],\"state_before\":{\"cpu\":0.9}}";
        HttpResponse<String> created = call("POST", "/decisions", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/decisions/" + id);
        HttpResponse<String> replay = call("POST", "/decisions", body.replace("cpu high", "changed"));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(replay.body()).get("trigger").asText())
                .as("kept as first written")
                .isEqualTo("cpu high");
        assertThat(decisions
                        .list(io.maximus.hcl.knowledge.store.DecisionFilter.all(10))
                        .items())
                .hasSize(1);

        HttpResponse<String> patched =
                call("PATCH", "/decisions/" + id, "{\"outcome\":\"SUCCESS\",\"reward_signal\":0.8}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode p = Json.MAPPER.readTree(patched.body());
        assertThat(p.get("outcome").asText()).isEqualToIgnoringCase("success");
        assertThat(p.get("reward_signal").asDouble()).isEqualTo(0.8);
        assertThat(call("GET", "/decisions/" + UUID.randomUUID(), null).statusCode())
                .isEqualTo(404);
        assertThat(call("POST", "/maintenance", null).statusCode())
                .as("no database to maintain")
                .isEqualTo(503);
    }

    @Test
    void anAnswerIsCommittedOnlyOnceTheJobHasItAndOnlyOnce() throws Exception {
        Approval a = approvals.requestApproval(
                "plan-1#0",
                null,
                "checkout",
                "h1",
                Json.MAPPER.readTree("{\"type\":\"restart_service\",\"target\":\"checkout\"}"),
                Duration.ofMinutes(10),
                "safety");

        publisher.failWith = new IllegalStateException("brokers down");
        HttpResponse<String> refused =
                call("POST", "/approvals/" + a.id() + "/approve", "{\"reason\":\"go\",\"by\":\"alice\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("10");
        assertThat(approvals.approval(a.id()).orElseThrow().status())
                .as("rolled back")
                .isEqualTo(ApprovalStatus.PENDING);

        publisher.failWith = null;
        HttpResponse<String> ok =
                call("POST", "/approvals/" + a.id() + "/approve", "{\"reason\":\"go\",\"by\":\"alice\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).get("status").asText()).isEqualTo("approved");
        assertThat(publisher.keys).containsExactly("checkout/h1");
        JsonNode sent = Json.MAPPER.readTree(publisher.bodies.get(0));
        assertThat(sent.get("approval_id").asText()).isEqualTo("plan-1#0");
        assertThat(sent.get("approved").asBoolean()).isTrue();
        assertThat(sent.get("answered_at").asLong()).isEqualTo(NOW.toEpochMilli());

        HttpResponse<String> late =
                call("POST", "/approvals/" + a.id() + "/deny", "{\"reason\":\"no\",\"by\":\"bob\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(late.body()).get("message").asText())
                .endsWith("is no longer pending: it is approved (by alice)");
        assertThat(publisher.keys)
                .as("the refused answer never reached the job")
                .hasSize(1);
        assertThat(call("POST", "/approvals/" + UUID.randomUUID() + "/deny", "{\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    /** A hand-written publisher that records what it is given, or fails when told to. */
    private static final class RecordingPublisher implements AnswerPublisher {
        final List<String> keys = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public void publish(String key, String json) {
            if (failWith != null) {
                throw failWith;
            }
            keys.add(key);
            bodies.add(json);
        }

        @Override
        public String describe() {
            return "a recording publisher";
        }

        @Override
        public void close() {}
    }
}
