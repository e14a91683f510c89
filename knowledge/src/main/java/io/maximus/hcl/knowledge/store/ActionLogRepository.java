package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.core.ActionResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The action log ({@code hcl_actions}): one row per executed or dry-run action, by idempotency key and time. */
public interface ActionLogRepository {

    /** Records a report of an action; a later report for the same key and time updates its status and detail. */
    void logAction(
            String idempotencyKey, Instant eventTime, UUID decisionId, String service, String host, ActionResult r)
            throws SQLException;

    /** Status of the logged action with this key and event time, if logged. */
    Optional<String> actionStatus(String idempotencyKey, Instant eventTime) throws SQLException;
}
