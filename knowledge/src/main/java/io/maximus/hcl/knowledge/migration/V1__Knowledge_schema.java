package io.maximus.hcl.knowledge.migration;

import io.maximus.hcl.knowledge.Backend;
import io.maximus.hcl.knowledge.KbMaintenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base's first schema version. A Java migration because the DDL depends on whether the
 * TimescaleDB extension can be used: the table definitions are shared, the partitioning and aggregate
 * scripts differ (see {@code db/knowledge/*.sql}).
 */
public class V1__Knowledge_schema extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V1__Knowledge_schema.class);

    /** Flyway placeholder choosing the backend: {@code auto} (default), {@code on} or {@code off}. */
    public static final String TIMESCALE_PLACEHOLDER = "hcl_timescale";

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String wanted = context.getConfiguration().getPlaceholders().getOrDefault(TIMESCALE_PLACEHOLDER, "auto");
        Backend backend = choose(c, wanted.toLowerCase(Locale.ROOT));
        LOG.info("knowledge base schema: backend {}", backend);
        run(c, script("common.sql"));
        String tables = script("tables.sql")
                .replace("/*PARTITION*/", backend == Backend.NATIVE ? "PARTITION BY RANGE (\"timestamp\")" : "");
        run(c, tables);
        if (backend == Backend.TIMESCALE) {
            run(c, "CREATE EXTENSION IF NOT EXISTS timescaledb");
            run(c, script("timescale.sql"));
        } else {
            run(c, script("native.sql"));
        }
        KbMaintenance.createViews(c, backend, null);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hcl_kb_meta (key, value) VALUES ('backend', ?)")) {
            ps.setString(1, backend == Backend.TIMESCALE ? "timescale" : "native");
            ps.executeUpdate();
        }
        if (backend == Backend.NATIVE) {
            // Partitions from yesterday to a week ahead, so a job started right after migrating writes
            // into week partitions rather than the default one.
            new KbMaintenance(null, Clock.systemUTC()).ensureAhead(c);
        }
    }

    private static Backend choose(Connection c, String wanted) throws SQLException {
        if ("off".equals(wanted)) {
            return Backend.NATIVE;
        }
        boolean usable = usable(c);
        if ("on".equals(wanted) && !usable) {
            throw new SQLException("hcl_timescale=on but the timescaledb extension is not available "
                    + "(pg_available_extensions) or not in shared_preload_libraries");
        }
        return usable ? Backend.TIMESCALE : Backend.NATIVE;
    }

    /** TimescaleDB is usable when its package is installed and its library is preloaded by the server. */
    private static boolean usable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW shared_preload_libraries")) {
                rs.next();
                return rs.getString(1) != null && rs.getString(1).contains("timescaledb");
            }
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        // pgjdbc runs a parameterless multi-statement string as its statements, in order.
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String script(String name) {
        String path = "db/knowledge/" + name;
        try (InputStream in = V1__Knowledge_schema.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
