package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pgbouncer actuator: {@code resize_pool} changes a pool setting through pgbouncer's admin console ({@code SET key =
 * value}, which the console applies at once for these settings), reading the old value from {@code SHOW CONFIG} so a
 * revert can put it back.
 *
 * <p>Target: a database name as listed by {@code SHOW DATABASES} (it must take its pool size from the default, not
 * from its own {@code pool_size=}), or {@code *}. Params: {@code size} (1..10000) and optionally {@code setting}, one of
 * {@link #SETTINGS} (default {@code default_pool_size}). The console speaks only the simple query protocol, so the
 * JDBC connection uses {@code preferQueryMode=simple}; pgbouncer must list {@code extra_float_digits} in
 * {@code ignore_startup_parameters} for the JDBC driver to log in.
 */
public final class PgBouncerActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(PgBouncerActuator.class);

    /** The settings resize_pool may change (all changeable at run time through the console). */
    public static final Set<String> SETTINGS = Set.of("default_pool_size", "min_pool_size", "reserve_pool_size",
            "max_client_conn", "max_db_connections");

    /**
     * Typed options.
     *
     * @param host pgbouncer host
     * @param port pgbouncer port
     * @param user an admin_users entry
     * @param password its password (from the environment or a mounted file only), or null
     * @param dryRun this actuator's own dry-run switch
     */
    public record Options(String host, int port, String user, String password, boolean dryRun) {

        /** From {@code HCL_PGBOUNCER_HOST, _PORT, _USER, _PASSWORD(_FILE), _DRY_RUN (default true)}. */
        public static Options fromEnv(Env env) {
            return new Options(env.string("HCL_PGBOUNCER_HOST", "127.0.0.1"), env.integer("HCL_PGBOUNCER_PORT", 6432),
                    env.string("HCL_PGBOUNCER_USER", "pgbouncer"), env.secret("HCL_PGBOUNCER_PASSWORD"),
                    env.bool("HCL_PGBOUNCER_DRY_RUN", true));
        }
    }

    private final Options options;

    /** An actuator for the configured pgbouncer. */
    public PgBouncerActuator(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "pgbouncer";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.RESIZE_POOL);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    /** A connection to the admin console (database {@code pgbouncer}). */
    Connection console() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", options.user());
        if (options.password() != null) {
            p.setProperty("password", options.password());
        }
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("assumeMinServerVersion", "9.0");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + options.host() + ":" + options.port() + "/pgbouncer", p);
    }

    private static String setting(Action a) {
        return Params.string(a, "setting", "default_pool_size");
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        try {
            if (a.type() != ActionType.RESIZE_POOL) {
                return List.of("pgbouncer actuator does not handle " + a.type().wireName());
            }
            if (!SETTINGS.contains(setting(a))) {
                problems.add("setting must be one of " + SETTINGS + ", got '" + setting(a) + "'");
            }
            int size = Params.integer(a, "size");
            if (size < 1 || size > 10_000) {
                problems.add("size must be 1..10000, got " + size);
            }
            if (problems.isEmpty() && !a.target().equals("*")) {
                try (Connection c = console()) {
                    Map<String, String> cfg = showConfig(c);
                    Integer dbPool = databasePoolSize(c, a.target());
                    if (dbPool == null) {
                        problems.add("pgbouncer has no database '" + a.target() + "'");
                    } else if (setting(a).equals("default_pool_size")
                            && dbPool != Integer.parseInt(cfg.get("default_pool_size"))) {
                        problems.add("database '" + a.target() + "' has its own pool_size " + dbPool
                                + " in pgbouncer's config: the console cannot change it");
                    }
                }
            }
        } catch (IllegalArgumentException | SQLException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    @Override
    public String describe(Action a) {
        return "pgbouncer " + options.host() + ":" + options.port() + " admin console: SHOW CONFIG; SET "
                + setting(a) + " = " + Params.integer(a, "size");
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        try (Connection c = console()) {
            String before = showConfig(c).get(setting(a));
            set(c, setting(a), Params.integer(a, "size"));
            LOG.info("pgbouncer {} {} -> {}", setting(a), before, Params.integer(a, "size"));
            return Execution.ok(a, call, setting(a) + " " + before + " -> " + Params.integer(a, "size"),
                    Map.of("setting", setting(a), "previous", before), start);
        } catch (SQLException | RuntimeException e) {
            return Execution.failed(a, call, "error: " + e.getMessage(), start);
        }
    }

    /** SET through the console; the value is a validated integer and the key from {@link #SETTINGS}, never raw input. */
    private static void set(Connection c, String key, int value) throws SQLException {
        if (!SETTINGS.contains(key)) {
            throw new IllegalArgumentException("setting not allowed: " + key);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET " + key + " = " + value);
        }
    }

    /** The console's SHOW CONFIG as key → value. */
    static Map<String, String> showConfig(Connection c) throws SQLException {
        Map<String, String> out = new java.util.HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CONFIG")) {
            while (rs.next()) {
                out.put(rs.getString("key"), rs.getString("value"));
            }
        }
        return out;
    }

    /** The effective pool size of one database from SHOW DATABASES, or null if pgbouncer has no such database. */
    static Integer databasePoolSize(Connection c, String db) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                if (db.equals(rs.getString("name"))) {
                    return rs.getInt("pool_size");
                }
            }
        }
        return null;
    }

    @Override
    public Verification verify(Execution e) {
        try (Connection c = console()) {
            String key = e.undo().get("setting");
            String now = showConfig(c).get(key);
            String want = Integer.toString(Params.integer(e.action(), "size"));
            if (!want.equals(now)) {
                return Verification.failed(key + " is " + now + ", not " + want);
            }
            if (!e.action().target().equals("*") && key.equals("default_pool_size")) {
                Integer pool = databasePoolSize(c, e.action().target());
                return Integer.valueOf(want).equals(pool) ? Verification.ok("pool " + e.action().target() + " size " + pool)
                        : Verification.failed("pool " + e.action().target() + " size " + pool + ", not " + want);
            }
            return Verification.ok(key + " = " + now);
        } catch (SQLException | RuntimeException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        }
    }

    @Override
    public Execution revert(Execution e) {
        long start = System.currentTimeMillis();
        String key = e.undo().get("setting");
        String prev = e.undo().get("previous");
        String call = "pgbouncer admin console: SET " + key + " = " + prev;
        try (Connection c = console()) {
            set(c, key, Integer.parseInt(prev));
            return Execution.ok(e.action(), call, key + " back to " + prev, Map.of(), start);
        } catch (SQLException | RuntimeException ex) {
            return Execution.failed(e.action(), call, "error: " + ex.getMessage(), start);
        }
    }
}
