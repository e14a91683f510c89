package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Fills a decision's outcome, state_after and reward_signal in {@code hcl_decisions} when the rollback watcher reaches
 * its verdict ({@link DecisionOutcome}), keyed by the row's key {@code (id, "timestamp")}; batched, at least once,
 * idempotent: the same verdict again changes nothing; a second action of the same decision with another outcome
 * makes it PARTIAL, and the reward is the lowest of its actions' (both order-independent, so replays in any order end
 * the same); state_after is the latest verdict's.
 *
 * <p>The decision itself is written by another sink ({@link DecisionJdbcSink}), whose batch may not have reached the
 * database yet (a fast replay judges a minute of event time in milliseconds). So this is an upsert: when the row is
 * not there, a stub with the outcome is inserted (trigger {@link #STUB_TRIGGER}, no actions), and the decision's insert
 * completes the stub instead of being dropped as a duplicate. Nothing is lost in either order.
 */
public final class DecisionOutcomeJdbcSink {

    /** The trigger of a row that holds an outcome whose decision has not been written yet. */
    public static final String STUB_TRIGGER = "(outcome recorded before its decision)";

    /** The upsert. */
    public static final String UPSERT = "INSERT INTO hcl_decisions AS d (id, \"timestamp\", service, host, trigger, "
            + "operational_mode, actions_taken, state_before, state_after, outcome, reward_signal, rule) "
            + "VALUES (CAST(? AS uuid), ?, ?, ?, '" + STUB_TRIGGER + "', 'BALANCED', '[]'::jsonb, '{}'::jsonb, "
            + "CAST(? AS jsonb), ?, ?, NULL) "
            + "ON CONFLICT (id, \"timestamp\") DO UPDATE SET "
            + "outcome = CASE WHEN d.outcome IS NULL OR d.outcome = EXCLUDED.outcome THEN EXCLUDED.outcome "
            + "ELSE 'PARTIAL' END, "
            + "state_after = EXCLUDED.state_after, "
            + "reward_signal = CASE WHEN d.reward_signal IS NULL THEN EXCLUDED.reward_signal "
            + "ELSE LEAST(d.reward_signal, EXCLUDED.reward_signal) END";

    private DecisionOutcomeJdbcSink() {
    }

    /**
     * The sink for the given database; batches of up to {@code batchSize} rows or every
     * {@code batchIntervalMs}; a database outage shorter than {@code outageTolerance} is waited out
     * ({@link PatientConnectionProvider}).
     */
    public static JdbcSink<DecisionOutcome> create(String jdbcUrl, String user, String password, int batchSize,
                                                   long batchIntervalMs, int maxRetries,
                                            Duration outageTolerance) {
        return JdbcSink.<DecisionOutcome>builder()
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize).withBatchIntervalMs(batchIntervalMs).withMaxRetries(maxRetries).build())
                .withQueryStatement(UPSERT, statement())
                .buildAtLeastOnce(PatientConnectionProvider.postgres(jdbcUrl, user, password, outageTolerance));
    }

    /** Binds an outcome to {@link #UPSERT}. */
    static JdbcStatementBuilder<DecisionOutcome> statement() {
        return (ps, o) -> {
            ps.setString(1, o.decisionId());
            ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(o.decisionTime()), ZoneOffset.UTC));
            ps.setString(3, o.scope().service());
            ps.setString(4, o.scope().host());
            ps.setString(5, Json.write(o.stateAfter()));
            ps.setString(6, o.outcome());
            ps.setDouble(7, o.reward());
        };
    }
}
