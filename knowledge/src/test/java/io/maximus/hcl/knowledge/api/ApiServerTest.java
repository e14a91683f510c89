package io.maximus.hcl.knowledge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.knowledge.TestDb;
import io.maximus.hcl.knowledge.store.KnowledgeStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision API over real HTTP, against embedded PostgreSQL. */
class ApiServerTest {

    private static final String TOKEN = "s3cret-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApiServer server;
    private static String base;
    private static String url;

    @BeforeAll
    static void start() {
        url = TestDb.freshDatabase();
        server = ApiServer.start(ApiConfig.of(url, "postgres", "postgres")
                .withToken(TOKEN)
                .withOpenReads(true)
                .withMaintenanceEvery(null));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> call(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String path, String body)
            throws IOException, InterruptedException {
        return call(method, path, body, TOKEN);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private static long decisionRows() throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM hcl_decisions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What the Flink job writes: the Decision record, inserted with the sink's statement. */
    @Test
    void aDecisionOfTheJobIsReadMarkedAndCounted() throws Exception {
        Instant ts = Instant.now().minusSeconds(120);
        Action a = new Action(ActionType.SCALE_DEPLOYMENT, "payments", Map.of("replicas", 4));
        Decision d = new Decision(
                UUID.randomUUID().toString(),
                ts.toEpochMilli(),
                new Scope("payments", "p-1"),
                "latency p99 above SLO",
                OperationalMode.HIGH_PERFORMANCE,
                List.of(Decision.ActionTaken.of(new ActionResult(
                        a, ActionStatus.EXECUTED, false, "kubectl scale deploy/payments --replicas=4", null, 1, 2))),
                Map.of("latency_p99_ms", 480.0),
                null,
                null,
                null,
                null,
                "latency-slo");
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("INSERT INTO hcl_decisions (id, \"timestamp\", service, host,"
                        + " trigger, operational_mode, actions_taken, state_before, state_after, outcome, reward_signal,"
                        + " human_feedback, rule) VALUES (?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?)"
                        + " ON CONFLICT (id, \"timestamp\") DO NOTHING")) {
            ps.setString(1, d.id());
            ps.setObject(2, java.sql.Timestamp.from(ts));
            ps.setString(3, "payments");
            ps.setString(4, "p-1");
            ps.setString(5, d.trigger());
            ps.setString(6, d.operationalMode().name());
            ps.setString(7, Json.write(d.actionsTaken()));
            ps.setString(8, Json.write(d.stateBefore()));
            ps.setString(9, null);
            ps.setString(10, null);
            ps.setObject(11, null);
            ps.setString(12, null);
            ps.setString(13, d.rule());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        HttpResponse<String> got = call("GET", "/decisions/" + d.id(), null, null);
        assertThat(got.statusCode()).isEqualTo(200);
        JsonNode body = json(got);
        assertThat(body.at("/actions_taken/0/type").asText()).isEqualTo("scale_deployment");
        assertThat(body.at("/actions_taken/0/status").asText()).isEqualTo("EXECUTED");
        assertThat(body.at("/scope/service").asText()).isEqualTo("payments");
        assertThat(body.get("outcome").isNull()).isTrue();

        HttpResponse<String> patched = call(
                "PATCH",
                "/decisions/" + d.id(),
                "{\"outcome\":\"SUCCESS\",\"reward_signal\":0.9,\"state_after\":{\"latency_p99_ms\":210}}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).get("outcome").asText()).isEqualTo("SUCCESS");

        JsonNode rate = json(call("GET", "/decisions/analytics/success_rate?mode=HIGH_PERFORMANCE", null, null));
        assertThat(rate.at("/modes/0/operational_mode").asText()).isEqualTo("HIGH_PERFORMANCE");
        assertThat(rate.at("/modes/0/successes").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode actions = json(call("GET", "/decisions/analytics/actions_by_type", null, null));
        assertThat(actions.findValuesAsText("type")).contains("scale_deployment");
        JsonNode trend = json(call("GET", "/decisions/analytics/reward_trend?days=1", null, null));
        assertThat(trend.get("buckets").size()).isGreaterThanOrEqualTo(1);
        assertThat(trend.at("/buckets/0/max_reward").asDouble()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void postIsIdempotentOnIdAndListsPageWithCursor() throws Exception {
        String svc = "api-list";
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            String id = UUID.randomUUID().toString();
            String body =
                    "{\"id\":\"" + id + "\",\"timestamp\":\"" + Instant.now().minusSeconds(i * 60L)
                            + "\",\"scope\":{\"service\":\"" + svc + "\",\"host\":\"h\"},\"trigger\":\"t\","
                            + "\"operational_mode\":\"ENERGY_EFFICIENT\",\"actions_taken\":[{\"type\":\"notify\","
                            + "\"target\":\"ops\",\"dry_run\":true,\"status\":\"DRY_RUN\"}],\"state_before\":{\"cpu\":1}}";
            HttpResponse<String> r = call("POST", "/decisions", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(r.headers().firstValue("Location")).contains("/decisions/" + id);
            assertThat(call("POST", "/decisions", body).statusCode())
                    .as("replay")
                    .isEqualTo(200);
            created.add(id);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> r = call(
                    "GET",
                    "/decisions?service=" + svc + "&mode=ENERGY_EFFICIENT&limit=3"
                            + (cursor == null ? "" : "&cursor=" + cursor),
                    null,
                    null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode page = json(r);
            page.get("items").forEach(n -> seen.add(n.get("id").asText()));
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(created);
    }

    @Test
    void badRequestsGet4xxAndWriteNothing() throws Exception {
        long before = decisionRows();
        String good = "{\"scope\":{\"service\":\"s\"},\"trigger\":\"t\",\"operational_mode\":\"BALANCED\","
                + "\"actions_taken\":[],\"state_before\":{}}";
        Map<String, String> badPosts = Map.of(
                "unknown mode", good.replace("BALANCED", "TURBO"),
                "bad outcome", good.replace("{}}", "{},\"outcome\":\"MEH\"}"),
                "bad uuid", good.replace("{\"scope", "{\"id\":\"not-a-uuid\",\"scope"),
                "bad time", good.replace("{\"scope", "{\"timestamp\":\"yesterday\",\"scope"),
                "bad json", "{\"scope\":",
                "unknown action", good.replace("[]", "[{\"type\":\"launch_missiles\"}]"),
                "non-numeric metric", good.replace("\"state_before\":{}", "\"state_before\":{\"cpu\":\"high\"}"),
                "missing trigger", good.replace("\"trigger\":\"t\",", ""));
        for (Map.Entry<String, String> e : badPosts.entrySet()) {
            HttpResponse<String> r = call("POST", "/decisions", e.getValue());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(json(r).get("message").asText()).as(e.getKey()).isNotBlank();
        }
        assertThat(json(call("POST", "/decisions", good.replace("BALANCED", "TURBO")))
                        .get("message")
                        .asText())
                .contains("TURBO");
        for (String q : List.of(
                "?mode=FAST",
                "?outcome=GOOD",
                "?start=notatime",
                "?limit=0",
                "?limit=1001",
                "?limit=abc",
                "?cursor=bm90LWEtY3Vyc29y",
                "?start=2025-01-02T00:00:00Z&end=2025-01-01T00:00:00Z")) {
            assertThat(call("GET", "/decisions" + q, null, null).statusCode())
                    .as(q)
                    .isEqualTo(400);
        }
        assertThat(call("GET", "/decisions/analytics/reward_trend?days=0", null, null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(call("GET", "/decisions/analytics/success_rate?mode=X", null, null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(call("GET", "/decisions/not-a-uuid", null, null).statusCode())
                .isEqualTo(400);
        HttpResponse<String> missing = call("GET", "/decisions/" + UUID.randomUUID(), null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("message").asText()).startsWith("no decision");
        assertThat(call("PATCH", "/decisions/" + UUID.randomUUID(), "{\"outcome\":\"SUCCESS\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("PATCH", "/decisions/" + UUID.randomUUID(), "{\"trigger\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(call("PATCH", "/decisions/" + UUID.randomUUID(), "{}").statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/decisions", good, null).statusCode())
                .as("no token")
                .isEqualTo(401);
        assertThat(call("POST", "/decisions", good, "wrong").statusCode())
                .as("wrong token")
                .isEqualTo(401);
        assertThat(decisionRows()).isEqualTo(before);
        assertThat(call("POST", "/decisions", good).statusCode()).isEqualTo(201);
        assertThat(decisionRows()).isEqualTo(before + 1);
    }

    @Test
    void approvalsRequestedByTheJobAreAnsweredThroughTheApi() throws Exception {
        KnowledgeStore store = server.store();
        var restart = Json.MAPPER.valueToTree(new Action(ActionType.RESTART, "checkout", Map.of()));
        var a = store.approvals()
                .requestApproval(
                        "plan-42/restart", null, "checkout", null, restart, Duration.ofMinutes(10), "safety-manager");
        assertThat(call("GET", "/approvals?status=pending", null, null).statusCode())
                .as("guarded")
                .isEqualTo(401);
        JsonNode pending = json(call("GET", "/approvals?status=pending", null));
        assertThat(pending.findValuesAsText("id")).contains(a.id().toString());
        assertThat(call("POST", "/approvals/" + a.id() + "/approve", "{}").statusCode())
                .as("no reason")
                .isEqualTo(400);
        assertThat(call("POST", "/approvals/" + a.id() + "/approve", "{\"reason\":\"ok\"}", null)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> ok =
                call("POST", "/approvals/" + a.id() + "/approve", "{\"reason\":\"off-peak, go\",\"by\":\"alice\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("status").asText()).isEqualTo("approved");
        assertThat(call("POST", "/approvals/" + a.id() + "/deny", "{\"reason\":\"late\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(call("POST", "/approvals/" + UUID.randomUUID() + "/deny", "{\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/approvals?status=maybe", null).statusCode()).isEqualTo(400);
        // the execute stage reads the answer by the action's key
        var answered = store.approvals().approvalForKey("plan-42/restart").orElseThrow();
        assertThat(answered.decidedBy()).isEqualTo("alice");
        assertThat(answered.reason()).isEqualTo("off-peak, go");

        HttpResponse<String> asked = call(
                "POST",
                "/approvals",
                "{\"idempotency_key\":\"plan-43/drain\","
                        + "\"action\":{\"type\":\"drain_node\",\"target\":\"node-3\"},\"scope\":{\"service\":\"k8s\"}}");
        assertThat(asked.statusCode()).isEqualTo(201);
        String id = json(asked).get("id").asText();
        HttpResponse<String> denied = call("POST", "/approvals/" + id + "/deny", "{\"reason\":\"node hosts the db\"}");
        assertThat(json(denied).get("status").asText()).isEqualTo("denied");
    }

    @Test
    void anAnswerThatCannotReachTheJobIsRefusedWith503AndTheRequestStaysPending() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort(); // closed again: nothing listens there
        }
        String db = TestDb.freshDatabase();
        ApiServer down = ApiServer.start(ApiConfig.of(db, "postgres", "postgres")
                .withToken(TOKEN)
                .withMaintenanceEvery(null)
                .withKafka("127.0.0.1:" + dead, "hcl.approvals"));
        try {
            var restart = Json.MAPPER.valueToTree(new Action(ActionType.RESTART, "checkout", Map.of()));
            var a = down.store()
                    .approvals()
                    .requestApproval(
                            "plan-9#0", null, "checkout", "web-1", restart, Duration.ofMinutes(10), "execute-stage");
            HttpRequest req = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + down.port() + "/approvals/" + a.id() + "/approve"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"go\",\"by\":\"alice\"}"))
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("10");
            assertThat(json(r).get("message").asText())
                    .contains("still pending")
                    .contains("hcl.approvals");
            assertThat(ms).as("answered within the publish timeout").isLessThan(20_000);
            var still = down.store().approvals().approval(a.id()).orElseThrow();
            assertThat(still.status()).isEqualTo(io.maximus.hcl.knowledge.store.ApprovalStatus.PENDING);
            assertThat(still.decidedBy()).isNull();
        } finally {
            down.stop();
        }
    }

    @Test
    void theAnswerForTheJobCarriesTheActionKeyAndTheScopeKey() throws Exception {
        var restart = Json.MAPPER.valueToTree(new Action(ActionType.RESTART, "checkout", Map.of()));
        var a = server.store()
                .approvals()
                .requestApproval(
                        "plan-77#1", null, "checkout", "web-2", restart, Duration.ofMinutes(10), "execute-stage");
        JsonNode j = Json.MAPPER.readTree(ApiServer.answerJson(a, false, "bob", "not now", 1234L));
        assertThat(j.get("approval_id").asText()).isEqualTo("plan-77#1");
        assertThat(j.get("scope_key").asText()).isEqualTo("checkout/web-2");
        assertThat(j.get("approved").asBoolean()).isFalse();
        assertThat(j.get("by").asText()).isEqualTo("bob");
        assertThat(j.get("comment").asText()).isEqualTo("not now");
        assertThat(j.get("answered_at").asLong()).isEqualTo(1234L);
        HttpResponse<String> ok = call("POST", "/approvals/" + a.id() + "/deny", "{\"reason\":\"x\",\"by\":\"carol\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> again = call("POST", "/approvals/" + a.id() + "/approve", "{\"reason\":\"y\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("message").asText())
                .isEqualTo("approval " + a.id() + " is no longer pending: it is denied (by carol)");
    }

    @Test
    void openApiIsServedAndReadsCanBeClosed(@TempDir Path dir) throws Exception {
        HttpResponse<String> doc = call("GET", "/openapi.json", null, null);
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode spec = json(doc);
        assertThat(spec.get("openapi").asText()).startsWith("3.");
        assertThat(spec.get("paths").has("/decisions/{id}")).isTrue();
        assertThat(spec.get("paths").has("/approvals/{id}/approve")).isTrue();

        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "from-file\n");
        String t = ApiConfig.tokenFromEnvironment(Map.of("HCL_API_TOKEN_FILE", tokenFile.toString()));
        assertThat(t).isEqualTo("from-file");
        assertThat(ApiConfig.tokenFromEnvironment(Map.of("HCL_API_TOKEN", "env", "HCL_API_TOKEN_FILE", "x")))
                .isEqualTo("env");
        try (ApiServer closed = ApiServer.start(
                ApiConfig.of(url, "postgres", "postgres").withToken(t).withMaintenanceEvery(null))) {
            String b = "http://127.0.0.1:" + closed.port();
            HttpResponse<String> anon = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b + "/decisions")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anon.statusCode()).isEqualTo(401);
            HttpResponse<String> authed = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b + "/decisions?limit=1"))
                            .header("Authorization", "Bearer from-file")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(authed.statusCode()).isEqualTo(200);
            HttpResponse<String> maint = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b + "/maintenance"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", "Bearer from-file")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(maint.statusCode()).isEqualTo(200);
            assertThat(json(maint).has("materialized_until")).isTrue();
        }
    }
}
