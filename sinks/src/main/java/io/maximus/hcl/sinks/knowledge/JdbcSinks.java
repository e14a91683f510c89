package io.maximus.hcl.sinks.knowledge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** The one way the job builds a knowledge-base sink: a statement, its binder and the {@link JdbcSettings}. */
public final class JdbcSinks {

    private static final Pattern TABLE =
            Pattern.compile("(?i)\\b(?:INSERT\\s+INTO|UPDATE)\\s+([A-Za-z_][A-Za-z0-9_.]*)");

    private JdbcSinks() {}

    /**
     * An at-least-once sink writing {@code sql} (one of the knowledge.tables statements, idempotent under replay) in
     * batches, waiting out short database outages ({@link PatientConnectionProvider}); a row the database refuses for
     * its data is written to {@link JdbcSettings#refusals()} with the database's reason and the batch goes on
     * ({@link IsolatingStatement}).
     */
    public static <T> JdbcSink<T> create(JdbcSettings s, String sql, JdbcStatementBuilder<T> binder) {
        return JdbcSink.<T>builder()
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(s.batchSize())
                        .withBatchIntervalMs(s.batchInterval().toMillis())
                        .withMaxRetries(s.maxRetries())
                        .build())
                .withQueryStatement(sql, IsolatingStatement.binder(binder))
                .buildAtLeastOnce(new IsolatingConnectionProvider(
                        PatientConnectionProvider.postgres(s.url(), s.user(), s.password(), s.outageTolerance()),
                        table(sql),
                        s.refusals()));
    }

    /** The table a statement writes ({@code INSERT INTO t}, {@code UPDATE t}), for the refusal's reason. */
    static String table(String sql) {
        Matcher m = TABLE.matcher(sql);
        return m.find() ? m.group(1) : "the knowledge base";
    }
}
