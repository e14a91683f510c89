package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.knowledge.tables.DecisionsTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link DecisionRepository} on PostgreSQL; writes with {@link DecisionsTable}'s statements (the job's sinks use the
 * same). Every value is a bind parameter; the only SQL text assembled is from fixed fragments.
 */
public final class JdbcDecisionRepository implements DecisionRepository {

    private static final String COLUMNS = DecisionsTable.COLUMNS;

    private final DataSource dataSource;

    /** A repository over {@code dataSource} (the caller owns and closes it). */
    public JdbcDecisionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean insert(DecisionRecord d) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(DecisionsTable.INSERT)) {
            DecisionsTable.bind(ps, Rows.row(d));
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * {@inheritDoc} The rows go as arrays, {@code unnest}ed: one round trip, one plan, an exact count of rows written
     * (which JDBC batching with rewritten inserts does not report). A key repeated within the batch is written once.
     */
    @Override
    public int insertBatch(List<DecisionRecord> batch) throws SQLException {
        Map<String, DecisionRecord> distinct = new LinkedHashMap<>();
        for (DecisionRecord d : batch) {
            distinct.putIfAbsent(d.id() + "@" + d.timestamp(), d);
        }
        List<DecisionRecord> rows = new ArrayList<>(distinct.values());
        int n = rows.size();
        Object[] ids = new Object[n];
        Double[] reward = new Double[n];
        String[][] text = new String[11][n];
        for (int i = 0; i < n; i++) {
            DecisionsTable.Row r = Rows.row(rows.get(i));
            ids[i] = rows.get(i).id();
            reward[i] = r.rewardSignal();
            String[] v = {
                r.timestamp().toString(),
                r.service(),
                r.host(),
                r.trigger(),
                r.mode(),
                r.actionsJson(),
                r.stateBeforeJson(),
                r.stateAfterJson(),
                r.outcome(),
                r.humanFeedback(),
                r.rule()
            };
            for (int k = 0; k < v.length; k++) {
                text[k][i] = v[k];
            }
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(DecisionsTable.INSERT_ROWS)) {
            // Parameters in COLUMNS' order: id, then timestamp .. outcome (text), reward (float8), feedback, rule.
            ps.setArray(1, c.createArrayOf("uuid", ids));
            for (int k = 0; k < 9; k++) {
                ps.setArray(k + 2, c.createArrayOf("text", text[k]));
            }
            ps.setArray(11, c.createArrayOf("float8", reward));
            ps.setArray(12, c.createArrayOf("text", text[9]));
            ps.setArray(13, c.createArrayOf("text", text[10]));
            return ps.executeUpdate();
        }
    }

    @Override
    public Optional<DecisionRecord> get(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM hcl_decisions WHERE id = ? ORDER BY \"timestamp\" DESC LIMIT 1")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.decision(rs)) : Optional.empty();
            }
        }
    }

    @Override
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
            args.add(Rows.utc(f.start()));
        }
        if (f.end() != null) {
            sql.append(" AND \"timestamp\" <= ?");
            args.add(Rows.utc(f.end()));
        }
        if (f.after() != null) {
            // The position as days and microseconds from the epoch, in exact integer interval arithmetic (not a bound
            // timestamp: pgjdbc shifts times before the common era, and a page ending on one would skip its ties; not
            // to_timestamp, whose double loses microseconds far from the epoch). UTC, so no day has a DST shift.
            Instant t = f.after().timestamp();
            if (t.equals(Times.POSITIVE_INFINITY) || t.equals(Times.NEGATIVE_INFINITY)) {
                sql.append(" AND (\"timestamp\", id) < (")
                        .append(t.equals(Times.POSITIVE_INFINITY) ? "'infinity'" : "'-infinity'")
                        .append("::timestamptz, ?)");
            } else {
                sql.append(" AND (\"timestamp\", id) < (((TIMESTAMP '1970-01-01' + ? * INTERVAL '1 day'"
                        + " + ? * INTERVAL '1 microsecond') AT TIME ZONE 'UTC'), ?)");
                args.add(Math.floorDiv(t.getEpochSecond(), 86_400L));
                args.add(Math.floorMod(t.getEpochSecond(), 86_400L) * 1_000_000L + t.getNano() / 1000);
            }
            args.add(f.after().id());
        }
        sql.append(" ORDER BY \"timestamp\" DESC, id DESC LIMIT ?");
        args.add(f.limit() + 1);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<DecisionRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Rows.decision(rs));
                }
            }
            return Page.ofFetched(rows, f.limit());
        }
    }

    @Override
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
            args.add(Rows.json(p.stateAfter()));
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object a : args) {
                ps.setObject(i++, a);
            }
            ps.setObject(i, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.decision(rs)) : Optional.empty();
            }
        }
    }
}
