package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.sinks.actuate.Actuator;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.actuate.Verification;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written actuator for tests of the execute operators' logic: it records every action it is asked to execute
 * and every execution it is asked to revert, and answers with scripted outcomes (success unless a failure is queued).
 * It touches no system; its executions carry {@code previous=<n>} in their undo so a revert has something to use.
 */
final class RecordingActuator implements Actuator {

    /** The actions executed, in call order. */
    final List<Action> executed = new CopyOnWriteArrayList<>();
    /** The executions reverted, in call order. */
    final List<Execution> reverted = new CopyOnWriteArrayList<>();

    private final Set<ActionType> types;
    private final Clock clock;
    private final Deque<String> failures = new ArrayDeque<>();
    private final Deque<String> revertFailures = new ArrayDeque<>();
    private volatile String readBackFailure;

    /** An actuator for the given types, stamping its executions with {@code clock}. */
    RecordingActuator(Clock clock, ActionType... types) {
        this.clock = clock;
        this.types = Set.of(types);
    }

    /** The next execution fails with this detail. */
    synchronized RecordingActuator failNext(String detail) {
        failures.add(detail);
        return this;
    }

    /** Every later read-back fails with this detail (the system does not show the effect). */
    RecordingActuator failReadBack(String detail) {
        readBackFailure = detail;
        return this;
    }

    /** The next revert fails with this detail. */
    synchronized RecordingActuator failNextRevert(String detail) {
        revertFailures.add(detail);
        return this;
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Set<ActionType> types() {
        return types;
    }

    @Override
    public boolean dryRun() {
        return false;
    }

    @Override
    public List<String> validate(Action action) {
        return List.of();
    }

    @Override
    public String describe(Action action) {
        return "record " + action.type().wireName() + " " + action.target();
    }

    @Override
    public Execution execute(Action action) {
        executed.add(action);
        long now = clock.millis();
        String failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            return new Execution(action, false, describe(action), failure, Map.of(), now, now);
        }
        return new Execution(action, true, describe(action), "recorded", Map.of("previous", "1"), now, now);
    }

    @Override
    public Verification verify(Execution execution) {
        String failure = readBackFailure;
        if (failure != null) {
            return Verification.failed(failure);
        }
        return Verification.ok("read back");
    }

    @Override
    public Execution revert(Execution execution) {
        reverted.add(execution);
        long now = clock.millis();
        String failure;
        synchronized (this) {
            failure = revertFailures.poll();
        }
        return new Execution(
                execution.action(),
                failure == null,
                "undo " + describe(execution.action()),
                failure == null ? "restored previous=" + execution.undo().get("previous") : failure,
                Map.of(),
                now,
                now);
    }
}
