package io.maximus.hcl.knowledge;

import io.maximus.hcl.knowledge.store.JdbcApprovalRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base's housekeeping, one call for both backends: week partitions created ahead, the
 * hourly aggregates (decisions, actions, telemetry) refreshed, detail older than the retention dropped (whole partitions), aggregate
 * hours older than two years deleted, and stale approvals expired. On TimescaleDB the partition and
 * detail-retention steps are left to its policies and the continuous aggregate is refreshed through
 * {@code refresh_continuous_aggregate} (decisions and telemetry).
 *
 * <p>Partition DDL needs literal bounds and names; both are formatted here from {@link LocalDate}s and
 * the fixed table names below, never from input.
 */
public final class KbMaintenance {

    /** How long after an hour ends it stays live (read from the detail) before it is materialized. */
    static final java.time.Duration SETTLE = java.time.Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(KbMaintenance.class);

    /**
     * The time-partitioned tables, each with a {@code <name>_pdefault} partition on plain PostgreSQL and
     * one partition per ISO week (Monday 00:00 UTC to the next Monday), named {@code <name>_pYYYYMMDD}
     * after its Monday. A week, not a day: every query without a time filter (get by id, newest first)
     * is planned over all partitions, and 14 weeks plan far faster than 90 days (see docs).
     */
    public static final List<String> PARTITIONED = List.of("hcl_decisions", "hcl_actions", "hcl_telemetry");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final long LOCK_KEY = 0x48434c4b42L; // "HCLKB": serializes concurrent maintenance runs

    /**
     * The readers' view of the hourly decision aggregate on plain PostgreSQL: the materialized hours
     * before the watermark plus a live aggregation of the detail rows after it (what TimescaleDB calls
     * real-time aggregation). {@code %1$s} is the watermark as a literal. A literal rather than a lookup
     * of hcl_kb_watermarks: with a constant the planner prunes partitions and estimates the recent range
     * right (an index range scan); with a subquery it must plan for all rows and scanned them all
     * (70–300 ms at 200k rows instead of under 1 ms). So each refresh re-creates the view, in the same
     * transaction that moves the aggregate, so readers always see a consistent pair.
     */
    static final String DECISIONS_HOURLY_VIEW = "CREATE OR REPLACE VIEW hcl_decisions_hourly AS"
            + " SELECT hour, operational_mode, decisions, successes, partials, failures, reward_sum, reward_count,"
            + " reward_min, reward_max FROM hcl_decisions_hourly_mat WHERE hour < %1$s"
            + " UNION ALL SELECT date_trunc('hour', \"timestamp\", 'UTC') AS hour, operational_mode, count(*),"
            + " count(*) FILTER (WHERE outcome = 'SUCCESS'), count(*) FILTER (WHERE outcome = 'PARTIAL'),"
            + " count(*) FILTER (WHERE outcome = 'FAILED'), sum(reward_signal), count(reward_signal),"
            + " min(reward_signal), max(reward_signal) FROM hcl_decisions WHERE \"timestamp\" >= %1$s GROUP BY 1, 2";

    /** The readers' view of actions per type and status per hour, built like {@link #DECISIONS_HOURLY_VIEW}. */
    static final String ACTIONS_HOURLY_VIEW = "CREATE OR REPLACE VIEW hcl_actions_hourly AS"
            + " SELECT hour, action_type, status, actions, dry_runs FROM hcl_actions_hourly_mat WHERE hour < %1$s"
            + " UNION ALL SELECT date_trunc('hour', d.\"timestamp\", 'UTC') AS hour, coalesce(a ->> 'type', 'unknown'),"
            + " coalesce(a ->> 'status', 'UNKNOWN'), count(*), count(*) FILTER (WHERE a -> 'dry_run' = 'true'::jsonb)"
            + " FROM hcl_decisions d CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(d.actions_taken)"
            + " = 'array' THEN d.actions_taken ELSE '[]'::jsonb END) a WHERE d.\"timestamp\" >= %1$s GROUP BY 1, 2, 3";

