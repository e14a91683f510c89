package io.maximus.hcl.knowledge.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster of the machine's own server binaries (Debian's PostgreSQL 15 by default), for tests
 * and benchmarks that need a real extension such as TimescaleDB, which zonky's embedded binaries cannot load.
 *
 * <p>{@link #start} runs {@code initdb} in a fresh temporary folder and {@code pg_ctl start} on a free loopback port
 * (trust authentication, user {@code postgres}, Unix socket in the same folder); {@link #close} stops it and deletes the
 * folder. Run as root, both commands run as the {@code postgres} user ({@code runuser}), as PostgreSQL refuses root.
 * The binaries come from {@code HCL_PG_BIN} or {@code /usr/lib/postgresql/15/bin}.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.start(true)) {    // true: preload TimescaleDB
 *     String url = pg.createDatabase("kb");              // jdbc:postgresql://127.0.0.1:PORT/kb, user postgres
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {

    /** The PostgreSQL server binaries used unless {@code HCL_PG_BIN} names others. */
    public static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private LocalPostgres(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The server binaries' folder ({@code HCL_PG_BIN} or {@link #DEFAULT_BIN}). */
    public static Path binDir() {
        String env = System.getenv("HCL_PG_BIN");
        return env == null || env.isBlank() ? DEFAULT_BIN : Path.of(env);
    }

    /** Whether the server binaries are there ({@code initdb} and {@code pg_ctl}). */
    public static boolean serverInstalled() {
        return Files.isExecutable(binDir().resolve("initdb")) && Files.isExecutable(binDir().resolve("pg_ctl"));
    }

    /**
     * Why TimescaleDB cannot be used with these binaries, or null when it can: the server and the extension's control
     * file must both be installed (see {@code ../shared/timescaledb/README.md} or the TimescaleDB package).
     */
    public static String timescaleMissing() {
        if (!serverInstalled()) {
            return "no PostgreSQL server binaries at " + binDir() + " (set HCL_PG_BIN; bin/install-test-deps)";
        }
        Path control = shareDir().resolve("extension").resolve("timescaledb.control");
        if (!Files.isRegularFile(control)) {
            return "TimescaleDB is not installed into " + binDir() + " (no " + control
                    + "); run bin/install-test-deps (it builds ../shared/timescaledb) or install the timescaledb package";
        }
        return null;
    }

    /** Starts a fresh cluster; with {@code timescale} it preloads TimescaleDB (telemetry off). */
    public static LocalPostgres start(boolean timescale) throws IOException {
        return start(timescale, Map.of());
    }

    /** {@link #start(boolean)} with extra server settings ({@code postgresql.conf} name to value, e.g. work_mem). */
    public static LocalPostgres start(boolean timescale, Map<String, String> settings) throws IOException {
        if (!serverInstalled()) {
            throw new IOException("no PostgreSQL server binaries at " + binDir());
        }
        if (timescale && timescaleMissing() != null) {
            throw new IOException(timescaleMissing());
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("hcl-pg");
        Path data = dir.resolve("data");
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName(OS_USER));
        }
        int port = freePort();
        LocalPostgres pg = new LocalPostgres(binDir(), dir, port, root);
        try {
            pg.run("initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
            List<String> conf = new ArrayList<>(List.of(
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    "unix_socket_directories = '" + dir + "'",
                    "fsync = off",
                    "max_connections = 50",
                    "shared_buffers = 64MB"));
            if (timescale) {
                conf.add("shared_preload_libraries = 'timescaledb'");
                conf.add("timescaledb.telemetry_level = off");
                // one scheduler per database plus the jobs it starts: PostgreSQL's default of 8 workers
                // leaves background jobs failing with "failed to start job" once a few databases exist
                conf.add("timescaledb.max_background_workers = 16");
                conf.add("max_worker_processes = 32");
            }
            // last: a caller's setting wins
            settings.forEach((k, v) -> conf.add(k + " = '" + v.replace("'", "''") + "'"));
            pg.appendConf(data.resolve("postgresql.conf"), conf);
            pg.run(
                    "pg_ctl",
                    "-D",
                    data.toString(),
                    "-l",
                    dir.resolve("server.log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "start");
            return pg;
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** The port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The JDBC URL of database {@code name} (user {@code postgres}, no password). */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** Creates an empty database ({@code name}: letters, digits, underscores) and returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /** The server's log so far (for a failing test's message). */
    public String log() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the server (fast shutdown) and deletes its folder. */
    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the folder goes below either way
        } finally {
            deleteTree(dir);
        }
    }

    private void appendConf(Path file, List<String> lines) throws IOException {
        Files.writeString(
                file,
                "\n# hcl LocalPostgres\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private void run(String tool, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("hcl-pg-" + tool, ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(tool + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(
                        tool + " failed (exit " + p.exitValue() + "): " + Files.readString(out) + "\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + tool, e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path shareDir() {
        // Debian: /usr/lib/postgresql/N/bin -> /usr/share/postgresql/N; a source build: <prefix>/bin -> <prefix>/share
        Path bin = binDir();
        Path debian = Path.of("/usr/share/postgresql").resolve(bin.getParent().getFileName());
        if (bin.startsWith("/usr/lib/postgresql") && Files.isDirectory(debian)) {
            return debian;
        }
        return bin.getParent().resolve("share");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
