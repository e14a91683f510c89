package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The telemetry history ({@code hcl_telemetry}): host snapshots appended, hourly means read back. */
public interface TelemetryHistory {

    /** Appends host snapshots in one statement; a snapshot already there is skipped. Returns how many were new. */
    int insertTelemetry(List<TelemetrySnapshot> snapshots) throws SQLException;

    /**
     * Mean of one metric per hour for a host over [from, to). Whole hours of a metric the long-term aggregate keeps
     * ({@code TelemetryHourly.METRICS}) are read from it, so they stay available for two years; other metrics and
     * partial hours are read from the detail rows (90 days).
     */
    Map<Instant, Double> telemetryHourlyMean(String host, String metric, Instant from, Instant to) throws SQLException;
}
