package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis cache actuator: {@code flush_cache} deletes keys matching a pattern found with SCAN (never KEYS, which
 * blocks the server) and UNLINK (DEL on servers without it) in batches; {@code warm_cache} creates keys that do not
 * exist yet.
 *
 * <p>flush_cache: target is the key pattern ({@code *} alone needs {@code allow_all: true}); before deleting it
 * snapshots up to {@link Options#snapshotLimit} values with DUMP/PTTL so a revert can RESTORE them. warm_cache: target
 * is a key prefix (may be empty); params {@code values} (key → value) or {@code keys} (list, each set to {@code value},
 * default "1"), optional {@code ttl_seconds}; keys are set with NX so existing values are never overwritten, and a
 * revert deletes exactly the keys it created.
 */
public final class RedisActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(RedisActuator.class);
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /**
     * Typed options.
     *
     * @param host Redis host
     * @param port Redis port
     * @param user ACL user, or null
     * @param password password (from the environment or a mounted file only), or null
     * @param dryRun this actuator's own dry-run switch
     * @param batchSize keys per SCAN COUNT hint and per UNLINK call
     * @param snapshotLimit at most this many values are DUMPed before a flush, so it can be reverted
     * @param timeoutMillis connect and socket timeout
     * @param flushPatterns key patterns starting with a glob character (e.g. {@code *}, {@code ?*}) that flush_cache
     *     may still use (the allow-list); every other pattern must start with a literal prefix
     */
    public record Options(
            String host,
            int port,
            String user,
            String password,
            boolean dryRun,
            int batchSize,
            int snapshotLimit,
            int timeoutMillis,
            Set<String> flushPatterns) {

        /** Checks and copies. */
        public Options {
            flushPatterns = flushPatterns == null ? Set.of() : Set.copyOf(flushPatterns);
        }

        /** Options with no glob pattern allowed. */
        public Options(
                String host,
                int port,
                String user,
                String password,
                boolean dryRun,
                int batchSize,
                int snapshotLimit,
                int timeoutMillis) {
            this(host, port, user, password, dryRun, batchSize, snapshotLimit, timeoutMillis, Set.of());
        }

        /** From {@code HCL_REDIS_HOST, _PORT, _USER, _PASSWORD(_FILE), _DRY_RUN (default true), _BATCH,
         * _SNAPSHOT_LIMIT, _TIMEOUT_MS,
         * _FLUSH_ALLOW} (comma-separated patterns).  */
        public static Options fromEnv(Env env) {
            return new Options(
                    env.string("HCL_REDIS_HOST", "127.0.0.1"),
                    env.integer("HCL_REDIS_PORT", 6379),
                    env.string("HCL_REDIS_USER", null),
                    env.secret("HCL_REDIS_PASSWORD"),
                    env.bool("HCL_REDIS_DRY_RUN", true),
                    env.integer("HCL_REDIS_BATCH", 500),
                    env.integer("HCL_REDIS_SNAPSHOT_LIMIT", 10_000),
                    env.integer("HCL_REDIS_TIMEOUT_MS", 2_000),
                    java.util.Arrays.stream(
                                    env.string("HCL_REDIS_FLUSH_ALLOW", "").split(","))
                            .map(String::trim)
                            .filter(p -> !p.isEmpty())
                            .collect(java.util.stream.Collectors.toSet()));
        }

        /** Local defaults with the given port and dry-run switch. */
        public static Options local(int port, boolean dryRun) {
            return new Options("127.0.0.1", port, null, null, dryRun, 500, 10_000, 2_000);
        }
    }

    private final Options options;
    private final JedisPool pool;

    /** Connects lazily to the configured server. */
    public RedisActuator(Options options) {
        this.options = options;
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(options.timeoutMillis())
                .socketTimeoutMillis(options.timeoutMillis())
                .clientName("hcl-actuator");
        if (options.user() != null) {
            cfg.user(options.user());
        }
        if (options.password() != null) {
            cfg.password(options.password());
        }
        this.pool = new JedisPool(new HostAndPort(options.host(), options.port()), cfg.build());
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.FLUSH_CACHE, ActionType.WARM_CACHE);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        try {
            if (a.type() == ActionType.FLUSH_CACHE) {
                if (a.target().isBlank()) {
                    problems.add("flush_cache needs a key pattern as target");
                } else if (a.target().chars().allMatch(c -> c == '*') && !Params.bool(a, "allow_all", false)) {
                    problems.add("flush_cache of every key ('" + a.target() + "') needs allow_all: true");
                } else if ("*?[\\".indexOf(a.target().charAt(0)) >= 0
                        && !options.flushPatterns().contains(a.target())) {
                    problems.add("flush_cache pattern '" + a.target() + "' starts with a glob character and may match "
                            + "every key: refused unless allow-listed in HCL_REDIS_FLUSH_ALLOW");
                } else if (a.target().chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                    problems.add("flush_cache pattern must not hold spaces or control characters");
                }
            } else if (a.type() == ActionType.WARM_CACHE) {
                if (warmEntries(a).isEmpty()) {
                    problems.add("warm_cache needs a non-empty 'values' map or 'keys' list");
                }
                if (Params.integer(a, "ttl_seconds", 0) < 0) {
                    problems.add("ttl_seconds must be >= 0");
                }
            } else {
                problems.add("redis actuator does not handle " + a.type().wireName());
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    @Override
    public String describe(Action a) {
        if (a.type() == ActionType.FLUSH_CACHE) {
            return String.format(
                    "redis %s:%d SCAN <cursor> MATCH %s COUNT %d; DUMP+PTTL up to %d keys; UNLINK "
                            + "<matched keys> in batches of %d",
                    options.host(),
                    options.port(),
                    a.target(),
                    options.batchSize(),
                    options.snapshotLimit(),
                    options.batchSize());
        }
        Map<String, String> entries = warmEntries(a);
        int ttl = Params.integer(a, "ttl_seconds", 0);
        return String.format(
                "redis %s:%d SET <key> <value> NX%s for %d keys: %s",
                options.host(),
                options.port(),
                ttl > 0 ? " EX " + ttl : "",
                entries.size(),
                abbreviate(entries.keySet()));
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        try (Jedis j = pool.getResource()) {
            return a.type() == ActionType.FLUSH_CACHE ? flush(j, a, call, start) : warm(j, a, call, start);
        } catch (RuntimeException e) {
            LOG.warn("redis {} on {} failed", a.type().wireName(), a.target(), e);
            return Execution.failed(a, call, "error: " + e.getMessage(), start);
        }
    }

    private Execution flush(Jedis j, Action a, String call, long start) {
        ScanParams sp = new ScanParams()
                .match(a.target().getBytes(StandardCharsets.UTF_8))
                .count(options.batchSize());
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        long deleted = 0;
        int snapshotted = 0;
        boolean complete = true;
        StringBuilder snapshot = new StringBuilder();
        boolean unlink = true;
        do {
            ScanResult<byte[]> page = j.scan(cursor, sp);
            cursor = page.getCursorAsBytes();
            List<byte[]> keys = page.getResult();
            if (keys.isEmpty()) {
                continue;
            }
            int room = Math.max(0, options.snapshotLimit() - snapshotted);
            if (room < keys.size()) {
                complete = false;
            }
            if (room > 0) {
                List<byte[]> toSnap = keys.subList(0, Math.min(room, keys.size()));
                Pipeline p = j.pipelined();
                List<Response<byte[]>> dumps = new ArrayList<>();
                List<Response<Long>> ttls = new ArrayList<>();
                for (byte[] k : toSnap) {
                    dumps.add(p.dump(k));
                    ttls.add(p.pttl(k));
                }
                p.sync();
                for (int i = 0; i < toSnap.size(); i++) {
                    byte[] d = dumps.get(i).get();
                    if (d != null) { // gone between SCAN and DUMP: nothing to restore
                        long ttl = Math.max(0, ttls.get(i).get());
                        snapshot.append(B64.encodeToString(toSnap.get(i)))
                                .append(' ')
                                .append(ttl)
                                .append(' ')
                                .append(B64.encodeToString(d))
                                .append('\n');
                        snapshotted++;
                    }
                }
            }
            byte[][] batch = keys.toArray(new byte[0][]);
            if (unlink) {
                try {
                    deleted += j.unlink(batch);
                } catch (JedisDataException e) { // servers before 4.0 have no UNLINK
                    unlink = false;
                    deleted += j.del(batch);
                }
            } else {
                deleted += j.del(batch);
            }
        } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        Map<String, String> undo = new LinkedHashMap<>();
        undo.put("deleted", Long.toString(deleted));
        undo.put("snapshot_complete", Boolean.toString(complete));
        undo.put("snapshot", snapshot.toString());
        String detail = "deleted " + deleted + " keys matching " + a.target() + ", snapshotted " + snapshotted
                + (complete ? "" : " (snapshot bound " + options.snapshotLimit() + " reached: a revert is partial)");
        LOG.info("redis flush_cache {}", detail);
        return Execution.ok(a, call, detail, undo, start);
    }

    private Execution warm(Jedis j, Action a, String call, long start) {
        Map<String, String> entries = warmEntries(a);
        int ttl = Params.integer(a, "ttl_seconds", 0);
        SetParams sp = SetParams.setParams().nx();
        if (ttl > 0) {
            sp.ex(ttl);
        }
        Pipeline p = j.pipelined();
        Map<String, Response<String>> replies = new LinkedHashMap<>();
        entries.forEach((k, v) -> replies.put(k, p.set(k, v, sp)));
        p.sync();
        List<String> created = new ArrayList<>();
        replies.forEach((k, r) -> {
            if ("OK".equals(r.get())) {
                created.add(k);
            }
        });
        String detail =
                "created " + created.size() + " of " + entries.size() + " keys (existing ones left as they were)";
        return Execution.ok(a, call, detail, Map.of("created", String.join("\n", encode(created))), start);
    }

    @Override
    public Verification verify(Execution e) {
        if (!e.success()) {
            return Verification.failed("nothing to verify: the call failed");
        }
        try (Jedis j = pool.getResource()) {
            if (e.action().type() == ActionType.FLUSH_CACHE) {
                long left = countMatching(j, e.action().target());
                return left == 0
                        ? Verification.ok("no key matches " + e.action().target())
                        : Verification.failed(left + " keys match " + e.action().target() + " (written since?)");
            }
            List<String> keys = new ArrayList<>(warmEntries(e.action()).keySet());
            long present = j.exists(keys.toArray(new String[0]));
            return present == keys.size()
                    ? Verification.ok("all " + present + " keys present")
                    : Verification.failed(present + " of " + keys.size() + " keys present");
        } catch (RuntimeException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        }
    }

    /** Counts keys matching the pattern with SCAN. */
    long countMatching(Jedis j, String pattern) {
        ScanParams sp = new ScanParams().match(pattern).count(options.batchSize());
        String cursor = ScanParams.SCAN_POINTER_START;
        long n = 0;
        do {
            ScanResult<String> page = j.scan(cursor, sp);
            cursor = page.getCursor();
            n += page.getResult().size();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return n;
    }

    @Override
    public Execution revert(Execution e) {
        long start = System.currentTimeMillis();
        Action a = e.action();
        try (Jedis j = pool.getResource()) {
            if (a.type() == ActionType.FLUSH_CACHE) {
                String snap = e.undo().getOrDefault("snapshot", "");
                int restored = 0;
                int skipped = 0;
                for (String line : snap.split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split(" ");
                    try {
                        // no REPLACE: a value written since the flush is fresher than the snapshot and is kept
                        j.restore(B64D.decode(f[0]), Long.parseLong(f[1]), B64D.decode(f[2]));
                        restored++;
                    } catch (JedisDataException busy) {
                        skipped++;
                    }
                }
                String call = "redis RESTORE <key> <ttl> <dump> for " + (restored + skipped) + " snapshotted keys";
                return Execution.ok(
                        a,
                        call,
                        "restored " + restored + " keys, kept " + skipped + " written since; snapshot complete: "
                                + e.undo().get("snapshot_complete"),
                        Map.of(),
                        start);
            }
            List<byte[]> created = new ArrayList<>();
            for (String s : e.undo().getOrDefault("created", "").split("\n")) {
                if (!s.isBlank()) {
                    created.add(B64D.decode(s));
                }
            }
            long n = created.isEmpty() ? 0 : j.del(created.toArray(new byte[0][]));
            return Execution.ok(
                    a,
                    "redis DEL <" + created.size() + " keys created by warm_cache>",
                    "deleted " + n + " warmed keys",
                    Map.of(),
                    start);
        } catch (RuntimeException ex) {
            return Execution.failed(a, "revert " + a.type().wireName(), "error: " + ex.getMessage(), start);
        }
    }

    private static List<String> encode(List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            out.add(B64.encodeToString(k.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static Map<String, String> warmEntries(Action a) {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = a.target();
        Params.map(a, "values").forEach((k, v) -> out.put(prefix + k, v));
        String value = Params.string(a, "value", "1");
        for (String k : Params.strings(a, "keys")) {
            out.putIfAbsent(prefix + k, value);
        }
        return out;
    }

    private static String abbreviate(Iterable<String> keys) {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (String k : keys) {
            if (i++ == 5) {
                sb.append(", …");
                break;
            }
            sb.append(i > 1 ? ", " : "").append(k);
        }
        return sb.append(']').toString();
    }

    @Override
    public void close() {
        pool.close();
    }
}
