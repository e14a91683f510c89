package io.maximus.hcl.knowledge;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Which storage scheme the knowledge base's migration chose: native partitions or TimescaleDB hypertables. */
public enum Backend {
    /** Plain PostgreSQL: daily range partitions and aggregate tables kept by {@link KbMaintenance}. */
    NATIVE,
    /** TimescaleDB: hypertables, compression, retention and a continuous aggregate run by its policies. */
    TIMESCALE;

    /** The backend recorded by the migration in {@code hcl_kb_meta}. */
    public static Backend of(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value FROM hcl_kb_meta WHERE key = 'backend'")) {
            if (!rs.next()) {
                throw new SQLException("hcl_kb_meta has no backend: is the schema migrated?");
            }
            return "timescale".equals(rs.getString(1)) ? TIMESCALE : NATIVE;
        }
    }
}
