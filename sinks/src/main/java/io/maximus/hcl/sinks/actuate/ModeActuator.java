package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Applies an operational mode ({@code set_mode}) as the concrete settings the plan carries, on the systems configured
 * for it ("knobs"): Redis {@code maxmemory}, pgbouncer's {@code default_pool_size}, and a mode file per service that
 * the service's own processes read (log level, whether background work may run).
 *
 * <p>Target: the service (a plain name; its mode file is {@code <dir>/<service>.json}). Params: {@code mode} (one of
 * {@link OperationalMode}) and, for each configured knob, its setting: {@code redis_maxmemory_percent} (1..100, of
 * {@link Options#redisMemoryBytes} or else the Redis host's {@code total_system_memory}), {@code pool_size}
 * (1..10000), {@code log_level} and {@code background_work}. A knob whose setting the plan does not carry is left
 * alone and said so. Every knob records its previous value; a failure part-way reverts the knobs already changed, so
 * a mode is applied whole or not at all.
 */
public final class ModeActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(ModeActuator.class);

    /** The knobs a mode can turn, in the order they are applied. */
    public enum Knob {
        /** The service's mode file (log level, background work). */
        FILE,
        /** Redis {@code maxmemory}. */
        REDIS,
        /** pgbouncer's {@code default_pool_size}. */
        PGBOUNCER
    }

    /** Log levels a mode may set. */
    public static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /**
     * Typed options.
     *
     * @param knobs what a mode changes; empty: nothing is configured and every set_mode is refused as such
     * @param dryRun this actuator's own dry-run switch
     * @param modeDir folder of the per-service mode files (knob FILE)
     * @param redis the Redis server (knob REDIS), connection settings as for the Redis actuator
     * @param redisMemoryBytes what {@code redis_maxmemory_percent} is a percent of; 0: the Redis host's
     *     {@code total_system_memory}
     * @param pgbouncer the pgbouncer console (knob PGBOUNCER)
     */
    public record Options(
            Set<Knob> knobs,
            boolean dryRun,
            Path modeDir,
            RedisActuator.Options redis,
            long redisMemoryBytes,
            PgBouncerActuator.Options pgbouncer) {

        /** Checks and copies. */
        public Options {
            knobs = knobs == null || knobs.isEmpty() ? Set.of() : Set.copyOf(knobs);
            if (knobs.contains(Knob.FILE) && modeDir == null) {
                throw new IllegalArgumentException("the mode file knob needs a folder (HCL_MODE_DIR)");
            }
            if (knobs.contains(Knob.REDIS) && redis == null) {
                throw new IllegalArgumentException("the redis knob needs Redis settings");
            }
            if (knobs.contains(Knob.PGBOUNCER) && pgbouncer == null) {
                throw new IllegalArgumentException("the pgbouncer knob needs pgbouncer settings");
            }
            if (redisMemoryBytes < 0) {
                throw new IllegalArgumentException("redis memory must be >= 0");
            }
        }

        /**
         * From {@code HCL_MODE_APPLY} (comma-separated knobs: {@code file, redis, pgbouncer}; default none),
         * {@code HCL_MODE_DRY_RUN} (default true), {@code HCL_MODE_DIR}, {@code HCL_MODE_REDIS_MEMORY_BYTES} (default
         * 0), and the Redis actuator's {@code HCL_REDIS_*} and pgbouncer actuator's {@code HCL_PGBOUNCER_*} settings.
         */
        public static Options fromEnv(Env env) {
            Set<Knob> knobs = new LinkedHashSet<>();
            for (String k : env.string("HCL_MODE_APPLY", "").split(",")) {
                String name = k.trim();
                if (!name.isEmpty()) {
                    try {
                        knobs.add(Knob.valueOf(name.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("HCL_MODE_APPLY: unknown knob '" + name + "', one of "
                                + Arrays.stream(Knob.values())
                                        .map(x -> x.name().toLowerCase(Locale.ROOT))
                                        .toList());
                    }
                }
            }
            String dir = env.string("HCL_MODE_DIR", null);
            return new Options(
                    knobs,
                    env.bool("HCL_MODE_DRY_RUN", true),
                    dir == null ? null : Path.of(dir),
                    knobs.contains(Knob.REDIS) ? RedisActuator.Options.fromEnv(env) : null,
                    Long.parseLong(
                            env.string("HCL_MODE_REDIS_MEMORY_BYTES", "0").trim()),
                    knobs.contains(Knob.PGBOUNCER) ? PgBouncerActuator.Options.fromEnv(env) : null);
        }
    }

    private final Options options;

    /** An actuator over the configured knobs. */
    public ModeActuator(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "mode";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.SET_MODE);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        if (a.type() != ActionType.SET_MODE) {
            return List.of("mode actuator does not handle " + a.type().wireName());
        }
        if (!TargetMap.PLAIN_NAME.matcher(a.target()).matches()) {
            problems.add("set_mode target must be a service name (letters, digits, _.:@-), got '" + a.target() + "'");
        }
        try {
            mode(a);
            if (a.params().containsKey("redis_maxmemory_percent")) {
                int p = Params.integer(a, "redis_maxmemory_percent");
                if (p < 1 || p > 100) {
                    problems.add("redis_maxmemory_percent must be 1..100, got " + p);
                }
            }
            if (a.params().containsKey("pool_size")) {
                int s = Params.integer(a, "pool_size");
                if (s < 1 || s > 10_000) {
                    problems.add("pool_size must be 1..10000, got " + s);
                }
            }
            if (a.params().containsKey("log_level") && !LOG_LEVELS.contains(Params.string(a, "log_level", ""))) {
                problems.add(
                        "log_level must be one of " + LOG_LEVELS + ", got '" + Params.string(a, "log_level", "") + "'");
            }
            if (a.params().containsKey("background_work")) {
                Params.bool(a, "background_work", false);
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (options.knobs().isEmpty()) {
            problems.add("set_mode has nothing to apply: no knob configured (HCL_MODE_APPLY=file,redis,pgbouncer)");
        } else if (applicable(a).isEmpty() && problems.isEmpty()) {
            problems.add("set_mode carries no setting for the configured knobs " + options.knobs());
        }
        return problems;
    }

    private static OperationalMode mode(Action a) {
        String m = Params.string(a, "mode", null);
        if (m == null) {
            throw new IllegalArgumentException("set_mode needs a 'mode' parameter");
        }
        try {
            return OperationalMode.valueOf(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "mode must be one of " + Arrays.toString(OperationalMode.values()) + ", got '" + m + "'");
        }
    }

    /** The configured knobs this action carries a setting for, in application order. */
    private List<Knob> applicable(Action a) {
        List<Knob> out = new ArrayList<>();
        for (Knob k : Knob.values()) {
            if (!options.knobs().contains(k)) {
                continue;
            }
            boolean has = switch (k) {
                case FILE -> true; // the file always records the mode itself
                case REDIS -> a.params().containsKey("redis_maxmemory_percent");
                case PGBOUNCER -> a.params().containsKey("pool_size");
            };
            if (has) {
                out.add(k);
            }
        }
        return out;
    }

    @Override
    public String describe(Action a) {
        List<String> calls = new ArrayList<>();
        for (Knob k : applicable(a)) {
            calls.add(
                    switch (k) {
                        case FILE -> "write " + modeFile(a) + " " + fileContent(a);
                        case REDIS ->
                            String.format(
                                    "redis %s:%d CONFIG SET maxmemory <%d%% of %s>",
                                    options.redis().host(),
                                    options.redis().port(),
                                    Params.integer(a, "redis_maxmemory_percent"),
                                    options.redisMemoryBytes() > 0
                                            ? options.redisMemoryBytes() + " bytes"
                                            : "total_system_memory");
                        case PGBOUNCER ->
                            "pgbouncer admin console: SET default_pool_size = " + Params.integer(a, "pool_size");
                    });
        }
        if (calls.isEmpty()) {
            return "set_mode " + a.target() + " " + Params.string(a, "mode", "?") + ": nothing configured to apply";
        }
        return String.join("; ", calls);
    }

    private Path modeFile(Action a) {
        return options.modeDir().resolve(a.target() + ".json");
    }

    /** The mode file: the mode and the settings a service's processes apply themselves, as one JSON object. */
    static String fileContent(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", Params.string(a, "mode", ""));
        if (a.params().containsKey("log_level")) {
            m.put("log_level", Params.string(a, "log_level", ""));
        }
        if (a.params().containsKey("background_work")) {
            m.put("background_work", Params.bool(a, "background_work", false));
        }
        return m.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":"
                        + (e.getValue() instanceof Boolean ? e.getValue() : "\"" + e.getValue() + "\""))
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        Map<String, String> undo = new LinkedHashMap<>();
        List<String> done = new ArrayList<>();
        List<Knob> applied = new ArrayList<>();
        try {
            for (Knob k : applicable(a)) {
                done.add(apply(k, a, undo));
                applied.add(k);
            }
            undo.put("knobs", applied.stream().map(Enum::name).collect(Collectors.joining(",")));
            String detail =
                    "mode " + Params.string(a, "mode", "") + " for " + a.target() + ": " + String.join("; ", done);
            LOG.info("set_mode {}", detail);
            return Execution.ok(a, call, detail, undo, start);
        } catch (IOException | RuntimeException e) {
            // a mode is applied whole or not at all: put back the knobs already turned
            List<String> back = new ArrayList<>();
            for (int i = applied.size() - 1; i >= 0; i--) {
                try {
                    back.add(restore(applied.get(i), a, undo));
                } catch (IOException | RuntimeException again) {
                    back.add(applied.get(i) + " NOT restored: " + again.getMessage());
                }
            }
            LOG.warn("set_mode on {} failed; restored {}", a.target(), back, e);
            return Execution.failed(
                    a, call, "error: " + e.getMessage() + (back.isEmpty() ? "" : "; restored: " + back), start);
        }
    }

    private String apply(Knob k, Action a, Map<String, String> undo) throws IOException {
        switch (k) {
            case FILE -> {
                Path f = modeFile(a);
                undo.put("file_previous", Files.exists(f) ? b64(Files.readString(f)) : "");
                writeAtomically(f, fileContent(a));
                return "wrote " + f;
            }
            case REDIS -> {
                try (Jedis j = redis()) {
                    String before = j.configGet("maxmemory").getOrDefault("maxmemory", "0");
                    long bytes = redisBytes(j, Params.integer(a, "redis_maxmemory_percent"));
                    j.configSet("maxmemory", Long.toString(bytes));
                    undo.put("redis_maxmemory_previous", before);
                    undo.put("redis_maxmemory", Long.toString(bytes));
                    return "redis maxmemory " + before + " -> " + bytes;
                }
            }
            case PGBOUNCER -> {
                PgBouncerConsole c = console();
                String before = c.config().get("default_pool_size");
                int size = Params.integer(a, "pool_size");
                c.run("SET default_pool_size = " + size); // an integer checked in validate, never raw text
                undo.put("pool_size_previous", before);
                return "pgbouncer default_pool_size " + before + " -> " + size;
            }
            default -> throw new IllegalStateException("unknown knob " + k);
        }
    }

    private String restore(Knob k, Action a, Map<String, String> undo) throws IOException {
        switch (k) {
            case FILE -> {
                Path f = modeFile(a);
                String prev = undo.getOrDefault("file_previous", "");
                if (prev.isEmpty()) {
                    Files.deleteIfExists(f);
                    return "removed " + f;
                }
                writeAtomically(f, new String(Base64.getDecoder().decode(prev), StandardCharsets.UTF_8));
                return "restored " + f;
            }
            case REDIS -> {
                String prev = undo.get("redis_maxmemory_previous");
                try (Jedis j = redis()) {
                    j.configSet("maxmemory", Long.toString(Long.parseLong(prev)));
                }
                return "redis maxmemory back to " + prev;
            }
            case PGBOUNCER -> {
                String prev = undo.get("pool_size_previous");
                console().run("SET default_pool_size = " + Integer.parseInt(prev));
                return "pgbouncer default_pool_size back to " + prev;
            }
            default -> throw new IllegalStateException("unknown knob " + k);
        }
    }

    private long redisBytes(Jedis j, int percent) {
        long base = options.redisMemoryBytes();
        if (base <= 0) {
            base = infoField(j.info("memory"), "total_system_memory");
            if (base <= 0) {
                throw new IllegalStateException(
                        "Redis reports no total_system_memory: set HCL_MODE_REDIS_MEMORY_BYTES");
            }
        }
        return Math.max(1, base * percent / 100);
    }

    private static long infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        return -1;
    }

    @Override
    public Verification verify(Execution e) {
        if (!e.success()) {
            return Verification.failed("nothing to verify: the call failed");
        }
        List<String> ok = new ArrayList<>();
        try {
            for (Knob k : knobs(e)) {
                switch (k) {
                    case FILE -> {
                        String now = Files.readString(modeFile(e.action())).strip();
                        if (!now.equals(fileContent(e.action()))) {
                            return Verification.failed(modeFile(e.action()) + " holds " + now);
                        }
                        ok.add("mode file written");
                    }
                    case REDIS -> {
                        try (Jedis j = redis()) {
                            String now = j.configGet("maxmemory").get("maxmemory");
                            if (!e.undo().get("redis_maxmemory").equals(now)) {
                                return Verification.failed("redis maxmemory is " + now + ", not "
                                        + e.undo().get("redis_maxmemory"));
                            }
                            ok.add("redis maxmemory " + now);
                        }
                    }
                    case PGBOUNCER -> {
                        String now = console().config().get("default_pool_size");
                        String want = Integer.toString(Params.integer(e.action(), "pool_size"));
                        if (!want.equals(now)) {
                            return Verification.failed("default_pool_size is " + now + ", not " + want);
                        }
                        ok.add("default_pool_size " + now);
                    }
                    default -> throw new IllegalStateException("unknown knob " + k);
                }
            }
            return Verification.ok(String.join("; ", ok));
        } catch (IOException | RuntimeException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        }
    }

    @Override
    public Execution revert(Execution e) {
        long start = System.currentTimeMillis();
        List<String> done = new ArrayList<>();
        List<Knob> knobs = knobs(e);
        try {
            for (int i = knobs.size() - 1; i >= 0; i--) {
                done.add(restore(knobs.get(i), e.action(), e.undo()));
            }
            return Execution.ok(e.action(), "restore previous settings", String.join("; ", done), Map.of(), start);
        } catch (IOException | RuntimeException ex) {
            return Execution.failed(
                    e.action(), "restore previous settings", "error: " + ex.getMessage() + "; done: " + done, start);
        }
    }

    private static List<Knob> knobs(Execution e) {
        String s = e.undo().getOrDefault("knobs", "");
        return s.isEmpty()
                ? List.of()
                : Arrays.stream(s.split(",")).map(Knob::valueOf).toList();
    }

    private Jedis redis() {
        RedisActuator.Options r = options.redis();
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(r.timeoutMillis())
                .socketTimeoutMillis(r.timeoutMillis())
                .clientName("hcl-mode");
        if (r.user() != null) {
            cfg.user(r.user());
        }
        if (r.password() != null) {
            cfg.password(r.password());
        }
        return new Jedis(new HostAndPort(r.host(), r.port()), cfg.build());
    }

    private PgBouncerConsole console() {
        PgBouncerActuator.Options p = options.pgbouncer();
        return new PgBouncerConsole(p.psql(), p.host(), p.port(), p.user(), p.password(), 10_000);
    }

    private static void writeAtomically(Path f, String content) throws IOException {
        Files.createDirectories(f.getParent());
        Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
        Files.writeString(tmp, content + "\n");
        try {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
