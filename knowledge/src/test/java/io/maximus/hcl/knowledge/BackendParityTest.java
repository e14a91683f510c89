package io.maximus.hcl.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.knowledge.api.ApiConfig;
import io.maximus.hcl.knowledge.api.ApiServer;
import io.maximus.hcl.knowledge.bench.HistoryGenerator;
import io.maximus.hcl.knowledge.store.Database;
import io.maximus.hcl.knowledge.store.DecisionRecord;
import io.maximus.hcl.knowledge.store.KnowledgeStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same data written to plain PostgreSQL (embedded, native partitions) and to TimescaleDB (hypertables, continuous
 * aggregates): every read of the decision API and the telemetry history answers the same on both, before and after
 * the maintenance pass materializes the aggregates.
 */
class BackendParityTest {

    private static final String TOKEN = "parity";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static Side plain;
    private static Side timescale;

    /** One backend: its pool, store and API. */
    private record Side(String url, String password, HikariDataSource pool, KnowledgeStore store, ApiServer api) {
        static Side of(String url, String password) {
            Schema.migrate(url, "postgres", password);
            HikariDataSource pool = Database.pool(url, "postgres", password, 2);
            ApiServer api = ApiServer.start(ApiConfig.of(url, "postgres", password)
                    .withToken(TOKEN)
                    .withOpenReads(true)
                    .withMaintenanceEvery(null));
            return new Side(url, password, pool, KnowledgeStore.jdbc(pool, Clock.systemUTC()), api);
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
            return Json.MAPPER.readTree(r.body());
        }

        void close() {
            api.stop();
            pool.close();
        }
    }

    @BeforeAll
    static void load() throws SQLException {
        timescale = Side.of(TestTimescale.freshDatabase(), "");
        plain = Side.of(TestDb.freshDatabase(), "postgres");
        try (Connection c = plain.pool().getConnection()) {
            assertThat(Backend.of(c)).isEqualTo(Backend.NATIVE);
        }
        try (Connection c = timescale.pool().getConnection()) {
            assertThat(Backend.of(c)).isEqualTo(Backend.TIMESCALE);
        }
        // 20 days of decisions (one every 10 minutes, 6 services) and telemetry (4 hosts, every 15 minutes)
        HistoryGenerator gen = new HistoryGenerator(11, 6, 2);
        List<DecisionRecord> decisions = new ArrayList<>();
        List<TelemetrySnapshot> snaps = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(5);
        Instant from = NOW.minus(Duration.ofDays(20));
        for (Instant t = from; t.isBefore(NOW); t = t.plus(Duration.ofMinutes(5))) {
            if (t.getEpochSecond() % 600 < 300) {
                decisions.add(gen.next(t).toRecord());
            }
            if (t.getEpochSecond() % 900 < 300) {
                for (int h = 0; h < 4; h++) {
                    snaps.add(new TelemetrySnapshot(
                            t.toEpochMilli(),
                            "host-" + h,
                            "svc-" + (h % 2),
                            Map.of(
                                    "cpu_usage",
                                    r.nextDouble(0, 100),
                                    "memory_usage",
                                    r.nextDouble(0, 100),
                                    "other_metric",
                                    r.nextDouble()),
                            Map.of()));
                }
            }
        }
        for (Side s : List.of(plain, timescale)) {
            for (int i = 0; i < decisions.size(); i += 500) {
                s.store().decisions().insertBatch(decisions.subList(i, Math.min(decisions.size(), i + 500)));
            }
            s.store().telemetry().insertTelemetry(snaps);
        }
    }

    @AfterAll
    static void close() {
        for (Side s : new Side[] {plain, timescale}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void theApiAndTheStoreAnswerTheSameOnBothBackends() throws Exception {
        assertSameAnswers("before maintenance");
        for (Side s : List.of(plain, timescale)) {
            new KbMaintenance(s.pool(), Clock.systemUTC())
                    .refreshLookback(Duration.ofDays(30))
                    .maintain();
        }
        assertSameAnswers("after maintenance");
    }

    private static void assertSameAnswers(String when) throws Exception {
        List<String> paths = new ArrayList<>(List.of(
                "/decisions?limit=100",
                "/decisions?limit=50&mode=BALANCED",
                "/decisions?limit=50&outcome=FAILED",
                "/decisions?limit=50&service=" + HistoryGenerator.serviceName(2),
                "/decisions?limit=20&service=" + HistoryGenerator.serviceName(1)
                        + "&mode=HIGH_PERFORMANCE&outcome=SUCCESS",
                "/decisions?limit=100&start=" + NOW.minus(Duration.ofDays(12)) + "&end="
                        + NOW.minus(Duration.ofDays(11)),
                "/decisions/analytics/success_rate",
                "/decisions/analytics/success_rate?mode=ENERGY_EFFICIENT",
                "/decisions/analytics/reward_trend?days=7",
                "/decisions/analytics/reward_trend?days=30",
                "/decisions/analytics/actions_by_type",
                "/decisions/analytics/actions_by_type?days=7"));
        // the second page, and one decision by id
        JsonNode first = plain.get("/decisions?limit=100&service=" + HistoryGenerator.serviceName(3));
        assertThat(first.path("next_cursor").isTextual()).isTrue();
        paths.add("/decisions?limit=100&service=" + HistoryGenerator.serviceName(3) + "&cursor="
                + first.path("next_cursor").asText());
        paths.add("/decisions/" + first.path("items").get(7).path("id").asText());
        for (String path : paths) {
            JsonNode a = plain.get(path);
            JsonNode b = timescale.get(path);
            assertThat(a.size()).as("%s %s answers something", when, path).isPositive();
            assertThat(a.equals(NUMBERS_CLOSE, b))
                    .as("%s: GET %s\nplain:       %s\ntimescaledb: %s", when, path, a, b)
                    .isTrue();
        }
        Instant dayStart = NOW.minus(Duration.ofDays(15)).truncatedTo(ChronoUnit.DAYS);
        for (String metric : List.of("cpu_usage", "memory_usage", "other_metric")) {
            for (Instant[] w : List.of(
                    new Instant[] {dayStart, dayStart.plus(Duration.ofDays(3))},
                    new Instant[] {NOW.minus(Duration.ofHours(30)), NOW},
                    new Instant[] {
                        NOW.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS),
                        NOW.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS)
                    })) {
                Map<Instant, Double> a = plain.store().telemetry().telemetryHourlyMean("host-1", metric, w[0], w[1]);
                Map<Instant, Double> b =
                        timescale.store().telemetry().telemetryHourlyMean("host-1", metric, w[0], w[1]);
                assertThat(a).as("%s %s %s..%s", when, metric, w[0], w[1]).isNotEmpty();
                assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
                a.forEach((h, v) -> assertThat(b.get(h)).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-9)));
            }
        }
    }

    /** JSON equality with numbers equal to 1e-9 (sums may add up in another order on the two backends). */
    private static final Comparator<JsonNode> NUMBERS_CLOSE = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            double d = Math.abs(x.asDouble() - y.asDouble());
            return d <= 1e-9 * Math.max(1, Math.abs(x.asDouble())) ? 0 : 1;
        }
        return x.equals(y) ? 0 : 1;
    };
}