    /**
     * (Re-)creates the readers' views with {@code watermark} (null: nothing materialized yet). On
     * TimescaleDB only the actions view: hcl_decisions_hourly is the continuous aggregate itself.
     */
    public static void createViews(Connection c, Backend backend, Instant watermark) throws SQLException {
        // The literal is formatted from an Instant, never from input.
        String literal = watermark == null ? "'-infinity'::timestamptz" : "'" + watermark + "'::timestamptz";
        try (Statement s = c.createStatement()) {
            if (backend == Backend.NATIVE) {
                s.execute(String.format(java.util.Locale.ROOT, DECISIONS_HOURLY_VIEW, literal));
            }
            s.execute(String.format(java.util.Locale.ROOT, ACTIONS_HOURLY_VIEW, literal));
        }
    }

    /** (Re-)creates the telemetry aggregate's view on plain PostgreSQL with {@code watermark} (null: none yet). */
    public static void createTelemetryView(Connection c, Instant watermark) throws SQLException {
        String literal = watermark == null ? "'-infinity'::timestamptz" : "'" + watermark + "'::timestamptz";
        try (Statement s = c.createStatement()) {
            s.execute(String.format(java.util.Locale.ROOT, TelemetryHourly.nativeView(), literal));
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private Duration retention = Duration.ofDays(90);
    private Duration aggregateRetention = Duration.ofDays(730);
    private int daysAhead = 7;
    private Duration refreshLookback = Duration.ofHours(24);

    /** Maintenance over {@code dataSource} with {@code clock} as "now" (tests move it). */
    public KbMaintenance(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Sets how long detail rows are kept (default 90 days). */
    public KbMaintenance retention(Duration value) {
        this.retention = value;
        return this;
    }

    /** Sets how far back each refresh recomputes hours, to take late outcomes in (default 24 hours). */
    public KbMaintenance refreshLookback(Duration value) {
        this.refreshLookback = value;
        return this;
    }

    /** What one maintenance run did. */
    public record Report(
            int partitionsCreated,
            List<String> partitionsDropped,
            long detailRowsDeleted,
            long aggregateHoursDeleted,
            int approvalsExpired,
            Instant materializedUntil) {}

    /** Runs every step once; safe to call concurrently (an advisory lock serializes) and as often as wanted. */
    public Report maintain() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Backend backend = Backend.of(c);
            int created = 0;
            if (backend == Backend.NATIVE) {
                created = inTx(c, () -> ensureAhead(c));
            }
            Instant until = refreshAggregates(c, backend);
            List<String> dropped = new ArrayList<>();
            long rowsDeleted = 0;
            if (backend == Backend.NATIVE) {
                rowsDeleted = inTx(c, () -> dropExpired(c, dropped));
            }
            long hours = inTx(c, () -> deleteOldAggregateHours(c));
            int expired = inTx(c, () -> expireApprovals(c));
            Report r = new Report(created, dropped, rowsDeleted, hours, expired, until);
            LOG.info("knowledge base maintenance: {}", r);
            return r;
        }
    }

    /** Creates the partitions covering yesterday to {@code daysAhead} days ahead; runs in the caller's transaction. */
    public int ensureAhead(Connection c) throws SQLException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return ensurePartitions(c, today.minusDays(1), today.plusDays(daysAhead));
    }

    /** Creates the week partitions of every partitioned table covering {@code from..to} (both inclusive). */
    public int ensurePartitions(Connection c, LocalDate from, LocalDate to) throws SQLException {
        int created = 0;
        for (LocalDate d = weekOf(from); !d.isAfter(to); d = d.plusWeeks(1)) {
            for (String table : PARTITIONED) {
                if (createPartition(c, table, d)) {
                    created++;
                }
            }
        }
        return created;
    }

