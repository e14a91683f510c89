package io.maximus.hcl.knowledge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.knowledge.TestDb;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API against what a hostile or careless client sends, and against what other writers (the job's sinks, psql) may
 * have stored, on the real embedded PostgreSQL: every input the database would refuse is answered 4xx with a message
 * and writes nothing; no stored row makes a read answer 500.
 */
class ApiHardeningTest {

    private static final String TOKEN = "hardening-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The test's own reader: the answers may be deeper and hold longer numbers than Jackson's defaults take. */
    private static final com.fasterxml.jackson.databind.ObjectMapper LENIENT =
            com.fasterxml.jackson.databind.json.JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                                    .maxNestingDepth(100_000)
                                    .maxNumberLength(Integer.MAX_VALUE)
                                    .maxStringLength(Integer.MAX_VALUE)
                                    .build())
                            .build())
                    .build();

    private static ApiServer server;
    private static String base;
    private static String url;

    @BeforeAll
    static void start() {
        url = TestDb.freshDatabase();
        server = ApiServer.start(
                ApiConfig.of(url, "postgres", "postgres").withToken(TOKEN).withMaintenanceEvery(null));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> call(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    /** What the database holds that a refused request could have changed. */
    private static String snapshot() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM hcl_decisions) || '/' ||"
                        + " (SELECT count(*) FROM hcl_approvals) || '/' ||"
                        + " (SELECT coalesce(md5(string_agg(d::text, ',' ORDER BY id)), '') FROM hcl_decisions d)"
                        + " || '/' || (SELECT coalesce(md5(string_agg(a::text, ',' ORDER BY id)), '')"
                        + " FROM hcl_approvals a)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static ObjectNode tree(String json) {
        try {
            return (ObjectNode) LENIENT.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json.substring(0, Math.min(200, json.length())), e);
        }
    }

    // ---------------------------------------------------------------- refused input

    /** A write route with a body it accepts (each mutation below must turn it into a 4xx). */
    private record Write(String method, String path, ObjectNode good) {}

    private List<Write> writeRoutes() throws Exception {
        String decision = "{\"timestamp\":\"2025-06-01T12:00:00Z\",\"scope\":{\"service\":\"svc\",\"host\":\"h\"},"
                + "\"trigger\":\"cpu high\",\"operational_mode\":\"BALANCED\",\"actions_taken\":[{\"type\":\"notify\","
                + "\"target\":\"ops\",\"params\":{\"channel\":\"#ops\",\"n\":2},\"dry_run\":true,\"status\":\"DRY_RUN\","
                + "\"call\":\"c\",\"detail\":\"d\"}],\"state_before\":{\"cpu\":91.5},\"state_after\":{\"cpu\":50},"
                + "\"outcome\":\"SUCCESS\",\"reward_signal\":0.5,\"human_feedback\":\"fine\",\"rule\":\"cpu-high\"}";
        HttpResponse<String> stored = call("POST", "/decisions", decision);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        String id = tree(stored.body()).get("id").asText();
        List<Write> w = new ArrayList<>();
        w.add(new Write("POST", "/decisions", tree(decision)));
        w.add(new Write(
                "PATCH",
                "/decisions/" + id,
                tree("{\"outcome\":\"PARTIAL\",\"state_after\":{\"cpu\":60},\"reward_signal\":0.1,"
                        + "\"human_feedback\":\"hm\"}")));
        w.add(new Write(
                "POST",
                "/approvals",
                tree("{\"idempotency_key\":\"k-1\",\"decision_id\":\"" + id + "\",\"action\":{\"type\":\"restart\","
                        + "\"target\":\"svc\",\"params\":{\"grace\":30,\"why\":\"x\"}},\"scope\":{\"service\":\"svc\","
                        + "\"host\":\"h\"},\"ttl_seconds\":600,\"requested_by\":\"me\"}")));
        HttpResponse<String> asked = call(
                "POST",
                "/approvals",
                "{\"idempotency_key\":\"k-pending\",\"action\":{\"type\":\"restart\"},\"scope\":{\"service\":\"s\"}}");
        assertThat(asked.statusCode()).isEqualTo(201);
        String approval = tree(asked.body()).get("id").asText();
        for (String verb : List.of("approve", "deny")) {
            w.add(new Write(
                    "POST", "/approvals/" + approval + "/" + verb, tree("{\"reason\":\"off-peak\",\"by\":\"alice\"}")));
        }
        return w;
    }

    /** Every string value and every field name of a body, each as a mutation that replaces it with {@code bad}. */
    private static Map<String, Consumer<ObjectNode>> everyString(ObjectNode good, String bad) {
        Map<String, Consumer<ObjectNode>> out = new LinkedHashMap<>();
        collect(good, "", bad, out);
        return out;
    }

    private static void collect(JsonNode n, String ptr, String bad, Map<String, Consumer<ObjectNode>> out) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                String child = ptr + "/" + f;
                out.put("name " + child, root -> {
                    ObjectNode parent = (ObjectNode) root.at(ptr.isEmpty() ? "" : ptr);
                    JsonNode v = parent.remove(f);
                    parent.set(f.substring(0, 1) + bad + f.substring(1), v);
                });
                collect(n.get(f), child, bad, out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                collect(n.get(i), ptr + "/" + i, bad, out);
            }
        } else if (n.isTextual()) {
            out.put("value " + ptr, root -> replace(root, ptr, new TextNode(n.asText() + bad)));
        }
    }

    private static void collectNumbers(JsonNode n, String ptr, List<String> out) {
        if (n.isContainerNode()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    collectNumbers(n.get(i), ptr + "/" + i, out);
                }
            }
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                collectNumbers(e.getValue(), ptr + "/" + e.getKey(), out);
            }
        } else if (n.isNumber()) {
            out.add(ptr);
        }
    }

    private static void replace(ObjectNode root, String ptr, JsonNode value) {
        int slash = ptr.lastIndexOf('/');
        JsonNode parent = root.at(ptr.substring(0, slash));
        String last = ptr.substring(slash + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static int refused = 0;

    private static void assertRefused(Write w, String what, String body, int status) throws Exception {
        String before = snapshot();
        HttpResponse<String> r = call(w.method(), w.path(), body);
        String label = w.method() + " " + w.path() + " " + what;
        assertThat(r.statusCode()).as(label + ": " + r.body()).isEqualTo(status);
        JsonNode err = Json.MAPPER.readTree(r.body());
        assertThat(err.get("status").asInt()).as(label).isEqualTo(status);
        assertThat(err.get("message").asText()).as(label).isNotBlank();
        assertThat(snapshot()).as(label + ": nothing written").isEqualTo(before);
        refused++;
    }

    /** Stands for the JSON escape of a lone surrogate (an HTTP client cannot send one as UTF-8). */
    private static final String SURROGATE_MARK = "@@surrogate@@";

    private static String mutate(ObjectNode good, Consumer<ObjectNode> m) {
        ObjectNode copy = good.deepCopy();
        m.accept(copy);
        return Json.write(copy).replace(SURROGATE_MARK, "\\ud800");
    }

    @Test
    void everyWriteRouteRefusesWhatTheDatabaseWouldRefuseWith4xxAndWritesNothing() throws Exception {
        Map<String, Integer> perClass = new LinkedHashMap<>();
        for (Write w : writeRoutes()) {
            // the good body is accepted (on a copy of the route's state: a fresh key for the approval request)
            Map<String, String> classes = new LinkedHashMap<>();
            classes.put("NUL", "\u0000");
            classes.put("lone surrogate", SURROGATE_MARK);
            classes.put("over-long string", "x".repeat(Requests.TEXT_MAX + 1));
            for (Map.Entry<String, String> c : classes.entrySet()) {
                for (Map.Entry<String, Consumer<ObjectNode>> m :
                        everyString(w.good(), c.getValue()).entrySet()) {
                    assertRefused(w, c.getKey() + " in " + m.getKey(), mutate(w.good(), m.getValue()), 400);
                    perClass.merge(c.getKey(), 1, Integer::sum);
                }
            }
            List<String> numbers = new ArrayList<>();
            collectNumbers(w.good(), "", numbers);
            for (String ptr : numbers) {
                for (String big : List.of("1e400", "-1e400", "1" + "0".repeat(400))) {
                    assertRefused(
                            w,
                            "non-finite " + big.length() + " at " + ptr,
                            mutate(w.good(), root -> replace(root, ptr, new DecimalNode(new BigDecimal(big)))),
                            400);
                    perClass.merge("non-finite number", 1, Integer::sum);
                }
            }
            assertRefused(w, "NaN literal", Json.write(w.good()).replaceFirst("\\{", "{\"x\":NaN,"), 400);
            for (String bad : List.of("", "{", "[]", "null", "\"text\"", "{\"a\":1}}", "{\"a\":1,}", "{'a':1}")) {
                assertRefused(w, "malformed JSON '" + bad + "'", bad, 400);
                perClass.merge("malformed JSON", 1, Integer::sum);
            }
            // a value of another type in every top-level field, every scope field, every action field
            for (String ptr : wrongTypeTargets(w.good())) {
                JsonNode v = w.good().at(ptr);
                JsonNode wrong = v.isTextual() ? Json.MAPPER.getNodeFactory().numberNode(7) : new TextNode("x");
                if (v.isObject() && ptr.endsWith("/action")) {
                    wrong = Json.MAPPER.getNodeFactory().numberNode(7);
                }
                JsonNode finalWrong = wrong;
                assertRefused(w, "wrong type at " + ptr, mutate(w.good(), root -> replace(root, ptr, finalWrong)), 400);
                perClass.merge("wrong type", 1, Integer::sum);
            }
            assertRefused(
                    w, "body over the limit", "{\"x\":\"" + "a".repeat((int) ApiServer.MAX_REQUEST_BYTES) + "\"}", 413);
        }
        // times PostgreSQL refuses (or that would not come back as 4-digit ISO years)
        Write post = writeRoutes().get(0);
        for (String t : List.of(
                "\"+300000000-01-01T00:00:00Z\"",
                "\"+294277-01-01T00:00:00Z\"",
                "\"+10000-01-01T00:00:00Z\"",
                "\"-4714-01-01T00:00:00Z\"",
                "\"0000-12-31T23:59:59Z\"",
                "9223372036854775807",
                "-9223372036854775808",
                "253402300800000",
                "99999999999999999999999",
                "1.5",
                "true")) {
            assertRefused(post, "timestamp " + t, Json.write(post.good()).replace("\"2025-06-01T12:00:00Z\"", t), 400);
            perClass.merge("time out of range", 1, Integer::sum);
        }
        // names that go into btree indexes: over NAME_MAX is refused, exactly NAME_MAX of 4-byte characters is stored
        String longest = "\uD83D\uDE00".repeat(Requests.NAME_MAX / 2);
        assertRefused(
                post, "service over NAME_MAX", Json.write(post.good()).replace("\"svc\"", "\"" + longest + "x\""), 400);
        HttpResponse<String> ok =
                call("POST", "/decisions", Json.write(post.good()).replace("\"svc\"", "\"" + longest + "\""));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(tree(ok.body()).at("/scope/service").asText()).isEqualTo(longest);
        HttpResponse<String> key = call(
                "POST",
                "/approvals",
                "{\"idempotency_key\":\"" + longest
                        + "\",\"action\":{\"type\":\"restart\"},\"scope\":{\"service\":\"s\"}}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);

        System.out.println("refused requests per class of bad input: " + perClass + ", total " + refused);
        assertThat(perClass.keySet())
                .contains(
                        "NUL",
                        "lone surrogate",
                        "over-long string",
                        "non-finite number",
                        "malformed JSON",
                        "wrong type",
                        "time out of range");
    }

    private static List<String> wrongTypeTargets(ObjectNode good) {
        List<String> out = new ArrayList<>();
        good.fieldNames().forEachRemaining(f -> out.add("/" + f));
        for (String nested : List.of("/scope", "/actions_taken/0", "/action")) {
            JsonNode n = good.at(nested);
            if (n.isObject()) {
                n.fieldNames().forEachRemaining(f -> {
                    if (!(nested.equals("/action") && !f.equals("type"))) {
                        out.add(nested + "/" + f);
                    }
                });
            }
        }
        // free-form JSON (an action's params, a metric's name) takes any type; human_feedback etc. do not
        out.removeIf(p -> p.equals("/timestamp") || p.startsWith("/state_") && p.length() > 13);
        return out;
    }

    @Test
    void oddButValidInputIsStoredAndReadBackUnchanged() throws Exception {
        String odd = "\uFFFF \uDBFF\uDFFF \u202Eevil\u202C e\u0301 \uD83D\uDC69\u200D\uD83D\uDCBB \u00A0";
        for (String ts : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z")) {
            ObjectNode d = tree("{\"scope\":{\"service\":\"odd\"},\"trigger\":\"t\",\"operational_mode\":\"BALANCED\","
                    + "\"actions_taken\":[],\"state_before\":{\"cpu\":1.7e308,\"tiny\":4.9e-324}}");
            d.put("timestamp", ts).put("human_feedback", odd).put("rule", odd);
            ((ObjectNode) d.get("state_before")).put(odd, -1.7e308);
            HttpResponse<String> r = call("POST", "/decisions", Json.write(d));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode back =
                    tree(call("GET", "/decisions/" + tree(r.body()).get("id").asText(), null)
                            .body());
            assertThat(back.get("timestamp").asText())
                    .isEqualTo(java.time.Instant.parse(ts).toString());
            assertThat(back.get("human_feedback").asText()).isEqualTo(odd);
            assertThat(back.at("/state_before").get(odd).asDouble()).isEqualTo(-1.7e308);
            assertThat(back.at("/state_before/cpu").asDouble()).isEqualTo(1.7e308);
        }
        for (String ts : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z")) {
            JsonNode exact = tree(call("GET", "/decisions?service=odd&start=" + ts + "&end=" + ts, null)
                    .body());
            assertThat(exact.get("items").size()).as("start = end = " + ts).isEqualTo(1);
        }
        HttpResponse<String> newest = call("GET", "/decisions?service=odd&limit=1", null);
        assertThat(newest.statusCode()).isEqualTo(200);
        assertThat(tree(newest.body()).at("/items/0/timestamp").asText()).isEqualTo("9999-12-31T23:59:59.999999Z");
        String cursor = tree(newest.body()).get("next_cursor").asText();
        JsonNode oldest = tree(call("GET", "/decisions?service=odd&limit=1&cursor=" + cursor, null)
                .body());
        assertThat(oldest.at("/items/0/timestamp").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(oldest.get("next_cursor").isNull()).isTrue();
    }

    // ---------------------------------------------------------------- stored data

    @Test
    void noStoredRowMakesAReadAnswer500() throws Exception {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        String huge = "1" + "0".repeat(2000);
        Map<String, String> rows = new LinkedHashMap<>(); // timestamp, service, actions, state_before, reward
        rows.put("year 9999", "'9999-12-31T23:59:59.999999Z', 'x9999', '[]', '{\"a\":1}', NULL");
        rows.put("infinity", "'infinity', 'xinf', '[]', '{\"a\":1}', NULL");
        rows.put("-infinity", "'-infinity', 'xminf', '[]', '{\"a\":1}', NULL");
        rows.put("year 294276", "'294276-12-31T23:59:59.999999Z', 'xmax', '[]', '{\"a\":1}', NULL");
        rows.put("4714 BC", "'4714-11-24 00:00:00+00 BC', 'xmin', '[]', '{\"a\":1}', NULL");
        rows.put("NaN reward", "now(), 'xnan', '[]', '{\"a\":1}', 'NaN'");
        rows.put("Infinity reward", "now(), 'xpinf', '[]', '{\"a\":1}', 'Infinity'");
        rows.put("-Infinity reward", "now(), 'xninf', '[]', '{\"a\":1}', '-Infinity'");
        rows.put("2001-digit jsonb number", "now(), 'xbig', '[]', '{\"a\":" + huge + "}', 0.5");
        rows.put(
                "1e400 and 1e-400 in jsonb",
                "now(), 'x400', '[{\"type\":\"notify\",\"params\":{\"n\":1e400}}]'," + " '{\"a\":1e-400}', 0.5");
        rows.put(
                "jsonb nested 1500 deep",
                "now(), 'xdeep', '[{\"type\":\"notify\",\"params\":{\"d\":" + deep + "}}]', '{\"a\":1}', NULL");
        rows.put(
                "odd unicode",
                "now(), E'\\uFFFF\\U0010FFFF\\u202E\\u0301', '[{\"type\":\"\\uFFFF\"}]',"
                        + " '{\"\\u202E\":1, \"\\uD83D\\uDE00\":2}', NULL");
        rows.put(
                "string of 2 MB in jsonb",
                "now(), 'xlong', '[{\"type\":\"notify\",\"detail\":\"" + "y".repeat(2_000_000)
                        + "\"}]', '{\"a\":1}', NULL");
        for (Map.Entry<String, String> row : rows.entrySet()) {
            String[] v = row.getValue().split(", ", 2);
            // each extreme time twice: paging must break the tie by id
            if (!v[0].equals("now()")) {
                sql("INSERT INTO hcl_decisions (id, \"timestamp\", service, trigger, operational_mode, actions_taken,"
                        + " state_before) VALUES (gen_random_uuid(), " + v[0]
                        + ", 'tie', 'tie', 'BALANCED', '[]', '{}')");
            }
            sql("INSERT INTO hcl_decisions (id, \"timestamp\", service, trigger, operational_mode, actions_taken,"
                    + " state_before, reward_signal) SELECT gen_random_uuid(), " + v[0] + ", t.s, '" + row.getKey()
                    + "', 'BALANCED', t.a::jsonb, t.b::jsonb, t.r::float8 FROM (VALUES (" + v[1]
                    + ")) AS t(s, a, b, r)");
        }
        sql(
                "INSERT INTO hcl_actions (idempotency_key, \"timestamp\", service, action_type, target, params, dry_run,"
                        + " status) VALUES ('a-inf', 'infinity', 's', 'notify', 't', '{\"n\":1e400}', true, 'DRY_RUN'),"
                        + " ('a-nan', now(), E'\\uFFFF', E'\\u202E', 't', '{}', false, 'EXECUTED')",
                "INSERT INTO hcl_approvals (id, idempotency_key, service, action, requested_at, expires_at, status)"
                        + " VALUES (gen_random_uuid(), 'ap-inf', 's', '{\"type\":\"restart\",\"n\":" + huge + "}',"
                        + " '-infinity', 'infinity', 'PENDING'), (gen_random_uuid(), 'ap-9999', E'\\uFFFF',"
                        + " '{\"type\":\"restart\",\"d\":" + deep
                        + "}', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59Z',"
                        + " 'PENDING')");
        int reads = 0;
        // every stored decision, one page at a time, newest ('infinity') first
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            HttpResponse<String> r =
                    call("GET", "/decisions?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(r.statusCode())
                    .as(r.body().substring(0, Math.min(300, r.body().length())))
                    .isEqualTo(200);
            JsonNode page = tree(r.body());
            page.get("items").forEach(d -> seen.add(d.get("id").asText()));
            if (seen.size() == 1) {
                assertThat(page.at("/items/0/timestamp").asText()).isEqualTo("infinity");
            }
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asText();
            reads++;
        } while (cursor != null && reads < 100);
        List<String> missed = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, \"timestamp\"::text, trigger FROM hcl_decisions"
                        + " ORDER BY \"timestamp\" DESC, id DESC")) {
            while (rs.next()) {
                if (!seen.contains(rs.getString(1))) {
                    missed.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        assertThat(missed).as("rows paging never reached").isEmpty();
        assertThat(seen).hasSize((int) count("SELECT count(*) FROM hcl_decisions"));
        assertThat(seen.size()).isGreaterThanOrEqualTo(rows.size());
        for (String id : seen) {
            HttpResponse<String> one = call("GET", "/decisions/" + id, null);
            assertThat(one.statusCode()).as(id).isEqualTo(200);
            JsonNode d = tree(one.body());
            String why = d.get("trigger").asText();
            if (why.endsWith("reward")) {
                assertThat(d.get("reward_signal").isNull()).as(why).isTrue();
            }
            if (why.equals("2001-digit jsonb number")) {
                assertThat(one.body()).contains("\"a\":" + huge);
            }
            if (why.equals("-infinity")) {
                assertThat(d.get("timestamp").asText()).isEqualTo("-infinity");
            }
            HttpResponse<String> patched = call("PATCH", "/decisions/" + id, "{\"human_feedback\":\"seen\"}");
            assertThat(patched.statusCode()).as(why + ": " + patched.body()).isEqualTo(200);
            reads += 2;
        }
        for (String q : List.of(
                "/decisions?limit=1000",
                "/decisions?service=xinf",
                "/decisions?start=0001-01-01T00:00:00Z&end=9999-12-31T23:59:59.999999Z",
                "/decisions?end=0001-01-01T00:00:00Z",
                "/decisions/analytics/success_rate",
                "/decisions/analytics/reward_trend?days=730",
                "/decisions/analytics/actions_by_type",
                "/decisions/analytics/actions_by_type?days=1",
                "/approvals?status=all",
                "/approvals?status=pending&limit=1")) {
            HttpResponse<String> r = call("GET", q, null);
            assertThat(r.statusCode())
                    .as(q + ": " + r.body().substring(0, Math.min(300, r.body().length())))
                    .isEqualTo(200);
            tree(r.body());
            reads++;
        }
        HttpResponse<String> maintained = call("POST", "/maintenance", null);
        assertThat(maintained.statusCode()).as(maintained.body()).isEqualTo(200);
        JsonNode trend = tree(
                call("GET", "/decisions/analytics/reward_trend?days=730", null).body());
        trend.get("buckets")
                .forEach(b -> assertThat(b.get("avg_reward").isNull()
                                || b.get("avg_reward").isNumber())
                        .as(b.toString())
                        .isTrue());
        JsonNode approvals = tree(call("GET", "/approvals?status=all", null).body());
        assertThat(approvals.findValuesAsText("expires_at")).contains("infinity", "9999-12-31T23:59:59Z");
        for (JsonNode a : approvals.get("items")) {
            HttpResponse<String> one = call("GET", "/approvals/" + a.get("id").asText(), null);
            assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
            reads++;
        }
        System.out.println("stored-data reads answered 200: " + reads + " over " + seen.size() + " decisions");
    }
}
