package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * {@link #SETTINGS} (default {@code default_pool_size}). It talks to the console with psql (see {@link PgBouncerConsole}
 * for why not JDBC).
 */
public final class PgBouncerActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(PgBouncerActuator.class);

    /** The settings resize_pool may change (all changeable at run time through the console). */
    public static final Set<String> SETTINGS =
            Set.of("default_pool_size", "min_pool_size", "reserve_pool_size", "max_client_conn", "max_db_connections");

    /**
     * Typed options.
     *
     * @param host pgbouncer host
     * @param port pgbouncer port
     * @param user an admin_users entry
     * @param password its password (from the environment or a mounted file only), or null
     * @param dryRun this actuator's own dry-run switch
     * @param psql the psql binary that talks to the console
     */
    public record Options(String host, int port, String user, String password, boolean dryRun, String psql) {

        /** From {@code HCL_PGBOUNCER_HOST, _PORT, _USER, _PASSWORD(_FILE), _DRY_RUN (default true), HCL_PSQL}. */
        public static Options fromEnv(Env env) {
            return new Options(
                    env.string("HCL_PGBOUNCER_HOST", "127.0.0.1"),
                    env.integer("HCL_PGBOUNCER_PORT", 6432),
                    env.string("HCL_PGBOUNCER_USER", "pgbouncer"),
                    env.secret("HCL_PGBOUNCER_PASSWORD"),
                    env.bool("HCL_PGBOUNCER_DRY_RUN", true),
                    env.string("HCL_PSQL", "/usr/bin/psql"));
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

    /** The admin console (database {@code pgbouncer}). */
    public PgBouncerConsole console() {
        return new PgBouncerConsole(
                options.psql(), options.host(), options.port(), options.user(), options.password(), 10_000);
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
                {
                    PgBouncerConsole c = console();
                    Map<String, String> cfg = c.config();
                    Integer dbPool = c.databasePoolSize(a.target());
                    if (dbPool == null) {
                        problems.add("pgbouncer has no database '" + a.target() + "'");
                    } else if (setting(a).equals("default_pool_size")
                            && dbPool != Integer.parseInt(cfg.get("default_pool_size"))) {
                        problems.add("database '" + a.target() + "' has its own pool_size " + dbPool
                                + " in pgbouncer's config: the console cannot change it");
                    }
                }
            }
        } catch (IllegalArgumentException | IOException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    @Override
    public String describe(Action a) {
        return String.join(" ", console().command("SET " + setting(a) + " = " + Params.integer(a, "size")));
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        try {
            PgBouncerConsole c = console();
            String before = c.config().get(setting(a));
            set(c, setting(a), Params.integer(a, "size"));
            LOG.info("pgbouncer {} {} -> {}", setting(a), before, Params.integer(a, "size"));
            return Execution.ok(
                    a,
                    call,
                    setting(a) + " " + before + " -> " + Params.integer(a, "size"),
                    Map.of("setting", setting(a), "previous", before),
                    start);
        } catch (IOException | RuntimeException e) {
            return Execution.failed(a, call, "error: " + e.getMessage(), start);
        }
    }

    /** SET through the console; the value is a validated integer and the key from {@link #SETTINGS}, never raw input. */
    private static void set(PgBouncerConsole c, String key, int value) throws IOException {
        if (!SETTINGS.contains(key)) {
            throw new IllegalArgumentException("setting not allowed: " + key);
        }
        c.run("SET " + key + " = " + value);
    }

    @Override
    public Verification verify(Execution e) {
        try {
            PgBouncerConsole c = console();
            String key = e.undo().get("setting");
            String now = c.config().get(key);
            String want = Integer.toString(Params.integer(e.action(), "size"));
            if (!want.equals(now)) {
                return Verification.failed(key + " is " + now + ", not " + want);
            }
            if (!e.action().target().equals("*") && key.equals("default_pool_size")) {
                Integer pool = c.databasePoolSize(e.action().target());
                return Integer.valueOf(want).equals(pool)
                        ? Verification.ok("pool " + e.action().target() + " size " + pool)
                        : Verification.failed("pool " + e.action().target() + " size " + pool + ", not " + want);
            }
            return Verification.ok(key + " = " + now);
        } catch (IOException | RuntimeException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        }
    }

    @Override
    public Execution revert(Execution e) {
        long start = System.currentTimeMillis();
        String key = e.undo().get("setting");
        String prev = e.undo().get("previous");
        String call = "pgbouncer admin console: SET " + key + " = " + prev;
        try {
            set(console(), key, Integer.parseInt(prev));
            return Execution.ok(e.action(), call, key + " back to " + prev, Map.of(), start);
        } catch (IOException | RuntimeException ex) {
            return Execution.failed(e.action(), call, "error: " + ex.getMessage(), start);
        }
    }
}
