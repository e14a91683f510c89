package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.knowledge.tables.DecisionsTable;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes decisions to {@code hcl_decisions} in batches with {@link DecisionsTable#INSERT}. At-least-once with an
 * idempotent insert: a decision's id is derived from its inputs, so a replay after a restart from a checkpoint hits the
 * primary key and writes nothing twice (and the job keeps its one XA-free sink, see STACK.md); an outcome stub left by
 * {@link DecisionOutcomeJdbcSink} is completed.
 */
public final class DecisionJdbcSink {

    /** The statement (owned by {@link DecisionsTable}). */
    public static final String INSERT = DecisionsTable.INSERT;

    private DecisionJdbcSink() {}

    /** The sink for these settings. */
    public static JdbcSink<Decision> create(JdbcSettings settings) {
        return JdbcSinks.create(settings, DecisionsTable.INSERT, statement());
    }

    /** {@link #create(JdbcSettings)} from its parts. */
    public static JdbcSink<Decision> create(
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

    /** Binds a decision to {@link DecisionsTable#INSERT}. */
    static JdbcStatementBuilder<Decision> statement() {
        return (ps, d) -> DecisionsTable.bind(
                ps,
                new DecisionsTable.Row(
                        d.id(),
                        Instant.ofEpochMilli(d.timestamp()),
                        d.scope().service(),
                        d.scope().host(),
                        d.trigger(),
                        d.operationalMode().name(),
                        Json.write(d.actionsTaken()),
                        Json.write(d.stateBefore()),
                        d.stateAfter() == null ? null : Json.write(d.stateAfter()),
                        d.outcome(),
                        d.rewardSignal(),
                        d.humanFeedback(),
                        d.rule()));
    }
}
