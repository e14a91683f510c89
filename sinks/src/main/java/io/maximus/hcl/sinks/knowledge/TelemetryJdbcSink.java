package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes the validated telemetry to {@code hcl_telemetry} (one row per host snapshot) in batches, at least once; a
 * row that is there already (same host and time, e.g. after a restart from a checkpoint) is left as it is.
 */
public final class TelemetryJdbcSink {

    /** The insert. */
    public static final String INSERT = "INSERT INTO hcl_telemetry (\"timestamp\", host, service, metrics, labels) "
            + "VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb)) ON CONFLICT (host, \"timestamp\") DO NOTHING";

    private TelemetryJdbcSink() {
    }

    /**
     * The sink for the given database; batches of up to {@code batchSize} rows or every
     * {@code batchIntervalMs}; a database outage shorter than {@code outageTolerance} is waited out
     * ({@link PatientConnectionProvider}).
     */
    public static JdbcSink<TelemetrySnapshot> create(String jdbcUrl, String user, String password, int batchSize,
                                                     long batchIntervalMs, int maxRetries,
                                            Duration outageTolerance) {
        return JdbcSink.<TelemetrySnapshot>builder()
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize).withBatchIntervalMs(batchIntervalMs).withMaxRetries(maxRetries).build())
                .withQueryStatement(INSERT, statement())
                .buildAtLeastOnce(PatientConnectionProvider.postgres(jdbcUrl, user, password, outageTolerance));
    }

    /** Binds a snapshot to {@link #INSERT}. */
    static JdbcStatementBuilder<TelemetrySnapshot> statement() {
        return (ps, s) -> {
            ps.setObject(1, OffsetDateTime.ofInstant(Instant.ofEpochMilli(s.timestamp()), ZoneOffset.UTC));
            ps.setString(2, s.host());
            ps.setString(3, s.service());
            ps.setString(4, Json.write(s.metrics()));
            ps.setString(5, Json.write(s.labels()));
        };
    }
}
