package io.maximus.hcl.sinks.execute;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A human's answer to an action waiting for approval: the seam through which the knowledge base's approvals API feeds
 * the execute stage (a stream of these, keyed by {@link #scopeKey}, given to the execute stage's
 * {@code io.maximus.hcl.operators.execute.ExecuteStage#build}).
 *
 * @param approvalId the waiting action's idempotency key (the {@code idempotency_key} of its AWAITING_APPROVAL event)
 * @param scopeKey the scope key of the plan ({@code service} or {@code service/host}), for keying
 * @param approved true to run it, false to deny it
 * @param by who answered
 * @param comment why, in words (may be empty)
 * @param answeredAt epoch milliseconds of the answer
 */
public record ApprovalAnswer(
        String approvalId, String scopeKey, boolean approved, String by, String comment, long answeredAt) {

    /**
     * How the detail of an action denied by the approval timeout begins (the gate writes it, the approvals sink reads
     * it to mark the row EXPIRED rather than DENIED).
     */
    public static final String TIMED_OUT = "approval timed out after ";

    /**
     * The id of the knowledge base's {@code hcl_approvals} row for a waiting action: a name-based UUID of its
     * idempotency key (the approval id), so a replay after a restart finds the same row and the API can be given it.
     */
    public static String rowId(String approvalId) {
        return UUID.nameUUIDFromBytes(("hcl-approval:" + approvalId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
