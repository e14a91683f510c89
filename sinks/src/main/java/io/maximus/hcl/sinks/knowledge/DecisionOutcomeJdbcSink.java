package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.knowledge.tables.DecisionsTable;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Fills a decision's outcome, state_after and reward_signal in {@code hcl_decisions} when the rollback watcher reaches
 * its verdict ({@link DecisionOutcome}), with {@link DecisionsTable#UPSERT_OUTCOME}, keyed by the row's key
 * {@code (id, "timestamp")}; batched, at least once, idempotent: the same verdict again changes nothing; a second action
 * of the same decision with another outcome makes it PARTIAL, and the reward is the lowest of its actions' (both
 * order-independent, so replays in any order end the same); state_after is the latest verdict's.
 *
 * <p>The decision itself is written by another sink ({@link DecisionJdbcSink}), whose batch may not have reached the
 * database yet (a fast replay judges a minute of event time in milliseconds). So this is an upsert: when the row is
 * not there, a stub with the outcome is inserted (trigger {@link #STUB_TRIGGER}, no actions), and the decision's insert
 * completes the stub instead of being dropped as a duplicate. Nothing is lost in either order.
 */
public final class DecisionOutcomeJdbcSink {

    /** The trigger of a row that holds an outcome whose decision has not been written yet. */
    public static final String STUB_TRIGGER = DecisionsTable.STUB_TRIGGER;

    /** The statement (owned by {@link DecisionsTable}). */
    public static final String UPSERT = DecisionsTable.UPSERT_OUTCOME;

    private DecisionOutcomeJdbcSink() {}

    /** The sink for these settings. */
    public static JdbcSink<DecisionOutcome> create(JdbcSettings settings) {
        return JdbcSinks.create(settings, DecisionsTable.UPSERT_OUTCOME, statement());
    }

    /** {@link #create(JdbcSettings)} from its parts. */
    public static JdbcSink<DecisionOutcome> create(
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

    /** Binds an outcome to {@link DecisionsTable#UPSERT_OUTCOME}. */
    static JdbcStatementBuilder<DecisionOutcome> statement() {
        return (ps, o) -> DecisionsTable.bindOutcome(
                ps,
                o.decisionId(),
                Instant.ofEpochMilli(o.decisionTime()),
                o.scope().service(),
                o.scope().host(),
                Json.write(o.stateAfter()),
                o.outcome(),
                o.reward());
    }
}
