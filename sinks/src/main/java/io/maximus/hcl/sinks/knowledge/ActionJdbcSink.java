package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.knowledge.tables.ActionsTable;
import io.maximus.hcl.sinks.execute.ActionEvent;
import java.time.Instant;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes the execute stage's action events to the action log {@code hcl_actions} with {@link ActionsTable#UPSERT}: one
 * row per action (its idempotency key and event time), whose status follows the action's life (AWAITING_APPROVAL →
 * EXECUTED → REVERTED, ...). Batched, at least once; a replayed event rewrites the same row.
 */
public final class ActionJdbcSink {

    private ActionJdbcSink() {}

    /** The sink for these settings. */
    public static JdbcSink<ActionEvent> create(JdbcSettings settings) {
        return JdbcSinks.create(settings, ActionsTable.UPSERT, statement());
    }

    /** Binds an action event to {@link ActionsTable#UPSERT}. */
    static JdbcStatementBuilder<ActionEvent> statement() {
        return (ps, e) -> ActionsTable.bind(
                ps,
                e.idempotencyKey(),
                Instant.ofEpochMilli(e.eventTime()),
                e.decisionId(),
                e.scope().service(),
                e.scope().host(),
                e.result());
    }
}
