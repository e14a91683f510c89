package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.Scope;

/**
 * One update about one action, as the execute stage emits it for the knowledge base: every result (dry run,
 * executed, failed, denied, awaiting approval) and later ones (approved and executed, denied by a human or a timeout,
 * reverted by the rollback watcher).
 *
 * @param decisionId the id of the decision the action belongs to
 * @param idempotencyKey the action's key: the plan's idempotency key plus {@code #index}; also the approval id
 * @param scope the scope of the plan
 * @param eventTime event time of the decision, epoch milliseconds
 * @param rule the rule that planned it
 * @param result what happened
 * @param path how it went through the stage: dry_run, executed, replayed (found in the action log), denied,
 *             awaiting_approval, approved, approval_denied, revert
 * @param latencyMillis processing time from entering the execute stage to this result; for a revert, from the
 *                      rollback watcher's verdict (its event-time timer, rollback delay after the action) to the
 *                      revert's result
 */
public record ActionEvent(
        String decisionId,
        String idempotencyKey,
        Scope scope,
        long eventTime,
        String rule,
        ActionResult result,
        String path,
        long latencyMillis) {}
