package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Human approvals ({@code hcl_approvals}): requested, listed, answered exactly once, expired. */
public interface ApprovalRepository {

    /** Outcome of answering an approval. */
    enum Answer {
        /** The answer was recorded. */
        DONE,
        /** No approval has this id. */
        NOT_FOUND,
        /** It was already answered or has expired. */
        NOT_PENDING
    }

    /** Called inside the answering transaction with the answered approval; throwing rolls the answer back. */
    @FunctionalInterface
    interface AnswerHook {
        /** Acts on the answer before it is committed (e.g. hands it to the job). */
        void accept(Approval answered) throws Exception;
    }

    /** The {@link AnswerHook} failed: nothing was committed and the approval is still pending. */
    final class AnswerHookFailed extends Exception {
        private static final long serialVersionUID = 1L;

        /** The hook's failure. */
        public AnswerHookFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Asks for approval of the action with this idempotency key; asking again for the same key returns the existing
     * request (whatever its status) instead of a second one.
     */
    Approval requestApproval(
            String idempotencyKey,
            UUID decisionId,
            String service,
            String host,
            JsonNode action,
            Duration ttl,
            String requestedBy)
            throws SQLException;

    /** The approval with this id. */
    Optional<Approval> approval(UUID id) throws SQLException;

    /** The approval guarding the action with this idempotency key (how the execute stage reads answers). */
    Optional<Approval> approvalForKey(String idempotencyKey) throws SQLException;

    /** Approvals with this status (all when null), newest request first. */
    List<Approval> approvals(ApprovalStatus status, int limit) throws SQLException;

    /**
     * Approves or denies a pending, unexpired request, running {@code hook} before the answer is committed: the answer
     * stands only when the hook returns, and is undone (the request stays pending) when it throws. Exactly one of
     * concurrent answers wins. A request past its expiry is marked EXPIRED instead and the answer refused.
     */
    Answer decide(UUID id, boolean approve, String by, String reason, AnswerHook hook)
            throws SQLException, AnswerHookFailed;

    /** {@link #decide(UUID, boolean, String, String, AnswerHook)} without a hook. */
    default Answer decide(UUID id, boolean approve, String by, String reason) throws SQLException {
        try {
            return decide(id, approve, by, reason, a -> {});
        } catch (AnswerHookFailed e) {
            throw new IllegalStateException("a no-op hook failed", e);
        }
    }

    /** Marks every pending request past its expiry EXPIRED; returns how many. */
    int expireApprovals() throws SQLException;
}
