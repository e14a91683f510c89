package io.maximus.hcl.knowledge;

import static org.assertj.core.api.Assertions.fail;

import io.maximus.hcl.knowledge.local.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * One throwaway Debian PostgreSQL 15 cluster with TimescaleDB per test JVM ({@link LocalPostgres}); each caller gets a
 * fresh database on it. Without TimescaleDB installed the calling test is skipped, or fails under {@code CI=true}.
 */
public final class TestTimescale {

    private static LocalPostgres pg;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestTimescale() {}

    /** Skips the calling test (fails it under CI=true) when TimescaleDB cannot be started here. */
    public static void requireTimescale() {
        String missing = LocalPostgres.timescaleMissing();
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and TimescaleDB is missing: " + missing);
        }
        Assumptions.abort("TimescaleDB test skipped: " + missing);
    }

    /** A JDBC URL of a new database on the TimescaleDB cluster (user postgres, no password). */
    public static synchronized String freshDatabase() {
        requireTimescale();
        try {
            if (pg == null) {
                pg = LocalPostgres.start(true);
                Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
            }
            return pg.createDatabase("ts" + SEQ.incrementAndGet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