    /** {@link #ensurePartitions(Connection, LocalDate, LocalDate)} in its own transaction, from the data source. */
    public int ensurePartitions(LocalDate from, LocalDate to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (Backend.of(c) != Backend.NATIVE) {
                return 0;
            }
            return inTx(c, () -> ensurePartitions(c, from, to));
        }
    }

    /** The Monday starting the partition period that holds {@code day}. */
    public static LocalDate weekOf(LocalDate day) {
        return day.with(DayOfWeek.MONDAY);
    }

    /** The name of the partition of {@code table} (one of {@link #PARTITIONED}) that holds {@code day}. */
    public static String partitionName(String table, LocalDate day) {
        if (!PARTITIONED.contains(table)) {
            throw new IllegalArgumentException("not a partitioned table: " + table);
        }
        return table + "_p" + DAY.format(weekOf(day));
    }

    /**
     * Bulk loading, step 1: creates the partition of {@code table} holding {@code day} as a stand-alone
     * table without indexes (to be filled with COPY, then {@link #attachLoaded attached}); returns its name.
     */
    public static String createDetached(Connection c, String table, LocalDate day) throws SQLException {
        String part = partitionName(table, day);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + part + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        }
        return part;
    }

    /**
     * Bulk loading, step 2: attaches a partition made by {@link #createDetached}; PostgreSQL then builds
     * the parent's indexes on it in one pass each, much faster than maintaining them row by row.
     */
    public static void attachLoaded(Connection c, String table, LocalDate day) throws SQLException {
        LocalDate monday = weekOf(day);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ATTACH PARTITION " + partitionName(table, day) + " FOR VALUES FROM ('"
                    + monday + " 00:00:00+00') TO ('" + monday.plusWeeks(1) + " 00:00:00+00')");
        }
    }

    private static boolean createPartition(Connection c, String table, LocalDate day) throws SQLException {
        String part = partitionName(table, day);
        day = weekOf(day);
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, part);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        String lo = "'" + day + " 00:00:00+00'";
        String hi = "'" + day.plusWeeks(1) + " 00:00:00+00'";
        String range = "\"timestamp\" >= " + lo + " AND \"timestamp\" < " + hi;
        String deflt = table + "_pdefault";
        try (Statement s = c.createStatement()) {
            boolean stragglers;
            try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + deflt + " WHERE " + range + ")")) {
                rs.next();
                stragglers = rs.getBoolean(1);
            }
            if (stragglers) {
                // A new range partition may not overlap rows already in the default partition: move them.
                s.execute("CREATE TEMP TABLE hcl_moving AS SELECT * FROM " + deflt + " WHERE " + range);
                s.execute("DELETE FROM " + deflt + " WHERE " + range);
            }
            s.execute("CREATE TABLE " + part + " PARTITION OF " + table + " FOR VALUES FROM (" + lo + ") TO (" + hi
                    + ")");
            if (stragglers) {
                s.execute("INSERT INTO " + table + " SELECT * FROM hcl_moving");
                s.execute("DROP TABLE hcl_moving");
            }
        }
        return true;
    }

    /**
     * Recomputes the hourly aggregates over [watermark or now − lookback, whichever is earlier, the hour before
     * the current one) and moves the watermark there; never reaches back past the detail retention,
     * whose rows may already be gone.
     *
     * @return the new watermark
     */
    public Instant refreshAggregates() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return refreshAggregates(c, Backend.of(c));
        }
    }

    private Instant refreshAggregates(Connection c, Backend backend) throws SQLException {
        Instant now = clock.instant();
        // The hour that just ended stays live too: decisions carry their event time and may land a little after
        // their hour closed (a lagging job, a replay); materialized too early, they would be missed until the
        // next refresh.
        Instant until = now.minus(SETTLE).truncatedTo(ChronoUnit.HOURS);
        Instant floor = until.minus(retention).truncatedTo(ChronoUnit.HOURS);
        if (backend == Backend.TIMESCALE) {
            // CALL refresh_continuous_aggregate cannot run inside a transaction block: autocommit.
            for (String cagg : List.of("hcl_decisions_hourly", TelemetryHourly.NAME)) {
                // the names are our own constants
                try (PreparedStatement ps =
                        c.prepareStatement("CALL refresh_continuous_aggregate('" + cagg + "', ?, ?)")) {
                    ps.setObject(1, utc(until.minus(refreshLookback)));
                    ps.setObject(2, utc(until));
                    ps.execute();
                }
            }
        } else {
            inTx(
                    c,
                    () -> refreshOne(
                            c,
                            "telemetry_hourly",
                            floor,
                            until,
                            "DELETE FROM hcl_telemetry_hourly_mat WHERE hour >= ? AND hour < ?",
                            TelemetryHourly.nativeRefreshInsert()));
            inTx(
                    c,
                    () -> refreshOne(
                            c,
                            "decisions_hourly",
                            floor,
                            until,
                            "DELETE FROM hcl_decisions_hourly_mat WHERE hour >= ? AND hour < ?",
                            "INSERT INTO hcl_decisions_hourly_mat (hour, operational_mode, decisions, successes, partials,"
                                    + " failures, reward_sum, reward_count, reward_min, reward_max)"
                                    + " SELECT date_trunc('hour', \"timestamp\", 'UTC'), operational_mode, count(*),"
                                    + " count(*) FILTER (WHERE outcome = 'SUCCESS'), count(*) FILTER (WHERE outcome = 'PARTIAL'),"
                                    + " count(*) FILTER (WHERE outcome = 'FAILED'), sum(reward_signal), count(reward_signal),"
                                    + " min(reward_signal), max(reward_signal)"
                                    + " FROM hcl_decisions WHERE \"timestamp\" >= ? AND \"timestamp\" < ? GROUP BY 1, 2"));
        }
        inTx(
                c,
                () -> refreshOne(
                        c,
                        "actions_hourly",
                        floor,
                        until,
                        "DELETE FROM hcl_actions_hourly_mat WHERE hour >= ? AND hour < ?",
                        "INSERT INTO hcl_actions_hourly_mat (hour, action_type, status, actions, dry_runs)"
                                + " SELECT date_trunc('hour', d.\"timestamp\", 'UTC'), coalesce(a ->> 'type', 'unknown'),"
                                + " coalesce(a ->> 'status', 'UNKNOWN'), count(*),"
                                + " count(*) FILTER (WHERE a -> 'dry_run' = 'true'::jsonb)"
                                + " FROM hcl_decisions d CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN"
                                + " jsonb_typeof(d.actions_taken) = 'array' THEN d.actions_taken ELSE '[]'::jsonb END) a"
                                + " WHERE d.\"timestamp\" >= ? AND d.\"timestamp\" < ? GROUP BY 1, 2, 3"));
        return until;
    }

    private int refreshOne(Connection c, String name, Instant floor, Instant until, String delete, String insert)
            throws SQLException {
        Instant watermark;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT CASE WHEN materialized_until = '-infinity' THEN NULL ELSE materialized_until END"
                        + " FROM hcl_kb_watermarks WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                OffsetDateTime w = rs.getObject(1, OffsetDateTime.class);
                watermark = w == null ? floor : w.toInstant();
            }
        }
        Instant from = watermark.isBefore(until.minus(refreshLookback)) ? watermark : until.minus(refreshLookback);
        if (from.isBefore(floor)) {
            from = floor;
        }
        boolean actions = name.equals("actions_hourly");
        if (actions) {
            // Day-aligned window: the actions aggregate folds hours before the window into one row per
            // day (below), and a window must never cut such a day row in two.
            Instant day = from.truncatedTo(ChronoUnit.DAYS);
            from = day.isBefore(floor) ? day.plus(Duration.ofDays(1)) : day;
            if (!from.isBefore(until)) {
                from = until;
            }
        }
        for (String sql : List.of(delete, insert)) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, utc(from));
                ps.setObject(2, utc(until));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE hcl_kb_watermarks SET materialized_until = ? WHERE name = ?")) {
            ps.setObject(1, utc(until));
            ps.setString(2, name);
            ps.executeUpdate();
        }
        if (actions) {
            // Hours before the window are final: fold them into one row per day (the row's hour is the
            // day's start), so that two years stay ~60 rows a day and a summary over them reads ~44k rows
            // rather than ~1M.
            try (PreparedStatement ps = c.prepareStatement("WITH moved AS (DELETE FROM hcl_actions_hourly_mat"
                    + " WHERE hour < ? AND hour <> date_trunc('day', hour, 'UTC')"
                    + " RETURNING hour, action_type, status, actions, dry_runs)"
                    + " INSERT INTO hcl_actions_hourly_mat AS m (hour, action_type, status, actions, dry_runs)"
                    + " SELECT date_trunc('day', hour, 'UTC'), action_type, status, sum(actions), sum(dry_runs)"
                    + " FROM moved GROUP BY 1, 2, 3 ON CONFLICT (hour, action_type, status) DO UPDATE"
                    + " SET actions = m.actions + EXCLUDED.actions, dry_runs = m.dry_runs + EXCLUDED.dry_runs")) {
                ps.setObject(1, utc(from));
                ps.executeUpdate();
            }
        }
        if (name.equals("telemetry_hourly")) {
            createTelemetryView(c, until);
            return 0;
        }
        try (Statement s = c.createStatement()) {
            s.execute(String.format(
                    java.util.Locale.ROOT,
                    name.equals("decisions_hourly") ? DECISIONS_HOURLY_VIEW : ACTIONS_HOURLY_VIEW,
                    "'" + until + "'::timestamptz"));
        }
        return 0;
    }

    private long dropExpired(Connection c, List<String> dropped) throws SQLException {
        Instant cutoff = clock.instant().minus(retention);
        long rows = 0;
        for (String table : PARTITIONED) {
            Pattern name = Pattern.compile(Pattern.quote(table) + "_p(\\d{8})");
            List<String> doomed = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                            + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ?")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Matcher m = name.matcher(rs.getString(1));
                        if (m.matches()) {
                            LocalDate day = LocalDate.parse(m.group(1), DAY);
                            Instant upper = day.plusWeeks(1)
                                    .atStartOfDay(ZoneOffset.UTC)
                                    .toInstant();
                            if (!upper.isAfter(cutoff)) {
                                doomed.add(rs.getString(1));
                            }
                        }
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String part : doomed) {
                    // The name matched <table>_pYYYYMMDD above: built from our own constants and digits.
                    s.execute("DROP TABLE " + part);
                    dropped.add(part);
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + table + "_pdefault WHERE \"timestamp\" < ?")) {
                ps.setObject(1, utc(cutoff));
                rows += ps.executeUpdate();
            }
        }
        return rows;
    }

    private long deleteOldAggregateHours(Connection c) throws SQLException {
        Instant cutoff = clock.instant().minus(aggregateRetention);
        long n = 0;
        for (String sql : List.of(
                "DELETE FROM hcl_actions_hourly_mat WHERE hour < ?",
                "DELETE FROM hcl_decisions_hourly_mat WHERE hour < ?",
                "DELETE FROM hcl_telemetry_hourly_mat WHERE hour < ?")) {
            if (!sql.contains("hcl_actions_hourly_mat") && Backend.of(c) == Backend.TIMESCALE) {
                continue; // the continuous aggregates have their own retention policies
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, utc(cutoff));
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    private int expireApprovals(Connection c) throws SQLException {
        return JdbcApprovalRepository.expire(c, clock.instant(), "maintenance");
    }

    /** Work done in one transaction of its own. */
    @FunctionalInterface
    private interface TxWork<T> {
        T run() throws SQLException;
    }

    private static <T> T inTx(Connection c, TxWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, LOCK_KEY);
                ps.execute();
            }
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
