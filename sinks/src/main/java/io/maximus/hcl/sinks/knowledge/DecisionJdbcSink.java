package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.Json;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes decisions to {@code hcl_decisions} in batches. At-least-once with an idempotent insert: a decision's id is
 * derived from its inputs, so a replay after a restart from a checkpoint hits the primary key and writes nothing
 * twice (and the job keeps its one XA-free sink, see STACK.md).
 */
public final class DecisionJdbcSink {

    /**
     * The insert; a row that exists already (same id and time) is left as it is, unless it is the outcome sink's stub
     * (its verdict was written first, see {@link DecisionOutcomeJdbcSink}): then the decision's content completes it and
     * the outcome, state_after and reward already there are kept.
     */
    public static final String INSERT = "INSERT INTO hcl_decisions AS d (id, \"timestamp\", service, host, trigger, "
            + "operational_mode, actions_taken, state_before, state_after, outcome, reward_signal, human_feedback, rule) "
            + "VALUES (CAST(? AS uuid), ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?) "
            + "ON CONFLICT (id, \"timestamp\") DO UPDATE SET host = EXCLUDED.host, trigger = EXCLUDED.trigger, "
            + "operational_mode = EXCLUDED.operational_mode, actions_taken = EXCLUDED.actions_taken, "
            + "state_before = EXCLUDED.state_before, rule = EXCLUDED.rule "
            + "WHERE d.trigger = '" + DecisionOutcomeJdbcSink.STUB_TRIGGER + "'";

    private DecisionJdbcSink() {
    }

    /**
     * The sink for the given database; batches of up to {@code batchSize} rows or every
     * {@code batchIntervalMs}; a database outage shorter than {@code outageTolerance} is waited out
     * ({@link PatientConnectionProvider}).
     */
    public static JdbcSink<Decision> create(String jdbcUrl, String user, String password, int batchSize,
                                            long batchIntervalMs, int maxRetries,
                                            Duration outageTolerance) {
        JdbcExecutionOptions exec = JdbcExecutionOptions.builder()
                .withBatchSize(batchSize)
                .withBatchIntervalMs(batchIntervalMs)
                .withMaxRetries(maxRetries)
                .build();
        return JdbcSink.<Decision>builder()
                .withExecutionOptions(exec)
                .withQueryStatement(INSERT, statement())
                .buildAtLeastOnce(PatientConnectionProvider.postgres(jdbcUrl, user, password, outageTolerance));
    }

    /** Binds a decision to {@link #INSERT}. */
    static JdbcStatementBuilder<Decision> statement() {
        return (ps, d) -> {
            ps.setString(1, d.id());
            ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(d.timestamp()), ZoneOffset.UTC));
            ps.setString(3, d.scope().service());
            ps.setString(4, d.scope().host());
            ps.setString(5, d.trigger());
            ps.setString(6, d.operationalMode().name());
            ps.setString(7, Json.write(d.actionsTaken()));
            ps.setString(8, Json.write(d.stateBefore()));
            ps.setString(9, d.stateAfter() == null ? null : Json.write(d.stateAfter()));
            ps.setString(10, d.outcome());
            if (d.rewardSignal() == null) {
                ps.setNull(11, Types.DOUBLE);
            } else {
                ps.setDouble(11, d.rewardSignal());
            }
            ps.setString(12, d.humanFeedback());
            ps.setString(13, d.rule());
        };
    }
}
