package io.maximus.hcl.knowledge.tables;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Owner of {@code hcl_telemetry}'s writes (one row per host snapshot, key {@code (host, "timestamp")}), written by the
 * job's telemetry sink and by the store's telemetry history.
 *
 * <p>Conflict semantics: <b>first write wins</b> ({@code DO NOTHING}). A snapshot is a measured fact that never changes,
 * so a replay after a Flink restart, or the same snapshot twice in one batch, carries the same values: skipping it is
 * exact and cheaper than rewriting the row.
 */
public final class TelemetryTable {

    private static final String ON_CONFLICT = " ON CONFLICT (host, \"timestamp\") DO NOTHING";

    /** Inserts one snapshot ({@link #bind}). */
    public static final String INSERT = "INSERT INTO hcl_telemetry (\"timestamp\", host, service, metrics, labels)"
            + " VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))" + ON_CONFLICT;

    /** {@link #INSERT} for many snapshots: five arrays (time, host, service, metrics, labels), {@code unnest}ed. */
    public static final String INSERT_ROWS = "INSERT INTO hcl_telemetry (\"timestamp\", host, service, metrics, labels)"
            + " SELECT * FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::jsonb[], ?::jsonb[])" + ON_CONFLICT;

    private TelemetryTable() {}

    /** Binds a snapshot to {@link #INSERT}. */
    public static void bind(PreparedStatement ps, TelemetrySnapshot s) throws SQLException {
        ps.setObject(1, Bind.utc(Instant.ofEpochMilli(s.timestamp())));
        ps.setString(2, s.host());
        ps.setString(3, s.service());
        ps.setString(4, Json.write(s.metrics()));
        ps.setString(5, labelsJson(s));
    }

    /** A snapshot's labels as JSON ({@code {}} when it has none). */
    public static String labelsJson(TelemetrySnapshot s) {
        return Json.write(s.labels() == null ? Map.of() : s.labels());
    }
}
