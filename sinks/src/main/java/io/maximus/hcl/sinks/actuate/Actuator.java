package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.util.List;
import java.util.Set;

/**
 * The hands of the loop for one kind of system: validate → describe (dry run) → execute → verify → revert.
 *
 * <p>Implementations are plain classes (no Flink): the execute stage calls them from async I/O. Every method may be
 * called from any thread; an implementation keeps no per-action state of its own (what a revert needs travels in
 * the {@link Execution} it returned), so an execution can be reverted by another instance after a restart.
 */
public interface Actuator extends AutoCloseable {

    /** A short name used in configuration and logs, e.g. {@code redis}. */
    String name();

    /** The action types this actuator carries out. */
    Set<ActionType> types();

    /** Whether this actuator only describes actions (its own dry-run switch; the registry has a global one too). */
    boolean dryRun();

    /**
     * The action with its relative parameters resolved against the system's current state (e.g. a scale_deployment's
     * {@code replicas_delta} becomes {@code replicas}), before limits, validation and description; unchanged when it
     * has none or the state cannot be read (then {@link #validate} says why). May read the system; never changes it.
     */
    default Action resolve(Action action) {
        return action;
    }

    /** Problems with the action's target and parameters; empty when it can be described and executed. */
    List<String> validate(Action action);

    /** The exact call {@link #execute} would make, in words an operator can run by hand; touches nothing. */
    String describe(Action action);

    /** Carries the action out on the real system and says what it did and how to undo it. Never throws. */
    Execution execute(Action action);

    /** Reads the system back and checks the executed action took effect. Never throws. */
    Verification verify(Execution execution);

    /**
     * Whether an executed action of this type can be undone (a restart, a killed query or a vacuum cannot); for the
     * others {@link #revert} answers a failed execution saying so.
     */
    default boolean revertible(ActionType type) {
        return true;
    }

    /** Undoes an executed action using what {@link Execution#undo()} recorded. Never throws. */
    Execution revert(Execution execution);

    /** Releases clients and connections. */
    @Override
    default void close() {}
}
