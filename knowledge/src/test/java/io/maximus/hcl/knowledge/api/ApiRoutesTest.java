package io.maximus.hcl.knowledge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.knowledge.TestDb;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated OpenAPI document against the running server (embedded PostgreSQL): the routes Javalin registered are
 * exactly the document's operations; every parameter's invalid value and a NUL are answered 400, documented; and every
 * (route, status) the server answered during a sweep of good and bad calls is documented for that route.
 */
class ApiRoutesTest {

    private static final String TOKEN = "routes-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApiServer server;
    private static String base;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        server = ApiServer.start(ApiConfig.of(TestDb.freshDatabase(), "postgres", "postgres")
                .withToken(TOKEN)
                .withMaintenanceEvery(null));
        base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> r = call("GET", "/openapi.json", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        doc = Json.MAPPER.readTree(r.body());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> call(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> documentedOperations() {
        Set<String> ops = new TreeSet<>();
        doc.get("paths")
                .fields()
                .forEachRemaining(p -> p.getValue()
                        .fieldNames()
                        .forEachRemaining(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        return ops;
    }

    private static JsonNode operation(Route r) {
        return doc.get("paths").get(r.path).get(r.method.name().toLowerCase(Locale.ROOT));
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndViceVersa() {
        Set<String> registered = new TreeSet<>(server.registeredRoutes());
        assertThat(registered).hasSize(server.routes().size());
        assertThat(documentedOperations()).isEqualTo(registered);
        // the endpoints the API has always had are all still there
        assertThat(registered)
                .contains(
                        "GET /metrics",
                        "GET /openapi.json",
                        "GET /health",
                        "POST /decisions",
                        "GET /decisions",
                        "GET /decisions/{id}",
                        "PATCH /decisions/{id}",
                        "GET /decisions/analytics/success_rate",
                        "GET /decisions/analytics/reward_trend",
                        "GET /decisions/analytics/actions_by_type",
                        "GET /approvals",
                        "POST /approvals",
                        "GET /approvals/{id}",
                        "POST /approvals/{id}/approve",
                        "POST /approvals/{id}/deny",
                        "POST /maintenance");
    }

    @Test
    void everyReferenceResolvesAndEveryPathParameterIsDeclared() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        for (Route r : server.routes()) {
            JsonNode op = operation(r);
            Set<String> declared = new HashSet<>();
            op.path("parameters")
                    .forEach(p -> declared.add(
                            p.get("in").asText() + ":" + p.get("name").asText()));
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(r.path);
            while (m.find()) {
                assertThat(declared).as(r.path).contains("path:" + m.group(1));
            }
            assertThat(op.get("responses").size()).as(r.path).isGreaterThan(0);
            assertThat(op.has("requestBody")).as(r.path).isEqualTo(r.body != null);
        }
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }

    /** The concrete path of a route, with a fresh UUID for its {id}. */
    private static String concrete(Route r, String id) {
        return r.path.replace("{id}", id);
    }

    @Test
    void everyParameterRefusesItsInvalidValueAndANulWithADocumented400() throws Exception {
        int checked = 0;
        for (Route r : server.routes()) {
            assertThat(operation(r).at("/responses/400").isMissingNode())
                    .as(r.path + " documents 400")
                    .isEqualTo(r.params.isEmpty() && r.body == null);
            for (Param<?> p : r.params) {
                for (String bad : List.of(p.invalidExample, "x\u0000y")) {
                    String path;
                    if (p.in == Param.In.PATH) {
                        path = r.path.replace("{" + p.name + "}", URLEncoder.encode(bad, StandardCharsets.UTF_8));
                    } else {
                        path = concrete(r, UUID.randomUUID().toString()) + "?" + p.name + "="
                                + URLEncoder.encode(bad, StandardCharsets.UTF_8);
                    }
                    String body = r.body == null ? null : "{}";
                    HttpResponse<String> res = call(r.method.name(), path, body, TOKEN);
                    assertThat(res.statusCode())
                            .as(r.method + " " + path + ": " + res.body())
                            .isEqualTo(400);
                    JsonNode err = Json.MAPPER.readTree(res.body());
                    assertThat(err.get("status").asInt()).isEqualTo(400);
                    assertThat(err.get("message").asText()).as(path).isNotBlank();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyStatusTheServerAnswersIsDocumentedForItsRoute() throws Exception {
        // a sweep: good calls, calls without the token, bad input, unknown ids, a conflict, an oversized body
        String good = "{\"scope\":{\"service\":\"routes\"},\"trigger\":\"t\",\"operational_mode\":\"BALANCED\","
                + "\"actions_taken\":[],\"state_before\":{\"cpu\":1}}";
        String id = Json.MAPPER
                .readTree(call("POST", "/decisions", good, TOKEN).body())
                .get("id")
                .asText();
        var restart = Json.MAPPER.valueToTree(new Action(ActionType.RESTART, "checkout", Map.of()));
        Map<String, String> approvals = new java.util.HashMap<>();
        for (String verb : List.of("get", "approve", "deny")) {
            approvals.put(
                    verb,
                    server.store()
                            .approvals()
                            .requestApproval(
                                    "routes-" + verb, null, "checkout", null, restart, Duration.ofMinutes(5), "t")
                            .id()
                            .toString());
        }
        String answer = "{\"reason\":\"go\"}";
        for (Route r : server.routes()) {
            String approval =
                    approvals.get(r.path.endsWith("/deny") ? "deny" : r.path.endsWith("/approve") ? "approve" : "get");
            String known = concrete(r, r.path.startsWith("/approvals") ? approval : id);
            String unknown = concrete(r, UUID.randomUUID().toString());
            String body = r.body == null
                    ? null
                    : switch (r.body) {
                        case "Decision" -> good;
                        case "DecisionPatch" -> "{\"outcome\":\"SUCCESS\"}";
                        case "Answer" -> answer;
                        default ->
                            "{\"idempotency_key\":\"routes-2\",\"action\":{\"type\":\"restart\"},"
                                    + "\"scope\":{\"service\":\"s\"}}";
                    };
            String m = r.method.name();
            call(m, known, body, TOKEN);
            call(m, known, body, null);
            call(m, known, body, TOKEN); // again: 200 on a replayed POST, 409 on a second answer
            if (r.path.contains("{id}")) {
                call(m, unknown, body, TOKEN);
                call(m, concrete(r, "not-a-uuid"), body, TOKEN);
            }
            if (r.body != null) {
                call(m, known, "{\"scope\":", TOKEN);
                call(m, known, "{\"x\":\"" + "a".repeat((int) ApiServer.MAX_REQUEST_BYTES) + "\"}", TOKEN);
            }
        }
        // what the server answered, per route template, from its own request counter
        String metrics = call("GET", "/metrics", null, null).body();
        Matcher mm = Pattern.compile("hcl_api_requests_total\\{route=\"([^\"]+)\",status=\"(\\d+)\"} (\\S+)")
                .matcher(metrics);
        Map<String, Set<Integer>> served = new java.util.TreeMap<>();
        while (mm.find()) {
            if (Double.parseDouble(mm.group(3)) > 0) {
                served.computeIfAbsent(mm.group(1), k -> new TreeSet<>()).add(Integer.parseInt(mm.group(2)));
            }
        }
        Set<String> undocumented = new TreeSet<>();
        Set<String> neverSeen = new TreeSet<>();
        for (Route r : server.routes()) {
            Set<Integer> documented = new TreeSet<>();
            operation(r).get("responses").fieldNames().forEachRemaining(s -> documented.add(Integer.parseInt(s)));
            // the counter is per route template; GET and POST of one path share it
            Set<Integer> seen = served.getOrDefault(r.path, Set.of());
            Set<Integer> documentedOnPath = new TreeSet<>();
            for (Route o : server.routes()) {
                if (o.path.equals(r.path)) {
                    operation(o)
                            .get("responses")
                            .fieldNames()
                            .forEachRemaining(s -> documentedOnPath.add(Integer.parseInt(s)));
                }
            }
            for (int s : seen) {
                if (!documentedOnPath.contains(s)) {
                    undocumented.add(r.path + " " + s);
                }
            }
            for (int s : documented) {
                if (!seen.contains(s) && s != 503) {
                    neverSeen.add(r.method + " " + r.path + " " + s);
                }
            }
        }
        assertThat(served).as("sweep reached the routes").containsKeys("/decisions", "/approvals/{id}/deny");
        assertThat(undocumented).as("answered but not documented").isEmpty();
        assertThat(served.values().stream().flatMap(Set::stream)).doesNotContain(500);
        // 503 is the Kafka-down and no-database answer (ApiServerTest, ApiLogicTest); every other one was seen
        assertThat(neverSeen).as("documented but never answered in the sweep").isEmpty();
    }
}
