package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes the execute stage's approval life cycle to {@code hcl_approvals}, where the API shows and answers it:
 * an {@code awaiting_approval} event becomes a PENDING row (id {@link ApprovalAnswer#rowId} of the approval id, so a
 * replay after a restart finds the same row); an {@code approved} event marks a still-pending row APPROVED, an
 * {@code approval_denied} one DENIED, or EXPIRED when the stage's approval timeout denied it. A row that is no longer
 * pending is never changed (the API's answer, given first, stays as the human gave it), and a final event that
 * arrives before its pending one (the async stage does not keep their order) leaves the final status in place.
 * Batched, at least once, idempotent.
 */
public final class ApprovalJdbcSink {

    /** Who the rows the job writes are requested by / decided by. */
    public static final String EXECUTE_STAGE = "execute-stage";

    /** The upsert: insert, or move a PENDING row to the final status the event carries. */
    public static final String UPSERT = "INSERT INTO hcl_approvals (id, idempotency_key, decision_id, service, host, "
            + "action, requested_at, expires_at, requested_by, status, decided_by, decided_at, reason) "
            + "VALUES (CAST(? AS uuid), ?, CAST(? AS uuid), ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (idempotency_key) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by, "
            + "decided_at = EXCLUDED.decided_at, reason = EXCLUDED.reason "
            + "WHERE hcl_approvals.status = 'PENDING' AND EXCLUDED.status <> 'PENDING'";

    private ApprovalJdbcSink() {
    }

    /** Whether an action event concerns an approval (the events this sink writes; filter with it before the sink). */
    public static boolean concernsApproval(ActionEvent e) {
        return switch (e.path()) {
            case "awaiting_approval", "approved", "approval_denied" -> true;
            default -> false;
        };
    }

    /** The row status an approval event stands for: PENDING, APPROVED, DENIED or EXPIRED. */
    public static String status(ActionEvent e) {
        if (e.result().status() == ActionStatus.AWAITING_APPROVAL) {
            return "PENDING";
        }
        if ("approved".equals(e.path())) {
            return "APPROVED";
        }
        String detail = e.result().detail() == null ? "" : e.result().detail();
        return detail.startsWith(ApprovalAnswer.TIMED_OUT) ? "EXPIRED" : "DENIED";
    }

    /**
     * The sink; {@code approvalTimeout} is the execute stage's ({@code execute.approval-timeout}), so
     * {@code expires_at} is when the job itself denies the action; batches of up to {@code batchSize} rows or every
     * {@code batchIntervalMs}.
     */
    public static JdbcSink<ActionEvent> create(String jdbcUrl, String user, String password, Duration approvalTimeout,
                                               int batchSize, long batchIntervalMs, int maxRetries,
                                            Duration outageTolerance) {
        return JdbcSink.<ActionEvent>builder()
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize).withBatchIntervalMs(batchIntervalMs).withMaxRetries(maxRetries).build())
                .withQueryStatement(UPSERT, statement(approvalTimeout.toMillis()))
                .buildAtLeastOnce(PatientConnectionProvider.postgres(jdbcUrl, user, password, outageTolerance));
    }

    private static OffsetDateTime utc(long millis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    /** Binds an approval event to {@link #UPSERT}. */
    static JdbcStatementBuilder<ActionEvent> statement(long timeoutMillis) {
        return (ps, e) -> {
            String status = status(e);
            // The wait started when the gate held the action back: the result's start (processing time).
            long requested = e.result().startedAt() > 0 ? e.result().startedAt() : e.result().finishedAt();
            long decided = e.result().finishedAt() > 0 ? e.result().finishedAt() : requested;
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", e.result().action().type().wireName());
            action.put("target", e.result().action().target());
            action.put("params", e.result().action().params());
            ps.setString(1, ApprovalAnswer.rowId(e.idempotencyKey()));
            ps.setString(2, e.idempotencyKey());
            ps.setString(3, e.decisionId());
            ps.setString(4, e.scope().service());
            ps.setString(5, e.scope().host());
            ps.setString(6, Json.write(action));
            ps.setObject(7, utc(requested));
            ps.setObject(8, utc(requested + timeoutMillis));
            ps.setString(9, EXECUTE_STAGE);
            ps.setString(10, status);
            if ("PENDING".equals(status)) {
                ps.setNull(11, Types.VARCHAR);
                ps.setNull(12, Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setNull(13, Types.VARCHAR);
            } else {
                ps.setString(11, EXECUTE_STAGE);
                ps.setObject(12, utc(decided));
                ps.setString(13, e.result().detail());
            }
        };
    }
}
