package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.knowledge.tables.ApprovalsTable;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Writes the execute stage's approval life cycle to {@code hcl_approvals}, where the API shows and answers it:
 * an {@code awaiting_approval} event becomes a PENDING row (id {@link ApprovalAnswer#rowId} of the approval id, so a
 * replay after a restart finds the same row); an {@code approved} event marks a still-pending row APPROVED, an
 * {@code approval_denied} one DENIED, or EXPIRED when the stage's approval timeout denied it. A row that is no longer
 * pending is never changed (the API's answer, given first, stays as the human gave it), and a final event that
 * arrives before its pending one (the async stage does not keep their order) leaves the final status in place.
 * Batched, at least once, idempotent ({@link ApprovalsTable#UPSERT}).
 */
public final class ApprovalJdbcSink {

    /** Who the rows the job writes are requested by / decided by. */
    public static final String EXECUTE_STAGE = "execute-stage";

    private ApprovalJdbcSink() {}

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
     * {@code expires_at} is when the job itself denies the action.
     */
    public static JdbcSink<ActionEvent> create(JdbcSettings settings, Duration approvalTimeout) {
        return JdbcSinks.create(settings, ApprovalsTable.UPSERT, statement(approvalTimeout.toMillis()));
    }

    /** Binds an approval event to {@link ApprovalsTable#UPSERT}. */
    static JdbcStatementBuilder<ActionEvent> statement(long timeoutMillis) {
        return (ps, e) -> {
            String status = status(e);
            // The wait started when the gate held the action back: the result's start (processing time).
            long requested = e.result().startedAt() > 0
                    ? e.result().startedAt()
                    : e.result().finishedAt();
            long decided = e.result().finishedAt() > 0 ? e.result().finishedAt() : requested;
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("type", e.result().action().type().wireName());
            action.put("target", e.result().action().target());
            action.put("params", e.result().action().params());
            boolean pending = "PENDING".equals(status);
            ApprovalsTable.bind(
                    ps,
                    new ApprovalsTable.Row(
                            ApprovalAnswer.rowId(e.idempotencyKey()),
                            e.idempotencyKey(),
                            e.decisionId(),
                            e.scope().service(),
                            e.scope().host(),
                            Json.write(action),
                            Instant.ofEpochMilli(requested),
                            Instant.ofEpochMilli(requested + timeoutMillis),
                            EXECUTE_STAGE,
                            status,
                            pending ? null : EXECUTE_STAGE,
                            pending ? null : Instant.ofEpochMilli(decided),
                            pending ? null : e.result().detail()));
        };
    }
}
