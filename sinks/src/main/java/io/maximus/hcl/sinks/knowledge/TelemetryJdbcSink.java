package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.knowledge.tables.TelemetryTable;
import java.time.Duration;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes the validated telemetry to {@code hcl_telemetry} (one row per host snapshot) with {@link TelemetryTable#INSERT}
 * in batches, at least once; a row that is there already (same host and time, e.g. after a restart from a checkpoint)
 * is left as it is.
 */
public final class TelemetryJdbcSink {

    private TelemetryJdbcSink() {}

    /** The sink for these settings. */
    public static JdbcSink<TelemetrySnapshot> create(JdbcSettings settings) {
        return JdbcSinks.create(settings, TelemetryTable.INSERT, statement());
    }

    /** {@link #create(JdbcSettings)} from its parts. */
    public static JdbcSink<TelemetrySnapshot> create(
            String jdbcUrl,
            String user,
            String password,
            int batchSize,
            long batchIntervalMs,
            int maxRetries,
            Duration outageTolerance) {
        return create(new JdbcSettings(
                jdbcUrl, user, password, batchSize, Duration.ofMillis(batchIntervalMs), maxRetries, outageTolerance));
    }

    /** Binds a snapshot to {@link TelemetryTable#INSERT}. */
    static JdbcStatementBuilder<TelemetrySnapshot> statement() {
        return TelemetryTable::bind;
    }
}
