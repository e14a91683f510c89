package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The knowledge base's reads and writes over JDBC: decisions, the action log, telemetry history,
 * analytics and approvals. Every value is a bind parameter; the only SQL text ever assembled is from the
 * fixed fragments in this class. The same statements serve plain PostgreSQL and TimescaleDB.
 */
public final class DecisionStore implements AutoCloseable {

    private static final String COLUMNS = "id, \"timestamp\", service, host, trigger, operational_mode, actions_taken,"
            + " state_before, state_after, outcome, reward_signal, human_feedback, rule";

    /**
     * The API's and the benchmark's insert: idempotent on (id, timestamp) like the Flink job's JDBC sink (which in
     * addition completes an outcome stub, see the sinks module's DecisionOutcomeJdbcSink).
     */
    public static final String INSERT_DECISION = "INSERT INTO hcl_decisions (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?)"
            + " ON CONFLICT (id, \"timestamp\") DO NOTHING";

    private static final String INSERT_DECISION_ARRAYS = "INSERT INTO hcl_decisions (" + COLUMNS + ")"
            + " SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::jsonb[], ?::jsonb[], ?::jsonb[], ?::text[], ?::float8[], ?::text[], ?::text[])"
            + " ON CONFLICT (id, \"timestamp\") DO NOTHING";

    private static final String APPROVAL_COLUMNS = "id, idempotency_key, decision_id, service, host, action,"
            + " requested_at, expires_at, requested_by, status, decided_by, decided_at, reason";

    private final DataSource dataSource;
    private final Clock clock;

    /** A store over an existing data source (the caller owns and closes it). */
    public DecisionStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A HikariCP pool for the knowledge base. */
    public static HikariDataSource pool(String jdbcUrl, String user, String password, int maxSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(maxSize);
        cfg.setPoolName("hcl-kb");
        return new HikariDataSource(cfg);
    }

    /** The data source this store reads and writes. */
    public DataSource dataSource() {
        return dataSource;
    }

    // ---------------------------------------------------------------- decisions

