package io.maximus.hcl.sinks.knowledge;

import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** The one way the job builds a knowledge-base sink: a statement, its binder and the {@link JdbcSettings}. */
public final class JdbcSinks {

    private JdbcSinks() {}

    /**
     * An at-least-once sink writing {@code sql} (one of the knowledge.tables statements, idempotent under replay) in
     * batches, waiting out short database outages ({@link PatientConnectionProvider}).
     */
    public static <T> JdbcSink<T> create(JdbcSettings s, String sql, JdbcStatementBuilder<T> binder) {
        return JdbcSink.<T>builder()
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(s.batchSize())
                        .withBatchIntervalMs(s.batchInterval().toMillis())
                        .withMaxRetries(s.maxRetries())
                        .build())
                .withQueryStatement(sql, binder)
                .buildAtLeastOnce(
                        PatientConnectionProvider.postgres(s.url(), s.user(), s.password(), s.outageTolerance()));
    }
}
