package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.ActionResult;

/**
 * One pass of an action through the registry: the result record, and when it was executed, the execution (what a
 * revert needs) and the read-back.
 *
 * @param result the record for the knowledge base and the decision
 * @param execution the execution, or null for a dry run, a refusal or invalid input
 * @param verification the read-back after executing, or null when nothing was executed
 */
public record Attempt(ActionResult result, Execution execution, Verification verification) {}
