package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.knowledge.Schema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL per test JVM; each caller gets a fresh database with the knowledge base's schema. */
public final class KbDatabase {

    private static EmbeddedPostgres pg;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private KbDatabase() {}

    /** The shared server (started on first use, stopped at JVM exit). */
    public static synchronized EmbeddedPostgres server() {
        if (pg == null) {
            try {
                pg = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return pg;
    }

    /** A JDBC URL (user postgres, no password) of a new, migrated database. */
    public static String fresh() {
        String name = "sinkkb" + SEQ.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = server().getJdbcUrl("postgres", name);
        Schema.migrate(url, "postgres", "");
        return url;
    }
}
