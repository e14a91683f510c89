package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.execute.ActionEvent;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes the execute stage's action events to the action log {@code hcl_actions}: one row per action (its
 * idempotency key and event time), whose status follows the action's life (AWAITING_APPROVAL → EXECUTED →
 * REVERTED, ...). Batched, at least once; a replayed event rewrites the same row.
 */
public final class ActionJdbcSink {

    /** The upsert. */
    public static final String UPSERT = "INSERT INTO hcl_actions (idempotency_key, \"timestamp\", decision_id, service, "
            + "host, action_type, target, params, dry_run, status, call, detail, started_at, finished_at) "
            + "VALUES (?, ?, CAST(? AS uuid), ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (idempotency_key, \"timestamp\") DO UPDATE SET status = EXCLUDED.status, "
            + "dry_run = EXCLUDED.dry_run, call = EXCLUDED.call, detail = EXCLUDED.detail, "
            + "finished_at = EXCLUDED.finished_at";

    private ActionJdbcSink() {
    }

    /**
     * The sink for the given database; batches of up to {@code batchSize} rows or every
     * {@code batchIntervalMs}; a database outage shorter than {@code outageTolerance} is waited out
     * ({@link PatientConnectionProvider}).
     */
    public static JdbcSink<ActionEvent> create(String jdbcUrl, String user, String password, int batchSize,
                                               long batchIntervalMs, int maxRetries,
                                            Duration outageTolerance) {
        return JdbcSink.<ActionEvent>builder()
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize).withBatchIntervalMs(batchIntervalMs).withMaxRetries(maxRetries).build())
                .withQueryStatement(UPSERT, statement())
                .buildAtLeastOnce(PatientConnectionProvider.postgres(jdbcUrl, user, password, outageTolerance));
    }

    private static OffsetDateTime utc(long millis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** Binds an action event to {@link #UPSERT}. */
    static JdbcStatementBuilder<ActionEvent> statement() {
        return (ps, e) -> {
            ps.setString(1, e.idempotencyKey());
            ps.setObject(2, utc(e.eventTime()));
            ps.setString(3, e.decisionId());
            ps.setString(4, e.scope().service());
            ps.setString(5, e.scope().host());
            ps.setString(6, e.result().action().type().wireName());
            ps.setString(7, e.result().action().target());
            ps.setString(8, Json.write(e.result().action().params()));
            ps.setBoolean(9, e.result().dryRun());
            ps.setString(10, e.result().status().name());
            ps.setString(11, e.result().call());
            ps.setString(12, e.result().detail());
            if (e.result().startedAt() > 0) {
                ps.setObject(13, utc(e.result().startedAt()));
            } else {
                ps.setNull(13, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            if (e.result().finishedAt() > 0) {
                ps.setObject(14, utc(e.result().finishedAt()));
            } else {
                ps.setNull(14, Types.TIMESTAMP_WITH_TIMEZONE);
            }
        };
    }
}