    /** Inserts one decision; returns false when a row with the same id and time already exists. */
    public boolean insert(DecisionRecord d) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_DECISION)) {
            bindDecision(ps, d);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Inserts a batch as one statement (the rows passed as arrays and {@code unnest}ed: one round trip,
     * one plan, an exact count of new rows, which JDBC batching with rewritten inserts does not report);
     * idempotent like {@link #insert}. Returns how many rows were new.
     */
    public int insertBatch(List<DecisionRecord> batch) throws SQLException {
        int n = batch.size();
        Object[] ids = new Object[n];
        String[] ts = new String[n];
        String[] service = new String[n];
        String[] host = new String[n];
        String[] trigger = new String[n];
        String[] mode = new String[n];
        String[] actions = new String[n];
        String[] before = new String[n];
        String[] after = new String[n];
        String[] outcome = new String[n];
        Double[] reward = new Double[n];
        String[] feedback = new String[n];
        String[] rule = new String[n];
        for (int i = 0; i < n; i++) {
            DecisionRecord d = batch.get(i);
            ids[i] = d.id();
            ts[i] = d.timestamp().toString();
            service[i] = d.service();
            host[i] = d.host();
            trigger[i] = d.trigger();
            mode[i] = d.mode().name();
            actions[i] = json(d.actionsTaken());
            before[i] = json(d.stateBefore());
            after[i] = d.stateAfter() == null ? null : json(d.stateAfter());
            outcome[i] = d.outcome() == null ? null : d.outcome().name();
            reward[i] = d.rewardSignal();
            feedback[i] = d.humanFeedback();
            rule[i] = d.rule();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_DECISION_ARRAYS)) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("text", ts));
            ps.setArray(3, c.createArrayOf("text", service));
            ps.setArray(4, c.createArrayOf("text", host));
            ps.setArray(5, c.createArrayOf("text", trigger));
            ps.setArray(6, c.createArrayOf("text", mode));
            ps.setArray(7, c.createArrayOf("text", actions));
            ps.setArray(8, c.createArrayOf("text", before));
            ps.setArray(9, c.createArrayOf("text", after));
            ps.setArray(10, c.createArrayOf("text", outcome));
            ps.setArray(11, c.createArrayOf("float8", reward));
            ps.setArray(12, c.createArrayOf("text", feedback));
            ps.setArray(13, c.createArrayOf("text", rule));
            return ps.executeUpdate();
        }
    }

    private static void bindDecision(PreparedStatement ps, DecisionRecord d) throws SQLException {
        ps.setObject(1, d.id());
        ps.setObject(2, utc(d.timestamp()));
        ps.setString(3, d.service());
        ps.setString(4, d.host());
        ps.setString(5, d.trigger());
        ps.setString(6, d.mode().name());
        ps.setString(7, json(d.actionsTaken()));
        ps.setString(8, json(d.stateBefore()));
        ps.setString(9, d.stateAfter() == null ? null : json(d.stateAfter()));
        ps.setString(10, d.outcome() == null ? null : d.outcome().name());
        setDouble(ps, 11, d.rewardSignal());
        ps.setString(12, d.humanFeedback());
        ps.setString(13, d.rule());
    }

    /** The newest decision with this id (ids are unique in practice; the key is (id, timestamp)). */
    public Optional<DecisionRecord> get(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM hcl_decisions WHERE id = ? ORDER BY \"timestamp\" DESC LIMIT 1")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readDecision(rs)) : Optional.empty();
            }
        }
    }

    /** One page of decisions matching {@code f}, newest first, keyset-paged on (timestamp, id). */
    public Page<DecisionRecord> list(DecisionFilter f) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM hcl_decisions WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (f.mode() != null) {
            sql.append(" AND operational_mode = ?");
            args.add(f.mode().name());
        }
        if (f.outcome() != null) {
            sql.append(" AND outcome = ?");
            args.add(f.outcome().name());
        }
        if (f.service() != null) {
            sql.append(" AND service = ?");
            args.add(f.service());
        }
        if (f.start() != null) {
            sql.append(" AND \"timestamp\" >= ?");
            args.add(utc(f.start()));
        }
        if (f.end() != null) {
            sql.append(" AND \"timestamp\" <= ?");
            args.add(utc(f.end()));
        }
        if (f.after() != null) {
            sql.append(" AND (\"timestamp\", id) < (?, ?)");
            args.add(utc(f.after().timestamp()));
            args.add(f.after().id());
        }
        sql.append(" ORDER BY \"timestamp\" DESC, id DESC LIMIT ?");
        args.add(f.limit() + 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<DecisionRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(readDecision(rs));
                }
            }
            Cursor next = null;
            if (rows.size() > f.limit()) {
                rows.remove(rows.size() - 1);
                DecisionRecord last = rows.get(rows.size() - 1);
                next = new Cursor(last.timestamp(), last.id());
            }
            return new Page<>(rows, next);
        }
    }

    /** Fills in the later-known fields of the newest decision with this id; empty when there is none. */
    public Optional<DecisionRecord> patch(UUID id, DecisionPatch p) throws SQLException {
        if (p.isEmpty()) {
            return get(id);
        }
        StringBuilder set = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (p.outcome() != null) {
            set.append("outcome = ?");
            args.add(p.outcome().name());
        }
        if (p.stateAfter() != null) {
            set.append(set.isEmpty() ? "" : ", ").append("state_after = ?::jsonb");
            args.add(json(p.stateAfter()));
        }
        if (p.rewardSignal() != null) {
            set.append(set.isEmpty() ? "" : ", ").append("reward_signal = ?");
            args.add(p.rewardSignal());
        }
        if (p.humanFeedback() != null) {
            set.append(set.isEmpty() ? "" : ", ").append("human_feedback = ?");
            args.add(p.humanFeedback());
        }
        // The newest row with the id: its time pins the partition, so only that row changes.
        String sql = "UPDATE hcl_decisions d SET " + set + " FROM (SELECT id, \"timestamp\" FROM hcl_decisions"
                + " WHERE id = ? ORDER BY \"timestamp\" DESC LIMIT 1) k"
                + " WHERE d.id = k.id AND d.\"timestamp\" = k.\"timestamp\" RETURNING "
                + COLUMNS.replace("id, \"timestamp\"", "d.id, d.\"timestamp\"").replace(", service", ", d.service");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object a : args) {
                ps.setObject(i++, a);
            }
            ps.setObject(i, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readDecision(rs)) : Optional.empty();
            }
        }
    }

    private static DecisionRecord readDecision(ResultSet rs) throws SQLException {
        String outcome = rs.getString(10);
        double reward = rs.getDouble(11);
        Double rewardSignal = rs.wasNull() ? null : reward;
        String after = rs.getString(9);
        return new DecisionRecord(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getString(3), rs.getString(4), rs.getString(5), OperationalMode.valueOf(rs.getString(6)),
                tree(rs.getString(7)), tree(rs.getString(8)), after == null ? null : tree(after),
                outcome == null ? null : Outcome.valueOf(outcome), rewardSignal, rs.getString(12), rs.getString(13));
    }

    // ---------------------------------------------------------------- action log and telemetry

    /**
     * Records one executed or dry-run action under its idempotency key; a later report for the same key
     * (e.g. AWAITING_APPROVAL, then EXECUTED) updates status, detail and finish time.
     */
    public void logAction(String idempotencyKey, Instant eventTime, UUID decisionId, String service, String host,
                          ActionResult r) throws SQLException {
        String sql = "INSERT INTO hcl_actions (idempotency_key, \"timestamp\", decision_id, service, host,"
                + " action_type, target, params, dry_run, status, call, detail, started_at, finished_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key, \"timestamp\") DO UPDATE SET status = EXCLUDED.status,"
                + " detail = EXCLUDED.detail, call = EXCLUDED.call, finished_at = EXCLUDED.finished_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, idempotencyKey);
            ps.setObject(2, utc(eventTime));
            ps.setObject(3, decisionId);
            ps.setString(4, service);
            ps.setString(5, host);
            ps.setString(6, r.action().type().wireName());
            ps.setString(7, r.action().target());
            ps.setString(8, Json.write(r.action().params()));
            ps.setBoolean(9, r.dryRun());
            ps.setString(10, r.status().name());
            ps.setString(11, r.call());
            ps.setString(12, r.detail());
            ps.setObject(13, r.startedAt() == 0 ? null : utc(Instant.ofEpochMilli(r.startedAt())));
            ps.setObject(14, r.finishedAt() == 0 ? null : utc(Instant.ofEpochMilli(r.finishedAt())));
            ps.executeUpdate();
        }
    }

    /** Status of the logged action with this key and event time, if logged. */
    public Optional<String> actionStatus(String idempotencyKey, Instant eventTime) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT status FROM hcl_actions WHERE idempotency_key = ? AND \"timestamp\" = ?")) {
            ps.setString(1, idempotencyKey);
            ps.setObject(2, utc(eventTime));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Appends host snapshots to the telemetry history in one statement; a replayed snapshot is skipped. */
    public int insertTelemetry(List<TelemetrySnapshot> snapshots) throws SQLException {
        String sql = "INSERT INTO hcl_telemetry (\"timestamp\", host, service, metrics, labels)"
                + " SELECT * FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::jsonb[], ?::jsonb[])"
                + " ON CONFLICT (host, \"timestamp\") DO NOTHING";
        int n = snapshots.size();
        String[] ts = new String[n];
        String[] host = new String[n];
        String[] service = new String[n];
        String[] metrics = new String[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            TelemetrySnapshot s = snapshots.get(i);
            ts[i] = Instant.ofEpochMilli(s.timestamp()).toString();
            host[i] = s.host();
            service[i] = s.service();
            metrics[i] = Json.write(s.metrics());
            labels[i] = Json.write(s.labels() == null ? Map.of() : s.labels());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", ts));
            ps.setArray(2, c.createArrayOf("text", host));
            ps.setArray(3, c.createArrayOf("text", service));
            ps.setArray(4, c.createArrayOf("text", metrics));
            ps.setArray(5, c.createArrayOf("text", labels));
            return ps.executeUpdate();
        }
    }

    /** Mean of one metric per hour for a host over [from, to), from the telemetry history. */
    public Map<Instant, Double> telemetryHourlyMean(String host, String metric, Instant from, Instant to)
            throws SQLException {
        String sql = "SELECT date_trunc('hour', \"timestamp\", 'UTC') h, avg((metrics ->> ?)::double precision)"
                + " FROM hcl_telemetry WHERE host = ? AND \"timestamp\" >= ? AND \"timestamp\" < ?"
                + " AND metrics ? ? GROUP BY 1 ORDER BY 1";
        // "metrics ? ?": jsonb's key-exists operator; pgjdbc reads "??" as a literal question mark.
        sql = sql.replace("metrics ? ?", "metrics ?? ?");
        Map<Instant, Double> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, metric);
            ps.setString(2, host);
            ps.setObject(3, utc(from));
            ps.setObject(4, utc(to));
            ps.setString(5, metric);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getDouble(2));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- analytics

    /** Success counts per operational mode (or of one mode), from the hourly aggregate. */
    public List<Analytics.ModeSuccess> successRate(OperationalMode mode) throws SQLException {
        String sql = "SELECT operational_mode, sum(decisions), sum(successes), sum(partials), sum(failures)"
                + " FROM hcl_decisions_hourly" + (mode == null ? "" : " WHERE operational_mode = ?")
                + " GROUP BY operational_mode ORDER BY operational_mode";
        List<Analytics.ModeSuccess> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (mode != null) {
                ps.setString(1, mode.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Analytics.ModeSuccess(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /** Hourly reward buckets of the last {@code days} days (the current hour included), newest first. */
    public List<Analytics.RewardBucket> rewardTrend(int days) throws SQLException {
        Instant from = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days));
        String sql = "SELECT hour, sum(decisions), sum(reward_count), sum(reward_sum) / NULLIF(sum(reward_count), 0),"
                + " min(reward_min), max(reward_max) FROM hcl_decisions_hourly WHERE hour >= ?"
                + " GROUP BY hour ORDER BY hour DESC";
        List<Analytics.RewardBucket> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, utc(from));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Analytics.RewardBucket(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getLong(2), rs.getLong(3), nullableDouble(rs, 4), nullableDouble(rs, 5),
                            nullableDouble(rs, 6)));
                }
            }
        }
        return out;
    }

    /** Actions per type with counts per status, over the last {@code days} days or all time (null). */
    public List<Analytics.ActionTypeCount> actionsByType(Integer days) throws SQLException {
        String sql = "SELECT action_type, status, sum(actions), sum(dry_runs) FROM hcl_actions_hourly"
                + (days == null ? "" : " WHERE hour >= ?") + " GROUP BY 1, 2 ORDER BY 1, 2";
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, Map<String, Long>> byStatus = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (days != null) {
                ps.setObject(1, utc(clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days))));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    long[] t = totals.computeIfAbsent(type, k -> new long[2]);
                    t[0] += rs.getLong(3);
                    t[1] += rs.getLong(4);
                    byStatus.computeIfAbsent(type, k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        List<Analytics.ActionTypeCount> out = new ArrayList<>();
        totals.forEach((type, t) -> out.add(new Analytics.ActionTypeCount(type, t[0], t[1], byStatus.get(type))));
        return out;
    }

    // ---------------------------------------------------------------- approvals

    /**
     * Asks for approval of the action with this idempotency key; asking again for the same key returns
     * the existing request (whatever its status) instead of a second one.
     */
    public Approval requestApproval(String idempotencyKey, UUID decisionId, String service, String host,
                                    JsonNode action, Duration ttl, String requestedBy) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String sql = "INSERT INTO hcl_approvals (id, idempotency_key, decision_id, service, host, action,"
                + " requested_at, expires_at, requested_by) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, idempotencyKey);
                ps.setObject(3, decisionId);
                ps.setString(4, service);
                ps.setString(5, host);
                ps.setString(6, json(action));
                ps.setObject(7, utc(now));
                ps.setObject(8, utc(now.plus(ttl)));
                ps.setString(9, requestedBy);
                ps.executeUpdate();
            }
            return approvalWhere(c, "idempotency_key = ?", idempotencyKey).orElseThrow();
        }
    }

    /** The approval with this id. */
    public Optional<Approval> approval(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return approvalWhere(c, "id = ?", id);
        }
    }

    /** The approval guarding the action with this idempotency key (how the execute stage reads answers). */
    public Optional<Approval> approvalForKey(String idempotencyKey) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return approvalWhere(c, "idempotency_key = ?", idempotencyKey);
        }
    }

    /** Approvals with this status (all when null), newest request first. */
    public List<Approval> approvals(ApprovalStatus status, int limit) throws SQLException {
        String sql = "SELECT " + APPROVAL_COLUMNS + " FROM hcl_approvals"
                + (status == null ? "" : " WHERE status = ?") + " ORDER BY requested_at DESC, id LIMIT ?";
        List<Approval> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (status != null) {
                ps.setString(i++, status.name());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readApproval(rs));
                }
            }
        }
        return out;
    }

    /** Outcome of answering an approval. */
    public enum Answer {
        /** The answer was recorded. */
        DONE,
        /** No approval has this id. */
        NOT_FOUND,
        /** It was already answered or has expired. */
        NOT_PENDING
    }

    /** Called inside the answering transaction with the answered approval; throwing rolls the answer back. */
    @FunctionalInterface
    public interface AnswerHook {
        /** Acts on the answer before it is committed (e.g. hands it to the job). */
        void accept(Approval answered) throws Exception;
    }

    /** The {@link AnswerHook} failed: nothing was committed and the approval is still pending. */
    public static final class AnswerHookFailed extends Exception {
        private static final long serialVersionUID = 1L;

        AnswerHookFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Approves or denies a pending, unexpired request. A request past its expiry is marked EXPIRED
     * instead and the answer refused.
     */
    public Answer decide(UUID id, boolean approve, String by, String reason) throws SQLException {
        try {
            return decide(id, approve, by, reason, a -> { });
        } catch (AnswerHookFailed e) {
            throw new IllegalStateException("a no-op hook failed", e);
        }
    }

    /**
     * {@link #decide(UUID, boolean, String, String)} with a hook run in the same transaction after the row is
     * changed and before it is committed: the answer is committed only when the hook returns, and rolled back (the
     * request stays pending) when it throws. The UPDATE holds the row's lock until then, so a concurrent answer waits
     * and then finds the request no longer pending (or still pending after a rollback): exactly one answer wins.
     */
    public Answer decide(UUID id, boolean approve, String by, String reason, AnswerHook hook)
            throws SQLException, AnswerHookFailed {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Approval answered = null;
                try (PreparedStatement ps = c.prepareStatement("UPDATE hcl_approvals SET status = ?, decided_by = ?,"
                        + " decided_at = ?, reason = ? WHERE id = ? AND status = 'PENDING' AND expires_at > ?"
                        + " RETURNING " + APPROVAL_COLUMNS)) {
                    ps.setString(1, approve ? "APPROVED" : "DENIED");
                    ps.setString(2, by);
                    ps.setObject(3, utc(now));
                    ps.setString(4, reason);
                    ps.setObject(5, id);
                    ps.setObject(6, utc(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            answered = readApproval(rs);
                        }
                    }
                }
                if (answered != null) {
                    try {
                        hook.accept(answered);
                    } catch (Exception e) {
                        c.rollback();
                        throw new AnswerHookFailed(e);
                    }
                    c.commit();
                    return Answer.DONE;
                }
                Optional<Approval> a = approvalWhere(c, "id = ?", id);
                if (a.isPresent() && a.get().status() == ApprovalStatus.PENDING) {
                    expireApprovals(c, now);
                }
                c.commit();
                return a.isEmpty() ? Answer.NOT_FOUND : Answer.NOT_PENDING;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Marks every pending request past its expiry EXPIRED; returns how many. */
    public int expireApprovals() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return expireApprovals(c, clock.instant());
        }
    }

    private static int expireApprovals(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE hcl_approvals SET status = 'EXPIRED', decided_at = ?,"
                + " decided_by = 'expiry', reason = 'no answer before expiry'"
                + " WHERE status = 'PENDING' AND expires_at <= ?")) {
            ps.setObject(1, utc(now));
            ps.setObject(2, utc(now));
            return ps.executeUpdate();
        }
    }

    private static Optional<Approval> approvalWhere(Connection c, String where, Object arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + APPROVAL_COLUMNS + " FROM hcl_approvals WHERE " + where)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readApproval(rs)) : Optional.empty();
            }
        }
    }

    private static Approval readApproval(ResultSet rs) throws SQLException {
        OffsetDateTime decidedAt = rs.getObject(12, OffsetDateTime.class);
        return new Approval(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getString(4), rs.getString(5), tree(rs.getString(6)),
                rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getObject(8, OffsetDateTime.class).toInstant(),
                rs.getString(9), ApprovalStatus.valueOf(rs.getString(10)), rs.getString(11),
                decidedAt == null ? null : decidedAt.toInstant(), rs.getString(13));
    }

    // ---------------------------------------------------------------- helpers

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static Double nullableDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static String json(JsonNode n) {
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the data source when it is a pool this store was given to own. */
    @Override
    public void close() {
        if (dataSource instanceof AutoCloseable ac) {
            try {
                ac.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
