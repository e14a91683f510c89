package io.maximus.hcl.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.knowledge.bench.HistoryGenerator;
import io.maximus.hcl.knowledge.store.Database;
import io.maximus.hcl.knowledge.store.DecisionRecord;
import io.maximus.hcl.knowledge.store.KnowledgeStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The knowledge base's schema on a real TimescaleDB (Debian's PostgreSQL 15 with TimescaleDB 2.28, see
 * {@link TestTimescale}): hypertables, continuous aggregates for decisions and telemetry, retention and compression
 * policies exist, and every one of their jobs succeeds when run by hand.
 */
class TimescaleSchemaTest {

    private static String url;
    private static HikariDataSource pool;

    @BeforeAll
    static void migrate() {
        url = TestTimescale.freshDatabase();
        assertThat(Schema.migrate(url, "postgres", "")).isEqualTo(2);
        pool = Database.pool(url, "postgres", "", 2);
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void theMigrationChoseTimescaleAndCreatedHypertablesAggregatesAndPolicies() throws SQLException {
        try (Connection c = pool.getConnection()) {
            assertThat(Backend.of(c)).isEqualTo(Backend.TIMESCALE);
            assertThat(rows(
                            c,
                            "SELECT hypertable_name, compression_enabled::text FROM timescaledb_information.hypertables"
                                    + " WHERE hypertable_schema = 'public' ORDER BY 1"))
                    .containsExactly(
                            List.of("hcl_actions", "true"),
                            List.of("hcl_decisions", "true"),
                            List.of("hcl_telemetry", "true"));
            assertThat(
                            rows(
                                    c,
                                    "SELECT hypertable_name, column_name, time_interval::text"
                                            + " FROM timescaledb_information.dimensions WHERE hypertable_schema = 'public' ORDER BY 1"))
                    .containsExactly(
                            List.of("hcl_actions", "timestamp", "7 days"),
                            List.of("hcl_decisions", "timestamp", "7 days"),
                            List.of("hcl_telemetry", "timestamp", "1 day"));
            assertThat(rows(
                            c,
                            "SELECT view_name, materialized_only::text, compression_enabled::text"
                                    + " FROM timescaledb_information.continuous_aggregates ORDER BY 1"))
                    .containsExactly(
                            List.of("hcl_decisions_hourly", "false", "false"),
                            List.of("hcl_telemetry_hourly", "false", "true"));
            // every policy, by what it acts on (a continuous aggregate's policies name its view)
            assertThat(rows(c, POLICIES))
                    .containsExactlyInAnyOrder(
                            List.of("policy_compression", "hcl_actions", "7 days"),
                            List.of("policy_compression", "hcl_decisions", "7 days"),
                            List.of("policy_compression", "hcl_telemetry", "2 days"),
                            List.of("policy_compression", "hcl_telemetry_hourly", "30 days"),
                            List.of("policy_retention", "hcl_actions", "90 days"),
                            List.of("policy_retention", "hcl_decisions", "90 days"),
                            List.of("policy_retention", "hcl_telemetry", "90 days"),
                            List.of("policy_retention", "hcl_decisions_hourly", "2 years"),
                            List.of("policy_retention", "hcl_telemetry_hourly", "2 years"),
                            List.of("policy_refresh_continuous_aggregate", "hcl_decisions_hourly", "3 days"),
                            List.of("policy_refresh_continuous_aggregate", "hcl_telemetry_hourly", "3 days"));
        }
    }

    /** Jobs' target: the hypertable, or for a continuous aggregate's materialization hypertable the view's name. */
    private static final String POLICIES = "SELECT j.proc_name,"
            + " coalesce(ca.view_name, j.hypertable_name),"
            + " coalesce(j.config ->> 'compress_after', j.config ->> 'drop_after', j.config ->> 'start_offset')"
            + " FROM timescaledb_information.jobs j"
            + " LEFT JOIN timescaledb_information.continuous_aggregates ca"
            + " ON ca.materialization_hypertable_name = j.hypertable_name"
            + " WHERE j.proc_name IN ('policy_compression', 'policy_retention', 'policy_refresh_continuous_aggregate')";

    @Test
    void everyPolicyJobSucceedsByHandAndRetentionKeepsTheAggregatesBeyondTheDetail() throws SQLException {
        KnowledgeStore store = KnowledgeStore.jdbc(pool, Clock.systemUTC());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant old = now.minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.DAYS);
        // 100 days of telemetry (one host, every 2 hours) and decisions (every 6 hours)
        List<TelemetrySnapshot> snaps = new ArrayList<>();
        List<DecisionRecord> decisions = new ArrayList<>();
        HistoryGenerator gen = new HistoryGenerator(7, 3, 2);
        for (Instant t = old; t.isBefore(now.minus(Duration.ofHours(2))); t = t.plus(Duration.ofHours(2))) {
            snaps.add(new TelemetrySnapshot(
                    t.toEpochMilli(), "job-h1", "jobs", Map.of("cpu_usage", 50.0, "memory_usage", 30.0), Map.of()));
            if (t.getEpochSecond() % (6 * 3600) == 0) {
                decisions.add(gen.next(t).toRecord());
            }
        }
        assertThat(store.telemetry().insertTelemetry(snaps)).isEqualTo(snaps.size());
        assertThat(store.decisions().insertBatch(decisions)).isEqualTo(decisions.size());
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            // backfill the aggregates over the whole history (the policies refresh the last 3 days only)
            s.execute("CALL refresh_continuous_aggregate('hcl_decisions_hourly', NULL, now() - interval '1 hour')");
            s.execute("CALL refresh_continuous_aggregate('hcl_telemetry_hourly', NULL, now() - interval '1 hour')");
            List<List<String>> jobs = rows(
                    c,
                    "SELECT job_id, proc_name FROM timescaledb_information.jobs"
                            + " WHERE proc_name IN ('policy_compression', 'policy_retention', 'policy_refresh_continuous_aggregate')"
                            + " ORDER BY CASE WHEN proc_name LIKE 'policy_refresh%' THEN 0"
                            + " WHEN proc_name = 'policy_compression' THEN 1 ELSE 2 END, job_id");
            assertThat(jobs).hasSize(11);
            for (List<String> job : jobs) {
                s.execute("CALL run_job(" + Integer.parseInt(job.get(0)) + ")"); // throws when the job fails
            }
            long oldDetail =
                    count(c, "SELECT count(*) FROM hcl_telemetry WHERE \"timestamp\" < now() - interval '91 days'");
            long oldDecisions =
                    count(c, "SELECT count(*) FROM hcl_decisions WHERE \"timestamp\" < now() - interval '97 days'");
            assertThat(oldDetail).as("telemetry older than 90 days dropped").isZero();
            // 7-day chunks: a chunk goes once all of it is older than 90 days
            assertThat(oldDecisions)
                    .as("decisions in chunks older than 90 days dropped")
                    .isZero();
            assertThat(count(
                            c,
                            "SELECT sum(snapshots) FROM hcl_telemetry_hourly WHERE hour < now() - interval '91 days'"))
                    .as("the telemetry aggregate outlives the detail")
                    .isGreaterThanOrEqualTo(100L);
            assertThat(count(
                            c,
                            "SELECT sum(decisions) FROM hcl_decisions_hourly WHERE hour < now() - interval '91 days'"))
                    .as("the decision aggregate outlives the detail")
                    .isGreaterThanOrEqualTo(30L);
            assertThat(count(
                            c,
                            "SELECT count(*) FROM timescaledb_information.chunks"
                                    + " WHERE hypertable_name = 'hcl_telemetry' AND is_compressed"))
                    .as("telemetry chunks older than 2 days compressed")
                    .isGreaterThan(50L);
            assertThat(count(
                            c,
                            "SELECT count(*) FROM timescaledb_information.chunks"
                                    + " WHERE hypertable_name = 'hcl_decisions' AND is_compressed"))
                    .isPositive();
        }
        // the sink's insert into a compressed chunk: first write wins, as on uncompressed rows
        assertThat(store.telemetry().insertTelemetry(snaps.subList(snaps.size() - 300, snaps.size() - 200)))
                .isZero();
        // reads across compressed chunks and the aggregate: the hourly mean of a whole day 10 days back
        Instant day = now.minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.DAYS);
        Map<Instant, Double> means =
                store.telemetry().telemetryHourlyMean("job-h1", "cpu_usage", day, day.plus(Duration.ofDays(1)));
        assertThat(means).hasSize(12).allSatisfy((h, v) -> assertThat(v).isEqualTo(50.0));
        // a window off the hour boundaries reads the (compressed) detail rows instead
        assertThat(new TreeMap<>(store.telemetry()
                        .telemetryHourlyMean("job-h1", "cpu_usage", day.plusSeconds(1), day.plus(Duration.ofDays(1)))))
                .hasSize(11);
        // KbMaintenance on TimescaleDB refreshes both continuous aggregates and leaves partitions to the policies
        KbMaintenance.Report r = new KbMaintenance(pool, Clock.systemUTC()).maintain();
        assertThat(r.partitionsCreated()).isZero();
        assertThat(r.partitionsDropped()).isEmpty();
        try (Connection c = pool.getConnection()) {
            Map<String, String> status = new HashMap<>();
            for (List<String> row : rows(
                    c,
                    "SELECT j.proc_name || ':' || j.job_id, coalesce(s.last_run_status, '')"
                            + " FROM timescaledb_information.jobs j JOIN timescaledb_information.job_stats s USING (job_id)"
                            + " WHERE j.proc_name LIKE 'policy_%'")) {
                status.put(row.get(0), row.get(1));
            }
            // jobs run by hand record no statistics; a background run that happened meanwhile must have succeeded
            List<List<String>> errors = rows(
                    c, "SELECT job_id, proc_name, sqlerrcode, err_message FROM timescaledb_information.job_errors");
            assertThat(status.values())
                    .as("job errors: %s", errors)
                    .allSatisfy(v -> assertThat(v).isIn("", "Success"));
        }
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
