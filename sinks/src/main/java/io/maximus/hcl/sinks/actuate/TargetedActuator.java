package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.util.List;
import java.util.Set;

/**
 * An actuator whose targets come from configuration: the action's target (a service name from telemetry) is looked up
 * in a {@link TargetMap} and the mapped target is what the wrapped actuator touches. A service the map does not name
 * is refused; without a map the target is kept only when it is a plain name (no {@code /}, glob or shell characters),
 * so a namespace, a path or a pattern never comes from telemetry. Types in {@code passThrough} (e.g. a node drain,
 * whose target is a node) are not mapped but still need a plain name.
 */
public final class TargetedActuator implements Actuator {

    private final Actuator delegate;
    private final TargetMap targets;
    private final Set<ActionType> passThrough;
    private final String option;

    /** Wraps {@code delegate}; {@code option} names the configuration in refusals (e.g. HCL_TARGETS_KUBERNETES). */
    public TargetedActuator(Actuator delegate, TargetMap targets, Set<ActionType> passThrough, String option) {
        this.delegate = delegate;
        this.targets = targets;
        this.passThrough = Set.copyOf(passThrough);
        this.option = option;
    }

    /** The wrapped actuator. */
    public Actuator delegate() {
        return delegate;
    }

    /** The target the wrapped actuator would touch, or the reason the action's target is refused. */
    public Mapped map(Action a) {
        String t = a.target();
        if (!TargetMap.PLAIN_NAME.matcher(t).matches()) {
            return Mapped.refused("target '" + t + "' refused: only plain names ([A-Za-z0-9_.:@-]) are accepted as "
                    + "targets; map the service in " + option);
        }
        if (passThrough.contains(a.type()) || !targets.configured()) {
            return new Mapped(a, "");
        }
        return targets.get(t)
                .map(m -> new Mapped(new Action(a.type(), m, a.params()), ""))
                .orElseGet(() -> Mapped.refused("target '" + t + "' refused: not in the allow-list " + option + " "
                        + targets.asMap().keySet()));
    }

    /**
     * An action with its configured target, or the refusal.
     *
     * @param action the mapped action (null when refused)
     * @param refusal why the target is refused; empty when mapped
     */
    public record Mapped(Action action, String refusal) {
        static Mapped refused(String why) {
            return new Mapped(null, why);
        }
    }

    private Action mapped(Action a) {
        Mapped m = map(a);
        if (m.action() == null) {
            throw new IllegalArgumentException(m.refusal());
        }
        return m.action();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<ActionType> types() {
        return delegate.types();
    }

    @Override
    public boolean dryRun() {
        return delegate.dryRun();
    }

    @Override
    public Action resolve(Action a) {
        Mapped m = map(a);
        if (m.action() == null) {
            return a;
        }
        // parameters resolved on the mapped target; the target stays the service, mapped again on each call
        return new Action(a.type(), a.target(), delegate.resolve(m.action()).params());
    }

    @Override
    public List<String> validate(Action a) {
        Mapped m = map(a);
        return m.action() == null ? List.of(m.refusal()) : delegate.validate(m.action());
    }

    @Override
    public String describe(Action a) {
        return delegate.describe(mapped(a));
    }

    @Override
    public Execution execute(Action a) {
        Mapped m = map(a);
        if (m.action() == null) {
            long now = System.currentTimeMillis();
            return Execution.failed(a, "", m.refusal(), now);
        }
        return delegate.execute(m.action());
    }

    @Override
    public Verification verify(Execution execution) {
        return delegate.verify(execution); // the execution already holds the mapped action
    }

    @Override
    public boolean revertible(ActionType type) {
        return delegate.revertible(type);
    }

    @Override
    public Execution revert(Execution execution) {
        return delegate.revert(execution);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
