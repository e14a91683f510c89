package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.sinks.safety.HardLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps each action type to its actuator and runs actions through validate → describe → (dry run | execute → verify).
 *
 * <p>Dry run is the default twice over: an action is executed only when the registry's global switch allows it
 * <em>and</em> its actuator is not in dry-run mode. Otherwise the result is {@code DRY_RUN} with the exact call that
 * would have been made.
 */
public final class ActuatorRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActuatorRegistry.class);

    private final Map<ActionType, Actuator> byType = new EnumMap<>(ActionType.class);
    private final boolean globalDryRun;
    private final Clock clock;
    private final HardLimits limits;

    /** A registry over the given actuators on the system clock; a type claimed twice is an error. */
    public ActuatorRegistry(Collection<? extends Actuator> actuators, boolean globalDryRun) {
        this(actuators, globalDryRun, Clock.systemUTC());
    }

    /** A registry over the given actuators whose results are timed by {@code clock}; a type claimed twice is an error. */
    public ActuatorRegistry(Collection<? extends Actuator> actuators, boolean globalDryRun, Clock clock) {
        this(actuators, globalDryRun, clock, null);
    }

    /**
     * A registry that also applies {@code limits} to each action after its relative parameters are resolved (a
     * {@code replicas_delta} against the current replicas): the ceiling holds for relative changes too. Null: none.
     */
    public ActuatorRegistry(
            Collection<? extends Actuator> actuators, boolean globalDryRun, Clock clock, HardLimits limits) {
        this.globalDryRun = globalDryRun;
        this.clock = clock;
        this.limits = limits;
        for (Actuator a : actuators) {
            for (ActionType t : a.types()) {
                Actuator prev = byType.putIfAbsent(t, a);
                if (prev != null) {
                    throw new IllegalArgumentException(
                            t.wireName() + " claimed by both " + prev.name() + " and " + a.name());
                }
            }
        }
    }

    /** The actuator for a type, if one is configured. */
    public Optional<Actuator> actuatorFor(ActionType type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Whether the global switch is in dry-run mode. */
    public boolean globalDryRun() {
        return globalDryRun;
    }

    /** Whether an action of this type would really be executed (global and per-actuator switches both off). */
    public boolean willExecute(ActionType type) {
        Actuator a = byType.get(type);
        return a != null && !globalDryRun && !a.dryRun();
    }

    /**
     * What runs right before an action is handed to its actuator, with the action as it will be executed (relative
     * parameters resolved, hard limits applied): the execute stage records it in the action log (write-ahead intent).
     */
    @FunctionalInterface
    public interface BeforeExecute {

        /** Called with the resolved action; throwing stops the action before the actuator is called. */
        void accept(Action resolved) throws java.io.IOException;
    }

    /** Validates, then describes (dry run) or executes and verifies one action. Never throws. */
    public Attempt run(Action action) {
        return run(action, a -> {});
    }

    /**
     * As {@link #run(Action)}, calling {@code before} with the resolved action right before the actuator executes it;
     * when {@code before} throws, the action is not executed (FAILED, saying why). Never throws.
     */
    public Attempt run(Action action, BeforeExecute before) {
        long start = clock.millis();
        Actuator act = byType.get(action.type());
        if (act == null) {
            return new Attempt(
                    new ActionResult(
                            action,
                            ActionStatus.FAILED,
                            true,
                            "",
                            "no actuator configured for " + action.type().wireName(),
                            start,
                            clock.millis()),
                    null,
                    null);
        }
        List<String> problems;
        String call;
        String clipped = "";
        try {
            Action resolved = act.resolve(action);
            if (limits != null) {
                HardLimits.Check c = limits.check(resolved);
                if (c.verdict() == HardLimits.Verdict.REFUSED) {
                    return new Attempt(
                            new ActionResult(action, ActionStatus.DENIED, true, "", c.detail(), start, clock.millis()),
                            null,
                            null);
                }
                resolved = c.action();
                clipped = c.detail();
            }
            action = resolved;
            problems = act.validate(action);
            call = problems.isEmpty() ? act.describe(action) : "";
        } catch (RuntimeException e) {
            problems = List.of("invalid: " + e.getMessage());
            call = "";
        }
        String note = clipped.isEmpty() ? "" : clipped + "; ";
        if (!problems.isEmpty()) {
            return new Attempt(
                    new ActionResult(
                            action,
                            ActionStatus.FAILED,
                            true,
                            call,
                            "invalid: " + String.join("; ", problems),
                            start,
                            clock.millis()),
                    null,
                    null);
        }
        if (globalDryRun || act.dryRun()) {
            String why = globalDryRun ? "dry run (global)" : "dry run (" + act.name() + " actuator)";
            LOG.info("{} {} {}: {}", why, action.type().wireName(), action.target(), call);
            return new Attempt(
                    new ActionResult(action, ActionStatus.DRY_RUN, true, call, note + why, start, clock.millis()),
                    null,
                    null);
        }
        try {
            before.accept(action);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error(
                    "{} {} {}: not executed, its intent could not be recorded",
                    act.name(),
                    action.type().wireName(),
                    action.target(),
                    e);
            return new Attempt(
                    new ActionResult(
                            action,
                            ActionStatus.FAILED,
                            false,
                            call,
                            "not executed: its intent could not be recorded in the action log: " + e.getMessage(),
                            start,
                            clock.millis()),
                    null,
                    null);
        }
        Execution ex = act.execute(action);
        Verification v = ex.success() ? act.verify(ex) : null;
        String detail =
                note + ex.detail() + (v == null ? "" : "; verify: " + (v.ok() ? "ok, " : "NOT OK, ") + v.detail());
        ActionStatus status = ex.success() ? ActionStatus.EXECUTED : ActionStatus.FAILED;
        LOG.info(
                "{} {} {} -> {} in {} ms: {}",
                act.name(),
                action.type().wireName(),
                action.target(),
                status,
                ex.finishedAt() - ex.startedAt(),
                detail);
        return new Attempt(
                new ActionResult(action, status, false, ex.call(), detail, ex.startedAt(), clock.millis()), ex, v);
    }

    /** Reverts an execution with the actuator of its type; the result is REVERTED or FAILED. Never throws. */
    public ActionResult revert(Execution execution) {
        Actuator act = byType.get(execution.action().type());
        long now = clock.millis();
        if (act == null) {
            return new ActionResult(
                    execution.action(),
                    ActionStatus.FAILED,
                    false,
                    "",
                    "no actuator configured to revert "
                            + execution.action().type().wireName(),
                    now,
                    now);
        }
        return act.revert(execution).toRevertResult();
    }

    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>();
        for (Actuator a : new LinkedHashSet<>(byType.values())) {
            try {
                a.close();
            } catch (Exception e) {
                errors.add(new RuntimeException("closing " + a.name(), e));
            }
        }
        if (!errors.isEmpty()) {
            LOG.warn("errors closing actuators: {}", errors);
        }
    }
}
