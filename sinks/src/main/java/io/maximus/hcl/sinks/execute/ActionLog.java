package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.sinks.actuate.Execution;
import java.io.IOException;
import java.util.Optional;

/**
 * A durable journal of the actions the execute stage has started, keyed by idempotency key: what makes their effect
 * exactly-once across failures. Flink restores keyed state to the last checkpoint, so actions executed after it would
 * be executed again on replay; the log outlives the job, and an action whose key is already claimed is never run
 * again. A claim is taken before the actuator is called and completed with the outcome after (write-ahead), so an
 * action interrupted between the two is reported as unknown and not repeated: at most once, never twice.
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
     */
    record Entry(String key, State state, String result, String execution) {}

    /**
     * Claims a key atomically. Empty means this caller now owns it and must run the action and {@link #complete} it;
     * otherwise the existing entry is returned and the action must not run.
     */
    Optional<Entry> claim(String key) throws IOException;

    /** Records the outcome of a claimed key (the execution may be null). */
    void complete(String key, ActionResult result, Execution execution) throws IOException;

    @Override
    default void close() throws IOException {}
}
