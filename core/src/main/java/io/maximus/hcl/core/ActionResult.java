package io.maximus.hcl.core;

/**
 * The outcome of one action at the execute stage.
 *
 * @param action the action as planned
 * @param status what happened
 * @param dryRun whether the action was only described, not carried out
 * @param call the exact call made, or that would have been made in a dry run
 * @param detail extra words: a clip by a safety limit, an error message, the approval id
 * @param startedAt processing time the execute stage took it up, epoch milliseconds
 * @param finishedAt processing time it finished, epoch milliseconds
 */
public record ActionResult(
        Action action,
        ActionStatus status,
        boolean dryRun,
        String call,
        String detail,
        long startedAt,
        long finishedAt) {}
