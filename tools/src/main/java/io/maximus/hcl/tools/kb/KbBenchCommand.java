package io.maximus.hcl.tools.kb;

import com.zaxxer.hikari.HikariDataSource;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.Backend;
import io.maximus.hcl.knowledge.KbMaintenance;
import io.maximus.hcl.knowledge.Schema;
import io.maximus.hcl.knowledge.api.ApiConfig;
import io.maximus.hcl.knowledge.api.ApiServer;
import io.maximus.hcl.knowledge.bench.HistoryGenerator;
import io.maximus.hcl.knowledge.local.LocalPostgres;
import io.maximus.hcl.knowledge.store.Database;
import io.maximus.hcl.knowledge.store.DecisionRecord;
import io.maximus.hcl.knowledge.store.DecisionRepository;
import io.maximus.hcl.knowledge.store.JdbcDecisionRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl kb bench}: loads a realistic decision history with COPY, then measures the sink's batched
 * insert throughput, single-insert latency through the API, and the latency of filtered listings and
 * analytics through the API. Ends with one JSON line.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark the knowledge base: COPY-load a history, then sink throughput, API write latency,"
                    + " list and analytics latency. Prints figures, then one JSON line.",
            "Default target: a fresh embedded PostgreSQL (its data directory is deleted afterwards).",
            "--timescale: the same bench twice on throwaway clusters of the machine's PostgreSQL 15, plain and"
                    + " with TimescaleDB; one JSON line each (\"backend\": \"native\" / \"timescale\")."
        })
