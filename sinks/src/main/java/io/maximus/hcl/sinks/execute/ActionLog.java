package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.sinks.actuate.Execution;
import java.io.IOException;
import java.util.Optional;

/**
 * A durable journal of the actions the execute stage has started, keyed by idempotency key: what makes their effect
 * exactly-once across failures. Flink restores keyed state to the last checkpoint, so actions executed after it would
 * be executed again on replay; the log outlives the job, and an action whose key is already claimed is never run
 * again. A claim is taken before the actuator is called, the action as it will be executed (its relative parameters
 * resolved) is recorded as the claim's intent right before the call, and the claim is completed with the outcome after
 * (write-ahead). An action interrupted between claim and outcome is never repeated: a claim without intent was never
 * handed to the actuator (not executed); a claim with intent is reconciled against the system by the actuator's
 * read-back (executed when the effect is there, else not executed), and that outcome is recorded. At most once, never
 * twice, and the recorded status says what the system shows.
 */
public interface ActionLog extends AutoCloseable {

    /** Where a key stands in the log. */
    enum State {
        CLAIMED,
        DONE
    }

    /**
     * A key already in the log.
     *
     * @param key the idempotency key
     * @param state claimed only, or done with an outcome
     * @param result the outcome's JSON ({@link ActionResult}), empty while only claimed
     * @param execution the execution's JSON ({@link Execution}, what a revert needs), empty when none
     * @param intent the action as handed to the actuator (JSON of {@link io.maximus.hcl.core.Action}), empty when the
     *               claim's owner stopped before calling it
     */
    record Entry(String key, State state, String result, String execution, String intent) {

        /** An entry without intent. */
        public Entry(String key, State state, String result, String execution) {
            this(key, state, result, execution, "");
        }
    }

    /**
     * Claims a key atomically. Empty means this caller now owns it and must run the action and {@link #complete} it;
     * otherwise the existing entry is returned and the action must not run.
     */
    Optional<Entry> claim(String key) throws IOException;

    /**
     * Records, durably, the action a claimed key is about to hand to its actuator (the write-ahead intent, JSON of the
     * resolved {@link io.maximus.hcl.core.Action}); called right before the call. A log that cannot keep it must throw,
     * and the action is then not executed.
     */
    void intend(String key, String actionJson) throws IOException;

    /** Records the outcome of a claimed key (the execution may be null). */
    void complete(String key, ActionResult result, Execution execution) throws IOException;

    @Override
    default void close() throws IOException {}
}
