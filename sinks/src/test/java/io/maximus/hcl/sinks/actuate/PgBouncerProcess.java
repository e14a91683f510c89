package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real pgbouncer (Debian's package) in front of a PostgreSQL, with its config, pid and log in a temp directory. */
public final class PgBouncerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private PgBouncerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts pgbouncer with database {@code app} → the given PostgreSQL, admin user {@code hcl} (trust auth on
     * loopback) and default_pool_size 20. pgbouncer refuses to run as root, so as root it runs as {@code nobody}.
     */
    public static PgBouncerProcess start(int pgPort) throws IOException, InterruptedException {
        Path bin = TestBinaries.require("pgbouncer", "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer");
        int port = TestBinaries.freePort();
        // its own world-readable directory: a JUnit temp dir is private to root, and pgbouncer runs as nobody
        Path dir = Files.createTempDirectory("hcl-pgbouncer");
        Files.writeString(dir.resolve("userlist.txt"), "\"hcl\" \"\"\n\"postgres\" \"\"\n");
        Files.writeString(dir.resolve("pgbouncer.ini"), """
                [databases]
                app = host=127.0.0.1 port=%2$d dbname=postgres user=postgres
                fixed = host=127.0.0.1 port=%2$d dbname=postgres user=postgres pool_size=7
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %3$d
                unix_socket_dir =
                auth_type = trust
                auth_file = %1$s/userlist.txt
                admin_users = hcl
                pool_mode = session
                default_pool_size = 20
                ignore_startup_parameters = extra_float_digits
                logfile = %1$s/pgbouncer.log
                pidfile = %1$s/pgbouncer.pid
                """.formatted(dir, pgPort, port));
        for (Path p : List.of(dir, dir.resolve("userlist.txt"), dir.resolve("pgbouncer.ini"))) {
            p.toFile().setReadable(true, false);
            p.toFile().setWritable(true, false);
            p.toFile().setExecutable(true, false);
        }
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        cmd.addAll(List.of(bin.toString(), dir.resolve("pgbouncer.ini").toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        try {
            TestBinaries.awaitPort(port, 10_000, p);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": " + Files.readString(dir.resolve("stdout.log")), e);
        }
        return new PgBouncerProcess(p, port, dir);
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        TestBinaries.stop(process);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
