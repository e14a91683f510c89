package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every actuator passes against a live system: dry-run by default, describe touches nothing, invalid
 * input is refused before anything runs, execute changes the system and verify sees it, revert restores it.
 * Subclasses give the actuator and a way to observe the part of the system the actions change.
 */
public abstract class ActuatorContractTest {

    /** An actuator connected to the live system under test, with its own dry-run switch as given. */
    protected abstract Actuator actuator(boolean dryRun);

    /** The actuator as configured from an empty environment (must be dry-run). */
    protected abstract Actuator fromEmptyEnvironment();

    /** Valid actions on the live system, covering every type the actuator handles; run in order. */
    protected abstract List<Action> sampleActions();

    /** An action the actuator must refuse in validate. */
    protected abstract List<Action> invalidActions();

    /** A snapshot of the state the action changes (equal before an execute and after its revert). */
    protected abstract Object observe(Action action) throws Exception;

    @Test
    void dryRunByDefault() {
        try (Actuator a = fromEmptyEnvironment()) {
            assertThat(a.dryRun()).as("dry run must be the default").isTrue();
        }
    }

    @Test
    void samplesCoverEveryType() {
        try (Actuator a = actuator(true)) {
            Set<ActionType> covered = new HashSet<>();
            sampleActions().forEach(x -> covered.add(x.type()));
            assertThat(covered).containsExactlyInAnyOrderElementsOf(a.types());
        }
    }

    @Test
    void dryRunDescribesTheCallAndTouchesNothing() throws Exception {
        try (Actuator a = actuator(false);
                ActuatorRegistry globalDry = new ActuatorRegistry(List.of(a), true)) {
            for (Action action : sampleActions()) {
                Object before = observe(action);
                ActionResult r = globalDry.run(action).result();
                assertThat(r.status()).as("%s", action).isEqualTo(ActionStatus.DRY_RUN);
                assertThat(r.dryRun()).isTrue();
                assertThat(r.call()).isEqualTo(a.describe(action)).isNotBlank();
                assertThat(observe(action))
                        .as("dry run of %s changed the system", action)
                        .isEqualTo(before);
            }
        }
        try (Actuator a = actuator(true);
                ActuatorRegistry globalLive = new ActuatorRegistry(List.of(a), false)) {
            for (Action action : sampleActions()) {
                Object before = observe(action);
                assertThat(globalLive.run(action).result().status()).isEqualTo(ActionStatus.DRY_RUN);
                assertThat(observe(action)).isEqualTo(before);
            }
        }
    }

    @Test
    void invalidActionsAreRefusedBeforeAnythingRuns() throws Exception {
        try (Actuator a = actuator(false);
                ActuatorRegistry live = new ActuatorRegistry(List.of(a), false)) {
            for (Action bad : invalidActions()) {
                assertThat(a.validate(bad)).as("%s", bad).isNotEmpty();
                Attempt at = live.run(bad);
                assertThat(at.result().status()).isEqualTo(ActionStatus.FAILED);
                assertThat(at.result().detail()).startsWith("invalid:");
                assertThat(at.execution()).isNull();
            }
        }
    }

    @Test
    void executeChangesVerifiesAndRevertRestores() throws Exception {
        try (Actuator a = actuator(false);
                ActuatorRegistry live = new ActuatorRegistry(List.of(a), false)) {
            for (Action action : sampleActions()) {
                Object before = observe(action);
                Attempt at = live.run(action);
                assertThat(at.result().status())
                        .as("%s: %s", action, at.result().detail())
                        .isEqualTo(ActionStatus.EXECUTED);
                assertThat(at.verification().ok())
                        .as("verify %s: %s", action, at.verification().detail())
                        .isTrue();
                assertThat(observe(action))
                        .as("execute of %s changed nothing", action)
                        .isNotEqualTo(before);
                if (!a.revertible(action.type())) {
                    ActionResult rev = live.revert(at.execution());
                    assertThat(rev.status()).isEqualTo(ActionStatus.FAILED);
                    assertThat(rev.detail()).contains("not revertible");
                    continue;
                }
                ActionResult rev = live.revert(at.execution());
                assertThat(rev.status())
                        .as("revert %s: %s", action, rev.detail())
                        .isEqualTo(ActionStatus.REVERTED);
                assertThat(observe(action)).as("revert of %s", action).isEqualTo(before);
            }
        }
    }
}