public final class KbBenchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(KbBenchCommand.class);

    @Option(
            names = "--rows",
            defaultValue = "10000000",
            description = "decisions in the loaded history (default ${DEFAULT-VALUE})")
    long rows;

    @Option(
            names = "--days",
            defaultValue = "90",
            description = "days the history spans, ending now (default ${DEFAULT-VALUE})")
    int days;

    @Option(
            names = "--services",
            defaultValue = "200",
            description = "services in the fleet (default ${DEFAULT-VALUE})")
    int services;

    @Option(
            names = "--sink-rows",
            defaultValue = "200000",
            description = "decisions written through the sink path (default ${DEFAULT-VALUE})")
    int sinkRows;

    @Option(names = "--batch", defaultValue = "1000", description = "sink batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--api-writes",
            defaultValue = "2000",
            description = "single POSTs measured (default ${DEFAULT-VALUE})")
    int apiWrites;

    @Option(
            names = "--queries",
            defaultValue = "500",
            description = "list and analytics requests measured, each (default ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--loaders", defaultValue = "2", description = "parallel COPY streams (default ${DEFAULT-VALUE})")
    int loaders;

    @Option(names = "--explain", description = "also print the planning and execution time of representative SQL")
    boolean explain;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--jdbc-url",
            description = "database to load and measure (it must be empty or a previous bench's); default: embedded")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "postgres", description = "database user (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "postgres", description = "database password")
    String password;

    @Option(names = "--data-dir", description = "data directory of the embedded PostgreSQL (default: a temporary one)")
    Path dataDir;

    @Option(
            names = "--timescale",
            description = "run on plain PostgreSQL and on TimescaleDB (two throwaway clusters of the same server,"
                    + " HCL_PG_BIN or /usr/lib/postgresql/15/bin) and report both")
    boolean timescale;

    /** The server settings of the --timescale clusters: the embedded one's below, and its synchronous_commit=off. */
    private static final Map<String, String> SERVER_SETTINGS = new LinkedHashMap<>();

    static {
        SERVER_SETTINGS.put("shared_buffers", "1GB");
        SERVER_SETTINGS.put("max_wal_size", "8GB");
        SERVER_SETTINGS.put("checkpoint_timeout", "30min");
        SERVER_SETTINGS.put("maintenance_work_mem", "512MB");
        SERVER_SETTINGS.put("work_mem", "32MB");
        SERVER_SETTINGS.put("synchronous_commit", "off");
    }

    private Backend backend = Backend.NATIVE;

    @Override
    public Integer call() throws Exception {
        if (timescale) {
            if (jdbcUrl != null) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--timescale starts its own two databases; drop --jdbc-url");
            }
            String missing = LocalPostgres.timescaleMissing();
            if (missing != null) {
                throw new IllegalStateException("--timescale: " + missing);
            }
            for (boolean ts : new boolean[] {false, true}) {
                try (LocalPostgres pg = LocalPostgres.start(ts, SERVER_SETTINGS)) {
                    user = "postgres";
                    password = "";
                    out("== %s on %s", ts ? "TimescaleDB" : "plain PostgreSQL", LocalPostgres.binDir());
                    int rc = run(pg.createDatabase("hcl_bench"));
                    if (rc != 0) {
                        return rc;
                    }
                }
            }
            return 0;
        }
        EmbeddedPostgres pg = null;
        String url = jdbcUrl;
        try {
            if (url == null) {
                Path dir = dataDir != null ? dataDir : Files.createTempDirectory("hcl-kb-bench");
                pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("shared_buffers", "1GB")
                        .setServerConfig("max_wal_size", "8GB")
                        .setServerConfig("checkpoint_timeout", "30min")
                        .setServerConfig("maintenance_work_mem", "512MB")
                        .setServerConfig("work_mem", "32MB")
                        .start();
                url = pg.getJdbcUrl("postgres", "postgres");
                user = "postgres";
                password = "postgres";
            }
            return run(url);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private int run(String url) throws Exception {
        Schema.migrate(url, user, password);
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofDays(days));
        Instant historyEnd = now.minus(Duration.ofHours(1));
        try (HikariDataSource ds = Database.pool(url, user, password, 4)) {
            try (Connection c = ds.getConnection()) {
                backend = Backend.of(c);
            }
            KbMaintenance maintenance = new KbMaintenance(ds, Clock.systemUTC());
            out("database: %s; machine load average %s", settings(ds), loadAverage());

            // 1. History via COPY.
            long t0 = System.nanoTime();
            copyLoad(url, start, historyEnd);
            maintenance.ensurePartitions(
                    LocalDate.ofInstant(start, ZoneOffset.UTC),
                    LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1));
            double loadS = (System.nanoTime() - t0) / 1e9;
            out(
                    "loaded %,d decisions over %d days with COPY (%d streams, %s) in %.1f s:" + " %,.0f decisions/s",
                    rows,
                    days,
                    loaders,
                    backend == Backend.TIMESCALE ? "into the hypertable" : "per-week tables attached after",
                    loadS,
                    rows / loadS);
            t0 = System.nanoTime();
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("ANALYZE hcl_decisions");
            }
            new KbMaintenance(ds, Clock.systemUTC())
                    .refreshLookback(Duration.ofDays(days + 1L))
                    .maintain();
            out("analyze + aggregate refresh over the whole history: %.1f s", (System.nanoTime() - t0) / 1e9);
            out("table size: %s", size(ds));

            // 2. The sink: batches of decisions, each one statement (DecisionsTable.INSERT_ROWS).
            DecisionRepository store = new JdbcDecisionRepository(ds);
            HistoryGenerator gen = new HistoryGenerator(seed + 100, services, 4);
            List<DecisionRecord> pending = new ArrayList<>(batch);
            long written = 0;
            long sinkNanos = 0;
            // The sink's decisions fall in the last 7 whole hours-before-now days, in time order, into the
            // hot partitions; not all into the current hour, which would make the never-materialized live
            // part of the aggregate views ~1000x denser than a control loop's real decision rate.
            Instant sinkFrom = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(7));
            long stepNanos = Duration.ofDays(7).toNanos() / Math.max(1, sinkRows);
            for (int i = 0; i < sinkRows; i++) {
                pending.add(gen.next(sinkFrom.plusNanos(i * stepNanos)).toRecord());
                if (pending.size() == batch || i == sinkRows - 1) {
                    long b0 = System.nanoTime();
                    written += store.insertBatch(pending);
                    sinkNanos += System.nanoTime() - b0;
                    pending.clear();
                }
            }
            double sinkRate = written / (sinkNanos / 1e9);
            lastSinkRate = sinkRate;
            out(
                    "sink: %,d decisions in batches of %d, %.1f s in the database: %,.0f decisions/s sustained",
                    written, batch, sinkNanos / 1e9, sinkRate);
            // What the API's schedule does every few minutes: fold the new rows into the aggregate.
            t0 = System.nanoTime();
            new KbMaintenance(ds, Clock.systemUTC())
                    .refreshLookback(Duration.ofDays(8))
                    .maintain();
            out("maintenance pass after the sink run (8-day refresh window): %.2f s", (System.nanoTime() - t0) / 1e9);
            if (explain) {
                explain(ds);
            }
        }

        // 3. API: single inserts, then listings and analytics, over HTTP.
        String token = "bench-token";
        try (ApiServer api = ApiServer.start(ApiConfig.of(url, user, password)
                .withToken(token)
                .withOpenReads(true)
                .withMaintenanceEvery(null))) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + api.port();
            HistoryGenerator gen = new HistoryGenerator(seed + 200, services, 4);
            int warm = Math.min(200, apiWrites);
            long[] writes = new long[apiWrites];
            for (int i = -warm; i < apiWrites; i++) {
                String body = gen.next(Instant.now()).toApiJson();
                long w0 = System.nanoTime();
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/decisions"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - w0;
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("POST /decisions answered " + r.statusCode() + ": " + r.body());
                }
                if (i >= 0) {
                    writes[i] = took;
                }
            }
            Arrays.sort(writes);
            out("machine load average now %s", loadAverage());
            out(
                    "API writes: %d single POST /decisions: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    apiWrites, ms(pct(writes, 50)), ms(pct(writes, 99)), ms(writes[writes.length - 1]));

            SplittableRandom r = new SplittableRandom(seed + 300);
            long[] lists = measure(http, base, r, true, start, historyEnd);
            out(
                    "list queries (filters: none/mode/outcome/service/combined/1-day window/next page, limit 100): "
                            + "%d: p50 %.2f ms, p99 %.2f ms",
                    queries, ms(pct(lists, 50)), ms(pct(lists, 99)));
            long[] analytics = measure(http, base, r, false, start, historyEnd);
            out(
                    "analytics (success_rate [mode], reward_trend 7/90 days, actions_by_type [7 days]): "
                            + "%d: p50 %.2f ms, p99 %.2f ms",
                    queries, ms(pct(analytics, 50)), ms(pct(analytics, 99)));

            System.out.printf(
                    Locale.ROOT,
                    "{\"backend\": \"%s\", \"rows\": %d, \"sink_decisions_per_s\": %.0f, \"api_write_p99_ms\": %.2f,"
                            + " \"query_p99_ms\": %.2f, \"analytics_p99_ms\": %.2f}%n",
                    backend == Backend.TIMESCALE ? "timescale" : "native",
                    rows,
                    lastSinkRate,
                    ms(pct(writes, 99)),
                    ms(pct(lists, 99)),
                    ms(pct(analytics, 99)));
        }
        return 0;
    }

    private double lastSinkRate;

    private void out(String fmt, Object... args) {
        System.out.println(String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }

    private long[] measure(HttpClient http, String base, SplittableRandom r, boolean list, Instant start, Instant end)
            throws IOException, InterruptedException {
        int warm = Math.min(50, queries);
        long[] took = new long[queries];
        String[] modes = {"HIGH_PERFORMANCE", "BALANCED", "ENERGY_EFFICIENT"};
        String[] outcomes = {"SUCCESS", "PARTIAL", "FAILED"};
        long spanSeconds = Duration.between(start, end).getSeconds();
        for (int i = -warm; i < queries; i++) {
            String path;
            if (list) {
                String svc = HistoryGenerator.serviceName(r.nextInt(services));
                path = switch (r.nextInt(7)) {
                    case 0 -> "/decisions?limit=100";
                    case 1 -> "/decisions?limit=100&mode=" + modes[r.nextInt(3)];
                    case 2 -> "/decisions?limit=100&outcome=" + outcomes[r.nextInt(3)];
                    case 3 -> "/decisions?limit=100&service=" + svc;
                    case 4 ->
                        "/decisions?limit=100&service=" + svc + "&mode=" + modes[r.nextInt(3)] + "&outcome="
                                + outcomes[r.nextInt(3)];
                    case 5 -> {
                        Instant from = start.plusSeconds(r.nextLong(spanSeconds - 86_400));
                        yield "/decisions?limit=100&mode=" + modes[r.nextInt(3)] + "&start=" + from + "&end="
                                + from.plus(Duration.ofDays(1));
                    }
                    default -> {
                        // The second page of a service (the first page's cursor); the first when it is all.
                        String cursor = firstPageCursor(http, base, svc);
                        yield "/decisions?limit=100&service=" + svc + (cursor.isEmpty() ? "" : "&cursor=" + cursor);
                    }
                };
            } else {
                path = switch (r.nextInt(6)) {
                    case 0 -> "/decisions/analytics/success_rate";
                    case 1 -> "/decisions/analytics/success_rate?mode=" + OperationalMode.values()[r.nextInt(3)];
                    case 2 -> "/decisions/analytics/reward_trend?days=7";
                    case 3 -> "/decisions/analytics/reward_trend?days=90";
                    case 4 -> "/decisions/analytics/actions_by_type";
                    default -> "/decisions/analytics/actions_by_type?days=7";
                };
            }
            long q0 = System.nanoTime();
            HttpResponse<String> resp = http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long t = System.nanoTime() - q0;
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + resp.statusCode() + ": " + resp.body());
            }
            if (i >= 0) {
                took[i] = t;
            }
        }
        Arrays.sort(took);
        return took;
    }

    private static String firstPageCursor(HttpClient http, String base, String svc)
            throws IOException, InterruptedException {
        HttpResponse<String> first = http.send(
                HttpRequest.newBuilder(URI.create(base + "/decisions?limit=100&service=" + svc))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String body = first.body();
        int at = body.lastIndexOf("\"next_cursor\":\"");
        return at < 0 ? "" : body.substring(at + 15, body.indexOf('"', at + 15));
    }

    /**
     * Loads the history week by week: a week whose partition does not exist yet is COPYed into a
     * stand-alone table which is then attached (indexes built in one pass); otherwise rows are COPYed
     * through the parent. Each week has its own seed, so the data do not depend on the stream count.
     */
    private void copyLoad(String url, Instant start, Instant end) throws Exception {
        long spanNanos = Duration.between(start, end).toNanos();
        List<long[]> weeks = new ArrayList<>(); // {epochDay of Monday, first row, end row}
        LocalDate first = KbMaintenance.weekOf(LocalDate.ofInstant(start, ZoneOffset.UTC));
        for (LocalDate w = first; w.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(end); w = w.plusWeeks(1)) {
            long lo = rowAt(w.atStartOfDay(ZoneOffset.UTC).toInstant(), start, spanNanos);
            long hi = rowAt(w.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant(), start, spanNanos);
            if (hi > lo) {
                weeks.add(new long[] {w.toEpochDay(), lo, hi});
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(loaders);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (long[] week : weeks) {
                parts.add(pool.submit(
                        () -> loadWeek(url, LocalDate.ofEpochDay(week[0]), week[1], week[2], start, spanNanos)));
            }
            for (Future<Long> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long rowAt(Instant t, Instant start, long spanNanos) {
        long nanos = Duration.between(start, t).toNanos();
        if (nanos <= 0) {
            return 0;
        }
        if (nanos >= spanNanos) {
            return rows;
        }
        return (long) Math.ceil(rows * (nanos / (double) spanNanos));
    }

    private long loadWeek(String url, LocalDate monday, long lo, long hi, Instant start, long spanNanos)
            throws SQLException, IOException {
        HistoryGenerator gen = new HistoryGenerator(seed * 31 + monday.toEpochDay(), services, 4);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            boolean exists;
            try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                ps.setString(1, KbMaintenance.partitionName("hcl_decisions", monday));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
            }
            if (backend == Backend.TIMESCALE) {
                exists = true; // a hypertable makes its chunks itself: COPY into it
            }
            String target = exists ? "hcl_decisions" : KbMaintenance.createDetached(c, "hcl_decisions", monday);
            long t0 = System.nanoTime();
            try (PGCopyOutputStream copy = new PGCopyOutputStream(
                    c.unwrap(PGConnection.class),
                    "COPY " + target
                            + " (id, \"timestamp\", service, host, trigger, operational_mode, actions_taken, state_before,"
                            + " state_after, outcome, reward_signal, human_feedback, rule) FROM STDIN",
                    1 << 20)) {
                StringBuilder sb = new StringBuilder(1 << 21);
                for (long i = lo; i < hi; i++) {
                    Instant ts = start.plusNanos((long) (spanNanos * (i / (double) rows)))
                            .truncatedTo(ChronoUnit.MICROS);
                    gen.next(ts).appendCopy(sb);
                    if (sb.length() > (1 << 20)) {
                        copy.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                        sb.setLength(0);
                    }
                }
                copy.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                copy.endCopy();
            }
            long t1 = System.nanoTime();
            if (!exists) {
                KbMaintenance.attachLoaded(c, "hcl_decisions", monday);
            }
            LOG.info(
                    "week {}: {} rows, COPY {} s, attach + index build {} s",
                    monday,
                    hi - lo,
                    (t1 - t0) / 1_000_000_000,
                    (System.nanoTime() - t1) / 1_000_000_000);
            return hi - lo;
        }
    }

    private static void explain(HikariDataSource ds) throws SQLException {
        List<String> sql = List.of(
                "SELECT operational_mode, sum(decisions), sum(successes) FROM hcl_decisions_hourly GROUP BY 1",
                "SELECT hour, sum(reward_sum) FROM hcl_decisions_hourly WHERE hour >= now() - interval '7 days' GROUP BY 1",
                "SELECT action_type, status, sum(actions) FROM hcl_actions_hourly GROUP BY 1, 2",
                "SELECT * FROM hcl_decisions ORDER BY \"timestamp\" DESC, id DESC LIMIT 101",
                "SELECT * FROM hcl_decisions WHERE service = 'svc-007' ORDER BY \"timestamp\" DESC, id DESC LIMIT 101",
                "SELECT * FROM hcl_decisions WHERE service = 'svc-007' AND operational_mode = 'BALANCED'"
                        + " AND outcome = 'FAILED' ORDER BY \"timestamp\" DESC, id DESC LIMIT 101",
                "SELECT * FROM hcl_decisions WHERE id = '00000000-0000-0000-0000-000000000001'"
                        + " ORDER BY \"timestamp\" DESC LIMIT 1");
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String q : sql) {
                StringBuilder times = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, SUMMARY) " + q)) {
                    while (rs.next()) {
                        String l = rs.getString(1).trim();
                        if (System.getenv("HCL_BENCH_PLANS") != null) {
                            System.out.println("    " + rs.getString(1));
                        }
                        if (l.startsWith("Planning Time") || l.startsWith("Execution Time")) {
                            times.append(times.isEmpty() ? "" : ", ").append(l);
                        }
                    }
                }
                System.out.println("explain: " + times + " | " + q);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String settings(HikariDataSource ds) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String k :
                    List.of("server_version", "shared_buffers", "fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = s.executeQuery("SHOW " + k)) {
                    rs.next();
                    sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=').append(rs.getString(1));
                }
            }
        }
        return sb.toString();
    }

    private static String size(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_size_pretty(sum(pg_table_size(i.inhrelid))),"
                        + " pg_size_pretty(sum(pg_indexes_size(i.inhrelid))), count(*) FROM pg_inherits i"
                        + " WHERE i.inhparent = 'hcl_decisions'::regclass")) {
            rs.next();
            return "heap+toast " + rs.getString(1) + ", indexes " + rs.getString(2) + ", " + rs.getLong(3)
                    + " partitions or chunks";
        }
    }

    private static long pct(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
