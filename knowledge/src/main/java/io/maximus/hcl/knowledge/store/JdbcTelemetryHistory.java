package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.knowledge.TelemetryHourly;
import io.maximus.hcl.knowledge.tables.TelemetryTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@link TelemetryHistory} on PostgreSQL, writing with {@link TelemetryTable}'s insert like the job's sink. */
public final class JdbcTelemetryHistory implements TelemetryHistory {

    private final DataSource dataSource;

    /** A history over {@code dataSource} (the caller owns and closes it). */
    public JdbcTelemetryHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public int insertTelemetry(List<TelemetrySnapshot> snapshots) throws SQLException {
        int n = snapshots.size();
        String[] ts = new String[n];
        String[] host = new String[n];
        String[] service = new String[n];
        String[] metrics = new String[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            TelemetrySnapshot s = snapshots.get(i);
            ts[i] = Instant.ofEpochMilli(s.timestamp()).toString();
            host[i] = s.host();
            service[i] = s.service();
            metrics[i] = Json.write(s.metrics());
            labels[i] = TelemetryTable.labelsJson(s);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(TelemetryTable.INSERT_ROWS)) {
            ps.setArray(1, c.createArrayOf("text", ts));
            ps.setArray(2, c.createArrayOf("text", host));
            ps.setArray(3, c.createArrayOf("text", service));
            ps.setArray(4, c.createArrayOf("text", metrics));
            ps.setArray(5, c.createArrayOf("text", labels));
            return ps.executeUpdate();
        }
    }

    @Override
    public Map<Instant, Double> telemetryHourlyMean(String host, String metric, Instant from, Instant to)
            throws SQLException {
        boolean aggregated = TelemetryHourly.METRICS.contains(metric)
                && from.equals(from.truncatedTo(ChronoUnit.HOURS))
                && to.equals(to.truncatedTo(ChronoUnit.HOURS));
        // Whole hours of an aggregated metric come from hcl_telemetry_hourly (which outlives the 90-day detail);
        // the column names are from TelemetryHourly.METRICS, never from input.
        String sql = aggregated
                ? "SELECT hour, sum(" + metric + "_sum) / sum(" + metric + "_count) FROM " + TelemetryHourly.NAME
                        + " WHERE host = ? AND hour >= ? AND hour < ? GROUP BY 1 HAVING sum(" + metric
                        + "_count) > 0 ORDER BY 1"
                // "metrics ?? ?": jsonb's key-exists operator; pgjdbc reads "??" as a literal question mark.
                : "SELECT date_trunc('hour', \"timestamp\", 'UTC') h, avg((metrics ->> ?)::double precision)"
                        + " FROM hcl_telemetry WHERE host = ? AND \"timestamp\" >= ? AND \"timestamp\" < ?"
                        + " AND metrics ?? ? GROUP BY 1 ORDER BY 1";
        Map<Instant, Double> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (!aggregated) {
                ps.setString(i++, metric);
            }
            ps.setString(i++, host);
            ps.setObject(i++, Rows.utc(from));
            ps.setObject(i++, Rows.utc(to));
            if (!aggregated) {
                ps.setString(i, metric);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getDouble(2));
                }
            }
        }
        return out;
    }
}
