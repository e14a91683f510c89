package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL actuator: {@code kill_slow_queries} terminates client backends whose current query has run longer than a
 * threshold (parameterized SQL, never our own backend); {@code vacuum} runs VACUUM (ANALYZE) on a table that exists.
 *
 * <p>kill_slow_queries: target = database name or {@code *}, params {@code threshold_seconds} (≥ 0.1, default 300).
 * vacuum: target = {@code table} or {@code schema.table}; the table is looked up in {@code pg_catalog} with bind
 * parameters and the statement is built by the server's {@code format('%I.%I')} from the catalog's own names, so no
 * input text is ever pasted into SQL. Neither can be reverted: a killed query is gone, a vacuum is harmless.
 */
public final class PostgresActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresActuator.class);

    /**
     * Typed options.
     *
     * @param jdbcUrl JDBC URL of the database to connect to (any database of the cluster for kill_slow_queries)
     * @param user user (needs pg_signal_backend or superuser to terminate others' queries)
     * @param password password (from the environment or a mounted file only), or null
     * @param dryRun this actuator's own dry-run switch
     * @param timeoutSeconds connect and statement timeout (VACUUM of a large table may need more)
     * @param users the database users whose queries kill_slow_queries may terminate (the allow-list); empty: any
     *     user's, and then a target of {@code *} (every database) is refused
     */
    public record Options(
            String jdbcUrl, String user, String password, boolean dryRun, int timeoutSeconds, List<String> users) {

        /** Checks and copies. */
        public Options {
            users = users == null ? List.of() : List.copyOf(users);
        }

        /** Options with no user allow-list. */
        public Options(String jdbcUrl, String user, String password, boolean dryRun, int timeoutSeconds) {
            this(jdbcUrl, user, password, dryRun, timeoutSeconds, List.of());
        }

        /** From {@code HCL_PG_URL, HCL_PG_USER, HCL_PG_PASSWORD(_FILE), HCL_PG_DRY_RUN (default true), HCL_PG_TIMEOUT_S,
         * HCL_PG_KILL_USERS} (comma-separated).  */
        public static Options fromEnv(Env env) {
            return new Options(
                    env.string("HCL_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                    env.string("HCL_PG_USER", "postgres"),
                    env.secret("HCL_PG_PASSWORD"),
                    env.bool("HCL_PG_DRY_RUN", true),
                    env.integer("HCL_PG_TIMEOUT_S", 600),
                    java.util.Arrays.stream(env.string("HCL_PG_KILL_USERS", "").split(","))
                            .map(String::trim)
                            .filter(u -> !u.isEmpty())
                            .toList());
        }
    }

    static final String SLOW_QUERIES = """
            SELECT pid, pg_terminate_backend(pid) AS terminated,
                   extract(epoch FROM now() - query_start) AS seconds, left(query, 120) AS query
            FROM pg_stat_activity
            WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
              AND now() - query_start > make_interval(secs => ?) AND (? = '*' OR datname = ?)
              AND (? = '' OR usename = ANY(string_to_array(?, ',')))""";
    static final String FIND_TABLE = """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname = ? AND c.relname = ?""";
    static final String LAST_VACUUM = """
            SELECT greatest(last_vacuum, last_autovacuum), greatest(last_analyze, last_autoanalyze)
            FROM pg_stat_all_tables WHERE schemaname = ? AND relname = ?""";

    private final Options options;

    /** An actuator for the configured database. */
    public PostgresActuator(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.KILL_SLOW_QUERIES, ActionType.VACUUM);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public boolean revertible(ActionType type) {
        return false;
    }

    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", options.user());
        if (options.password() != null) {
            p.setProperty("password", options.password());
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "hcl-actuator");
        return DriverManager.getConnection(options.jdbcUrl(), p);
    }

    static String[] schemaTable(String target) {
        int dot = target.indexOf('.');
        return dot < 0
                ? new String[] {"public", target}
                : new String[] {target.substring(0, dot), target.substring(dot + 1)};
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        try {
            if (a.type() == ActionType.KILL_SLOW_QUERIES) {
                double t = Params.number(a, "threshold_seconds", 300);
                if (!(t >= 0.1)) {
                    problems.add("threshold_seconds must be >= 0.1, got " + t);
                }
                if (!a.target().equals("*")
                        && !TargetMap.PLAIN_NAME.matcher(a.target()).matches()) {
                    problems.add("target must be a database name or '*', got '" + a.target() + "'");
                } else if (a.target().equals("*") && options.users().isEmpty()) {
                    problems.add("kill_slow_queries on every database ('*') is refused unless the database users whose "
                            + "queries may be killed are configured (HCL_PG_KILL_USERS)");
                }
            } else if (a.type() == ActionType.VACUUM) {
                String[] st = schemaTable(a.target());
                if (st[0].isEmpty() || st[1].isEmpty()) {
                    problems.add("target must be table or schema.table, got '" + a.target() + "'");
                } else {
                    try (Connection c = connect()) {
                        if (quotedTable(c, st) == null) {
                            problems.add("no table " + st[0] + "." + st[1] + " in pg_catalog");
                        }
                    }
                }
            } else {
                problems.add("postgres actuator does not handle " + a.type().wireName());
            }
        } catch (IllegalArgumentException | SQLException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    private static String quotedTable(Connection c, String[] st) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND_TABLE)) {
            ps.setString(1, st[0]);
            ps.setString(2, st[1]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public String describe(Action a) {
        if (a.type() == ActionType.KILL_SLOW_QUERIES) {
            return options.jdbcUrl() + ": " + SLOW_QUERIES.replaceAll("\\s+", " ") + " -- with ["
                    + Params.number(a, "threshold_seconds", 300) + ", " + a.target() + ", " + a.target() + ", users "
                    + (options.users().isEmpty() ? "(any)" : options.users()) + "]";
        }
        String[] st = schemaTable(a.target());
        return options.jdbcUrl() + ": VACUUM (ANALYZE) <format('%I.%I') of pg_catalog's " + st[0] + "." + st[1] + ">";
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        try (Connection c = connect()) {
            return a.type() == ActionType.KILL_SLOW_QUERIES ? kill(c, a, call, start) : vacuum(c, a, call, start);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("postgres {} on {} failed", a.type().wireName(), a.target(), e);
            return Execution.failed(a, call, "error: " + e.getMessage(), start);
        }
    }

    private Execution kill(Connection c, Action a, String call, long start) throws SQLException {
        List<String> pids = new ArrayList<>();
        List<String> what = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SLOW_QUERIES)) {
            ps.setQueryTimeout(options.timeoutSeconds());
            ps.setDouble(1, Params.number(a, "threshold_seconds", 300));
            ps.setString(2, a.target());
            ps.setString(3, a.target());
            ps.setString(4, String.join(",", options.users()));
            ps.setString(5, String.join(",", options.users()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean("terminated")) {
                        pids.add(Integer.toString(rs.getInt("pid")));
                        what.add(rs.getInt("pid")
                                + String.format(" (%.1f s: %s)", rs.getDouble("seconds"), rs.getString("query")));
                    }
                }
            }
        }
        LOG.info("terminated {} backends: {}", pids.size(), what);
        return Execution.ok(
                a,
                call,
                "terminated " + pids.size() + " backends" + (what.isEmpty() ? "" : ": " + what),
                Map.of("pids", String.join(",", pids)),
                start);
    }

    private Execution vacuum(Connection c, Action a, String call, long start) throws SQLException {
        String[] st = schemaTable(a.target());
        String quoted = quotedTable(c, st);
        if (quoted == null) {
            return Execution.failed(a, call, "no table " + st[0] + "." + st[1] + " in pg_catalog", start);
        }
        c.setAutoCommit(true); // VACUUM cannot run inside a transaction block
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(options.timeoutSeconds());
            s.execute("VACUUM (ANALYZE) " + quoted); // quoted comes from the catalog through format('%I.%I')
        }
        return Execution.ok(
                a,
                "VACUUM (ANALYZE) " + quoted,
                "vacuumed and analyzed " + quoted,
                Map.of("started_at", Long.toString(start)),
                start);
    }

    @Override
    public Verification verify(Execution e) {
        long deadline = System.currentTimeMillis() + 5_000; // statistics reach the views with a short delay
        try (Connection c = connect()) {
            while (true) {
                Verification v =
                        e.action().type() == ActionType.KILL_SLOW_QUERIES ? verifyKill(c, e) : verifyVacuum(c, e);
                if (v.ok() || System.currentTimeMillis() > deadline) {
                    return v;
                }
                Thread.sleep(100);
            }
        } catch (SQLException | RuntimeException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Verification.failed("interrupted");
        }
    }

    private static Verification verifyKill(Connection c, Execution e) throws SQLException {
        String pids = e.undo().getOrDefault("pids", "");
        if (pids.isEmpty()) {
            return Verification.ok("no backend was over the threshold");
        }
        Object[] ids =
                java.util.Arrays.stream(pids.split(",")).map(Integer::valueOf).toArray();
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(?)")) {
            Array arr = c.createArrayOf("int4", ids);
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int left = rs.getInt(1);
                return left == 0
                        ? Verification.ok("backends " + pids + " are gone")
                        : Verification.failed(left + " of backends " + pids + " still there");
            }
        }
    }

    private static Verification verifyVacuum(Connection c, Execution e) throws SQLException {
        String[] st = schemaTable(e.action().target());
        long started = Long.parseLong(e.undo().getOrDefault("started_at", "0"));
        try (PreparedStatement ps = c.prepareStatement(LAST_VACUUM)) {
            ps.setString(1, st[0]);
            ps.setString(2, st[1]);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Verification.failed(
                            "no statistics row for " + e.action().target());
                }
                Timestamp v = rs.getTimestamp(1);
                Timestamp an = rs.getTimestamp(2);
                boolean ok = v != null && an != null && v.getTime() >= started - 1000 && an.getTime() >= started - 1000;
                return ok
                        ? Verification.ok("last vacuum " + v + ", last analyze " + an)
                        : Verification.failed(
                                "last vacuum " + v + ", last analyze " + an + " (before " + started + ")");
            }
        }
    }

    @Override
    public Execution revert(Execution e) {
        return Execution.failed(
                e.action(),
                "",
                "not revertible: " + e.action().type().wireName()
                        + (e.action().type() == ActionType.VACUUM
                                ? " only reclaims space and refreshes statistics"
                                : ": terminated queries cannot be brought back"),
                System.currentTimeMillis());
    }
}
