package io.maximus.hcl.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.knowledge.bench.HistoryGenerator;
import io.maximus.hcl.knowledge.store.Analytics;
import io.maximus.hcl.knowledge.store.Approval;
import io.maximus.hcl.knowledge.store.ApprovalRepository;
import io.maximus.hcl.knowledge.store.ApprovalStatus;
import io.maximus.hcl.knowledge.store.Database;
import io.maximus.hcl.knowledge.store.DecisionFilter;
import io.maximus.hcl.knowledge.store.DecisionPatch;
import io.maximus.hcl.knowledge.store.DecisionRecord;
import io.maximus.hcl.knowledge.store.KnowledgeStore;
import io.maximus.hcl.knowledge.store.Outcome;
import io.maximus.hcl.knowledge.store.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema, store, analytics, retention and approvals on a real (embedded) plain PostgreSQL. */
class KnowledgeBaseTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static String url;
    private static HikariDataSource pool;
    private static KnowledgeStore store;

    @BeforeAll
    static void setUp() {
        url = TestDb.freshDatabase();
        assertThat(Schema.migrate(url, "postgres", "postgres")).isEqualTo(2);
        pool = Database.pool(url, "postgres", "postgres", 4);
        store = KnowledgeStore.jdbc(pool, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    private static Decision jobDecision(Instant ts, OperationalMode mode, String service) {
        Action scale = new Action(ActionType.SCALE_DEPLOYMENT, service, Map.of("replicas", 5));
        ActionResult result = new ActionResult(
                scale,
                ActionStatus.DRY_RUN,
                true,
                "kubectl scale deploy/" + service + " --replicas=5",
                null,
                ts.toEpochMilli(),
                ts.toEpochMilli() + 3);
        return new Decision(
                UUID.randomUUID().toString(),
                ts.toEpochMilli(),
                new Scope(service, "h1"),
                "cpu_usage > 80% for 5min",
                mode,
                List.of(Decision.ActionTaken.of(result)),
                Map.of("cpu_usage", 91.5),
                null,
                null,
                null,
                null,
                "cpu-high");
    }

    @Test
    void migrationIsIdempotentAndNative() throws SQLException {
        assertThat(Schema.migrate(url, "postgres", "postgres")).isZero();
        try (Connection c = pool.getConnection()) {
            assertThat(Backend.of(c)).isEqualTo(Backend.NATIVE);
            LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
            for (String t : KbMaintenance.PARTITIONED) {
                assertThat(regclassExists(c, KbMaintenance.partitionName(t, today)))
                        .as(t)
                        .isTrue();
                assertThat(KbMaintenance.partitionName(t, today))
                        .endsWith(KbMaintenance.weekOf(today).toString().replace("-", ""));
            }
        }
    }

    @Test
    void aDecisionOfTheJobIsStoredOnceReadBackAndPatched() throws SQLException {
        Decision d = jobDecision(NOW.minusSeconds(30), OperationalMode.BALANCED, "checkout");
        DecisionRecord rec = DecisionRecord.of(d);
        assertThat(store.decisions().insert(rec)).isTrue();
        assertThat(store.decisions().insert(rec)).as("replay").isFalse();
        DecisionRecord back = store.decisions().get(rec.id()).orElseThrow();
        assertThat(back).isEqualTo(rec);
        assertThat(back.actionsTaken().get(0).get("type").asText()).isEqualTo("scale_deployment");
        assertThat(back.actionsTaken().get(0).get("dry_run").asBoolean()).isTrue();

        DecisionRecord patched = store.decisions()
                .patch(
                        rec.id(),
                        new DecisionPatch(
                                Outcome.SUCCESS, Json.MAPPER.valueToTree(Map.of("cpu_usage", 55.0)), 0.8, null))
                .orElseThrow();
        assertThat(patched.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(patched.rewardSignal()).isEqualTo(0.8);
        assertThat(patched.stateAfter().get("cpu_usage").asDouble()).isEqualTo(55.0);
        assertThat(patched.trigger()).isEqualTo(rec.trigger());
        assertThat(store.decisions().patch(UUID.randomUUID(), new DecisionPatch(Outcome.FAILED, null, null, null)))
                .isEmpty();
    }

    @Test
    void listFiltersAndKeysetPagesNewestFirst() throws SQLException {
        String svc = "list-svc";
        List<DecisionRecord> mine = new ArrayList<>();
        HistoryGenerator gen = new HistoryGenerator(7, 1, 3);
        List<DecisionRecord> batch = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            Instant ts = NOW.minus(Duration.ofMinutes(i * 7L)).minusMillis(i % 5);
            HistoryGenerator.Row r = gen.next(ts);
            DecisionRecord rec = r.toRecord();
            rec = new DecisionRecord(
                    rec.id(),
                    rec.timestamp(),
                    svc,
                    rec.host(),
                    rec.trigger(),
                    OperationalMode.values()[i % 3],
                    rec.actionsTaken(),
                    rec.stateBefore(),
                    rec.stateAfter(),
                    rec.outcome(),
                    rec.rewardSignal(),
                    null,
                    rec.rule());
            batch.add(rec);
            mine.add(rec);
        }
        assertThat(store.decisions().insertBatch(batch)).isEqualTo(45);
        assertThat(store.decisions().insertBatch(batch)).as("replayed batch").isZero();

        List<DecisionRecord> seen = new ArrayList<>();
        DecisionFilter f = new DecisionFilter(null, null, svc, null, null, 10, null);
        int pages = 0;
        while (true) {
            Page<DecisionRecord> p = store.decisions().list(f);
            seen.addAll(p.items());
            pages++;
            if (p.next() == null) {
                break;
            }
            f = new DecisionFilter(null, null, svc, null, null, 10, p.next());
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(45);
        assertThat(new HashSet<>(seen)).containsExactlyInAnyOrderElementsOf(mine);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).timestamp())
                    .isBeforeOrEqualTo(seen.get(i - 1).timestamp());
        }

        Instant start = NOW.minus(Duration.ofHours(2));
        Page<DecisionRecord> eco = store.decisions()
                .list(new DecisionFilter(OperationalMode.ENERGY_EFFICIENT, null, svc, start, NOW, 1000, null));
        long expected = mine.stream()
                .filter(r -> r.mode() == OperationalMode.ENERGY_EFFICIENT
                        && !r.timestamp().isBefore(start)
                        && !r.timestamp().isAfter(NOW))
                .count();
        assertThat(eco.items()).hasSize((int) expected).allMatch(r -> r.mode() == OperationalMode.ENERGY_EFFICIENT);
        assertThat(eco.next()).isNull();
        long failed = mine.stream().filter(r -> r.outcome() == Outcome.FAILED).count();
        assertThat(store.decisions()
                        .list(new DecisionFilter(null, Outcome.FAILED, svc, null, null, 1000, null))
                        .items())
                .hasSize((int) failed);
    }

    @Test
    void analyticsAgreeBeforeAndAfterRefreshAndRetentionKeepsTheAggregate() throws SQLException {
        // Its own database: the analytics must count exactly these rows.
        String db = TestDb.freshDatabase();
        Schema.migrate(db, "postgres", "postgres");
        try (HikariDataSource ds = Database.pool(db, "postgres", "postgres", 2)) {
            Instant now = Instant.now();
            Clock real = Clock.fixed(now, ZoneOffset.UTC);
            KnowledgeStore s = KnowledgeStore.jdbc(ds, real);
            Instant old = now.minus(Duration.ofDays(100))
                    .truncatedTo(ChronoUnit.HOURS)
                    .plusSeconds(600);
            Instant recent =
                    now.minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.HOURS).plusSeconds(600);
            new KbMaintenance(ds, real)
                    .ensurePartitions(
                            LocalDate.ofInstant(old, ZoneOffset.UTC), LocalDate.ofInstant(old, ZoneOffset.UTC));
            new KbMaintenance(ds, real)
                    .ensurePartitions(
                            LocalDate.ofInstant(recent, ZoneOffset.UTC), LocalDate.ofInstant(recent, ZoneOffset.UTC));
            // old: 3 BALANCED (2 successes, rewards 1.0 and 0.5, one failure -1.0); recent: 2 HIGH_PERFORMANCE.
            UUID oldId = insert(s, old, OperationalMode.BALANCED, Outcome.SUCCESS, 1.0);
            insert(s, old.plusSeconds(60), OperationalMode.BALANCED, Outcome.SUCCESS, 0.5);
            insert(s, old.plusSeconds(120), OperationalMode.BALANCED, Outcome.FAILED, -1.0);
            insert(s, recent, OperationalMode.HIGH_PERFORMANCE, Outcome.SUCCESS, 0.25);
            insert(s, recent.plusSeconds(5), OperationalMode.HIGH_PERFORMANCE, null, null);

            // Before any refresh: everything is aggregated live from the detail rows.
            assertSuccess(s);
            assertThat(s.analytics().actionsByType(null)).singleElement().satisfies(t -> {
                assertThat(t.type()).isEqualTo("scale_deployment");
                assertThat(t.total()).isEqualTo(5);
                assertThat(t.dryRuns()).isEqualTo(5);
                assertThat(t.byStatus()).containsEntry("DRY_RUN", 5L);
            });

            // Maintenance as of 15 days ago materializes the old hours; then today's run applies retention.
            KbMaintenance past = new KbMaintenance(ds, Clock.fixed(now.minus(Duration.ofDays(15)), ZoneOffset.UTC));
            past.maintain();
            assertSuccess(s);
            KbMaintenance.Report r = new KbMaintenance(ds, real).maintain();
            String oldPart = KbMaintenance.partitionName("hcl_decisions", LocalDate.ofInstant(old, ZoneOffset.UTC));
            assertThat(r.partitionsDropped()).contains(oldPart);
            try (Connection c = ds.getConnection()) {
                assertThat(regclassExists(c, oldPart)).isFalse();
                assertThat(regclassExists(
                                c,
                                KbMaintenance.partitionName(
                                        "hcl_decisions", LocalDate.ofInstant(recent, ZoneOffset.UTC))))
                        .isTrue();
                assertThat(count(c, "SELECT count(*) FROM hcl_decisions")).isEqualTo(2);
                // the actions aggregate folded the old hour into its day
                assertThat(count(
                                c,
                                "SELECT count(*) FROM hcl_actions_hourly_mat WHERE hour < now() - interval '50 days'"
                                        + " AND hour <> date_trunc('day', hour, 'UTC')"))
                        .isZero();
                assertThat(count(
                                c,
                                "SELECT sum(actions) FROM hcl_actions_hourly_mat"
                                        + " WHERE hour < now() - interval '50 days'"))
                        .isEqualTo(3);
            }
            assertThat(s.decisions().get(oldId))
                    .as("detail past retention is gone")
                    .isEmpty();
            // ... but its hour is still in the aggregate
            assertSuccess(s);
            List<Analytics.RewardBucket> trend = s.analytics().rewardTrend(120);
            assertThat(trend)
                    .extracting(Analytics.RewardBucket::hour)
                    .containsExactly(recent.truncatedTo(ChronoUnit.HOURS), old.truncatedTo(ChronoUnit.HOURS));
            Analytics.RewardBucket oldHour = trend.get(1);
            assertThat(oldHour.decisions()).isEqualTo(3);
            assertThat(oldHour.avgReward()).isCloseTo(0.5 / 3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(oldHour.minReward()).isEqualTo(-1.0);
            assertThat(oldHour.maxReward()).isEqualTo(1.0);
            assertThat(s.analytics().rewardTrend(30)).hasSize(1);
            assertThat(s.analytics().actionsByType(null).get(0).total()).isEqualTo(5);
            assertThat(s.analytics().actionsByType(30).get(0).total()).isEqualTo(2);

            // A late outcome inside the lookback is taken in by the next refresh.
            DecisionRecord pending = s.decisions()
                    .list(new DecisionFilter(null, null, null, null, null, 1, null))
                    .items()
                    .get(0);
            s.decisions().patch(pending.id(), new DecisionPatch(Outcome.SUCCESS, null, 0.75, null));
            new KbMaintenance(ds, real).refreshLookback(Duration.ofDays(11)).maintain();
            assertThat(s.analytics().successRate(OperationalMode.HIGH_PERFORMANCE))
                    .singleElement()
                    .satisfies(m -> assertThat(m.successes()).isEqualTo(2));
        }
    }

    private static void assertSuccess(KnowledgeStore s) throws SQLException {
        List<Analytics.ModeSuccess> all = s.analytics().successRate(null);
        assertThat(all).extracting(Analytics.ModeSuccess::mode).containsExactly("BALANCED", "HIGH_PERFORMANCE");
        Analytics.ModeSuccess balanced = all.get(0);
        assertThat(balanced.total()).isEqualTo(3);
        assertThat(balanced.successes()).isEqualTo(2);
        assertThat(balanced.failures()).isEqualTo(1);
        assertThat(balanced.successRate()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        Analytics.ModeSuccess hp = all.get(1);
        assertThat(hp.total()).isEqualTo(2);
        assertThat(hp.successRate()).isEqualTo(0.5);
        assertThat(hp.successRateOfDecided()).isEqualTo(1.0);
        assertThat(s.analytics().successRate(OperationalMode.ENERGY_EFFICIENT)).isEmpty();
    }

    private static UUID insert(KnowledgeStore s, Instant ts, OperationalMode mode, Outcome outcome, Double reward)
            throws SQLException {
        DecisionRecord r = DecisionRecord.of(jobDecision(ts, mode, "svc"));
        r = new DecisionRecord(
                r.id(),
                r.timestamp(),
                r.service(),
                r.host(),
                r.trigger(),
                r.mode(),
                r.actionsTaken(),
                r.stateBefore(),
                null,
                outcome,
                reward,
                null,
                r.rule());
        assertThat(s.decisions().insert(r)).isTrue();
        return r.id();
    }

    @Test
    void aDecisionLandingJustAfterItsHourClosedIsStillCounted() throws SQLException {
        // Maintenance runs a minute after the hour; then a decision of the hour that just ended arrives (a lagging
        // job). It must count at once, not only after the next refresh.
        String db = TestDb.freshDatabase();
        Schema.migrate(db, "postgres", "postgres");
        try (HikariDataSource ds = Database.pool(db, "postgres", "postgres", 2)) {
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            Clock justAfter = Clock.fixed(hour.plusSeconds(60), ZoneOffset.UTC);
            KnowledgeStore s = KnowledgeStore.jdbc(ds, justAfter);
            new KbMaintenance(ds, justAfter).maintain();
            insert(s, hour.minusSeconds(30), OperationalMode.HIGH_PERFORMANCE, Outcome.SUCCESS, 1.0);
            assertThat(s.analytics().successRate(OperationalMode.HIGH_PERFORMANCE))
                    .singleElement()
                    .satisfies(m -> assertThat(m.total()).isEqualTo(1));
        }
    }

    @Test
    void aRowOutsideThePreparedDaysWaitsInTheDefaultPartitionAndMovesToItsDay() throws SQLException {
        Instant far = NOW.plus(Duration.ofDays(40));
        DecisionRecord rec = DecisionRecord.of(jobDecision(far, OperationalMode.BALANCED, "future"));
        assertThat(store.decisions().insert(rec)).isTrue();
        try (Connection c = pool.getConnection()) {
            assertThat(partitionOf(c, rec.id())).isEqualTo("hcl_decisions_pdefault");
            LocalDate day = LocalDate.ofInstant(far, ZoneOffset.UTC);
            c.setAutoCommit(false);
            assertThat(new KbMaintenance(pool, Clock.systemUTC()).ensurePartitions(c, day, day))
                    .isEqualTo(3);
            c.commit();
            c.setAutoCommit(true);
            assertThat(partitionOf(c, rec.id())).isEqualTo(KbMaintenance.partitionName("hcl_decisions", day));
        }
        assertThat(store.decisions().get(rec.id())).contains(rec);
    }

    @Test
    void approvalsAreRequestedOnceAnsweredOnceAndExpire() throws SQLException {
        var action = Json.MAPPER.valueToTree(new Action(ActionType.RESTART, "checkout", Map.of()));
        Approval a = store.approvals()
                .requestApproval("key-1", null, "checkout", null, action, Duration.ofMinutes(15), "safety");
        Approval again =
                store.approvals().requestApproval("key-1", null, "checkout", null, action, Duration.ofMinutes(15), "x");
        assertThat(again.id()).isEqualTo(a.id());
        assertThat(a.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(store.approvals().approvals(ApprovalStatus.PENDING, 100))
                .extracting(Approval::id)
                .contains(a.id());

        assertThat(store.approvals().decide(a.id(), false, "alice", "too risky at peak"))
                .isEqualTo(ApprovalRepository.Answer.DONE);
        assertThat(store.approvals().decide(a.id(), true, "bob", "changed my mind"))
                .isEqualTo(ApprovalRepository.Answer.NOT_PENDING);
        Approval denied = store.approvals().approvalForKey("key-1").orElseThrow();
        assertThat(denied.status()).isEqualTo(ApprovalStatus.DENIED);
        assertThat(denied.decidedBy()).isEqualTo("alice");
        assertThat(denied.reason()).isEqualTo("too risky at peak");
        assertThat(store.approvals().decide(UUID.randomUUID(), true, "x", "y"))
                .isEqualTo(ApprovalRepository.Answer.NOT_FOUND);

        Approval b =
                store.approvals().requestApproval("key-2", null, "db", "h2", action, Duration.ofMinutes(1), "safety");
        KnowledgeStore later = KnowledgeStore.jdbc(pool, Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC));
        assertThat(later.approvals().decide(b.id(), true, "carol", "ok"))
                .isEqualTo(ApprovalRepository.Answer.NOT_PENDING);
        assertThat(store.approvals().approval(b.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
    }

    @Test
    void actionLogAndTelemetryAreIdempotent() throws SQLException {
        Instant ts = NOW.minusSeconds(5);
        Action restart = new Action(ActionType.RESTART_CONTAINER, "web-1", Map.of());
        UUID decision = UUID.randomUUID();
        store.actions()
                .logAction(
                        "act-1",
                        ts,
                        decision,
                        "web",
                        "h1",
                        new ActionResult(
                                restart, ActionStatus.AWAITING_APPROVAL, false, "docker restart web-1", null, 0, 0));
        assertThat(store.actions().actionStatus("act-1", ts)).contains("AWAITING_APPROVAL");
        store.actions()
                .logAction(
                        "act-1",
                        ts,
                        decision,
                        "web",
                        "h1",
                        new ActionResult(
                                restart,
                                ActionStatus.EXECUTED,
                                false,
                                "docker restart web-1",
                                "approved by alice",
                                ts.toEpochMilli(),
                                ts.toEpochMilli() + 900));
        assertThat(store.actions().actionStatus("act-1", ts)).contains("EXECUTED");
        try (Connection c = pool.getConnection()) {
            assertThat(count(c, "SELECT count(*) FROM hcl_actions WHERE idempotency_key = 'act-1'"))
                    .isEqualTo(1);
        }

        Instant hour = NOW.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<TelemetrySnapshot> snaps = List.of(
                new TelemetrySnapshot(
                        hour.toEpochMilli(), "h9", "web", Map.of("cpu_usage", 40.0, "mem", 1.0), Map.of()),
                new TelemetrySnapshot(
                        hour.plusSeconds(60).toEpochMilli(),
                        "h9",
                        "web",
                        Map.of("cpu_usage", 60.0),
                        Map.of("zone", "a")));
        assertThat(store.telemetry().insertTelemetry(snaps)).isEqualTo(2);
        assertThat(store.telemetry().insertTelemetry(snaps)).isZero();
        assertThat(store.telemetry().telemetryHourlyMean("h9", "cpu_usage", hour, hour.plus(Duration.ofHours(1))))
                .containsExactly(Map.entry(hour, 50.0));
    }

    private static boolean regclassExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String partitionOf(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT tableoid::regclass::text FROM hcl_decisions WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
