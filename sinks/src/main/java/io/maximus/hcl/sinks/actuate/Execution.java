package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import java.util.Map;

/**
 * What one actuator call did: the call made, whether it worked, and what a revert needs.
 *
 * <p>{@code undo} holds only strings so the record can be kept in Flink state or written as JSON until the rollback
 * watcher decides (60 s later, possibly after a restart).
 *
 * @param action the action carried out (after any clipping by the safety rules)
 * @param success whether the call succeeded
 * @param call the exact call made
 * @param detail what happened, in words (counts, previous values, the error)
 * @param undo what {@link Actuator#revert} needs, e.g. the previous replica count
 * @param startedAt epoch milliseconds the call started
 * @param finishedAt epoch milliseconds it finished
 */
public record Execution(
        Action action,
        boolean success,
        String call,
        String detail,
        Map<String, String> undo,
        long startedAt,
        long finishedAt) {

    public Execution {
        undo = undo == null ? Map.of() : Map.copyOf(undo);
    }

    /** A successful call. */
    public static Execution ok(Action action, String call, String detail, Map<String, String> undo, long startedAt) {
        return new Execution(action, true, call, detail, undo, startedAt, System.currentTimeMillis());
    }

    /** A failed call. */
    public static Execution failed(Action action, String call, String detail, long startedAt) {
        return new Execution(action, false, call, detail, Map.of(), startedAt, System.currentTimeMillis());
    }

    /** The result record for the knowledge base: EXECUTED or FAILED with this call and detail. */
    public ActionResult toResult() {
        return new ActionResult(
                action,
                success ? ActionStatus.EXECUTED : ActionStatus.FAILED,
                false,
                call,
                detail,
                startedAt,
                finishedAt);
    }

    /** The result record of this execution as a revert: REVERTED or FAILED. */
    public ActionResult toRevertResult() {
        return new ActionResult(
                action,
                success ? ActionStatus.REVERTED : ActionStatus.FAILED,
                false,
                call,
                detail,
                startedAt,
                finishedAt);
    }
}
