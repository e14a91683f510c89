package io.maximus.hcl.knowledge.store;

import java.time.Clock;
import javax.sql.DataSource;

/**
 * The knowledge base's repositories by role, as the API and the embedding callers (demo, benchmark) use them.
 * {@link #jdbc} gives the PostgreSQL ones over one data source (the caller owns and closes it).
 */
public record KnowledgeStore(
        DecisionRepository decisions,
        ActionLogRepository actions,
        TelemetryHistory telemetry,
        AnalyticsQueries analytics,
        ApprovalRepository approvals) {

    /** The JDBC repositories over {@code dataSource}; {@code clock} gives "now" (approval expiry, analytics windows). */
    public static KnowledgeStore jdbc(DataSource dataSource, Clock clock) {
        return new KnowledgeStore(
                new JdbcDecisionRepository(dataSource),
                new JdbcActionLogRepository(dataSource),
                new JdbcTelemetryHistory(dataSource),
                new JdbcAnalyticsQueries(dataSource, clock),
                new JdbcApprovalRepository(dataSource, clock));
    }
}
