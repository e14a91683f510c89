package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.execute.ActionLog;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.GatedAction;
import io.maximus.hcl.sinks.execute.GatedPlan;
import io.maximus.hcl.sinks.execute.PlanOutcome;
import io.maximus.hcl.sinks.safety.SafetyManager.Gate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The async executor on Flink's operator harness with a recording actuator, an in-memory action log and a manual
 * clock: what runs is claimed in the log first and never run twice, refused and waiting actions never reach the
 * actuator, dry runs touch nothing, and a lost log means nothing is executed.
 */
class AsyncExecuteTest {

    private static final long T = 1_767_225_600_000L;
    private static final Action SCALE = new Action(ActionType.SCALE_DEPLOYMENT, "shop/cart", Map.of("replicas", 4));

    private final ManualClock clock = new ManualClock(T + 5_000);
    private final RecordingActuator actuator = new RecordingActuator(clock, ActionType.SCALE_DEPLOYMENT);
    private final InMemoryActionLog log = new InMemoryActionLog();

    private OneInputStreamOperatorTestHarness<GatedPlan, PlanOutcome> harness(boolean dryRun) throws Exception {
        RecordingActuator a = actuator;
        InMemoryActionLog l = log;
        ExecuteConfig config = ExecuteConfig.defaults().withActuators(() -> List.of(a), dryRun, () -> l);
        return new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(
                        new AsyncExecute(config, clock),
                        config.timeout().toMillis(),
                        config.capacity(),
                        AsyncDataStream.OutputMode.UNORDERED),
                TypeInformation.of(GatedPlan.class).createSerializer(new ExecutionConfig().getSerializerConfig()));
    }

    private static GatedPlan gated(String key, Gate gate, String path) {
        ActionPlan plan = new ActionPlan(
                Scope.service("cart"),
                T,
                "test",
                "cpu high",
                OperationalMode.BALANCED,
                List.of(SCALE),
                1,
                false,
                key,
                Map.of("cpu_usage", 90.0));
        return new GatedPlan(plan, List.of(new GatedAction(0, SCALE, gate, "", key + "#0", path)), false, T + 1_000, T);
    }

    private List<PlanOutcome> run(boolean dryRun, GatedPlan... plans) throws Exception {
        try (var h = harness(dryRun)) {
            h.open();
            for (GatedPlan p : plans) {
                h.processElement(new StreamRecord<>(p, T));
            }
            h.endInput();
            return h.extractOutputValues();
        }
    }

    @Test
    void anActionClaimedOnceIsNotExecutedTwice() throws Exception {
        List<PlanOutcome> first = run(false, gated("p1", Gate.RUN, "executed"));
        // The same plan again, as after a restart from a checkpoint taken before it ran: a new operator, the same log.
        List<PlanOutcome> again = run(false, gated("p1", Gate.RUN, "executed"));

        assertThat(actuator.executed).containsExactly(SCALE);
        ActionResult r = first.get(0).results().get(0);
        assertThat(r.status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(r.startedAt()).isEqualTo(T + 5_000);
        assertThat(first.get(0).finishedAt()).isEqualTo(T + 5_000);
        assertThat(first.get(0).paths()).containsExactly("executed");
        Execution ex = Json.read(first.get(0).executions().get(0), Execution.class);
        assertThat(ex.undo()).containsEntry("previous", "1");
        assertThat(log.entries.get("p1#0").state()).isEqualTo(ActionLog.State.DONE);

        PlanOutcome replay = again.get(0);
        assertThat(replay.paths()).containsExactly("replayed");
        assertThat(replay.results().get(0).status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(replay.results().get(0).detail()).startsWith("not repeated, already done (action log)");
        assertThat(replay.executions().get(0))
                .isEqualTo(first.get(0).executions().get(0)); // the watcher can revert it
    }

    @Test
    void anInterruptedClaimIsReportedAndNotRepeated() throws Exception {
        log.claim("p2#0"); // an earlier attempt claimed it and died before recording an outcome
        PlanOutcome o = run(false, gated("p2", Gate.RUN, "executed")).get(0);
        assertThat(actuator.executed).isEmpty();
        assertThat(o.results().get(0).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(o.results().get(0).detail()).startsWith("not executed").contains("not repeated");
        assertThat(o.paths()).containsExactly("replayed");
    }

    @Test
    void aClaimWithIntentLeftWithoutOutcomeIsReconciledByReadBackAsExecutedAndNotRepeated() throws Exception {
        // An earlier attempt claimed it, recorded its intent, called the actuator and died before the record.
        log.claim("p5#0");
        log.intend("p5#0", Json.write(SCALE));
        PlanOutcome o = run(false, gated("p5", Gate.RUN, "executed")).get(0);
        assertThat(actuator.executed).isEmpty();
        ActionResult r = o.results().get(0);
        assertThat(r.status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(r.detail())
                .contains("reconciled on recovery")
                .contains("read back")
                .contains("not repeated");
        assertThat(o.paths()).containsExactly("replayed");
        // Recorded, so a later replay says the same without reading the system again.
        assertThat(log.entries.get("p5#0").state()).isEqualTo(ActionLog.State.DONE);
        assertThat(Json.read(log.entries.get("p5#0").result(), ActionResult.class)
                        .status())
                .isEqualTo(ActionStatus.EXECUTED);
        PlanOutcome again = run(false, gated("p5", Gate.RUN, "executed")).get(0);
        assertThat(again.results().get(0).status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(again.results().get(0).detail()).startsWith("not repeated, already done (action log)");
    }

    @Test
    void aClaimWithIntentWhoseEffectTheSystemDoesNotShowIsReportedNotExecuted() throws Exception {
        actuator.failReadBack("replicas 3, expected 4");
        log.claim("p6#0");
        log.intend("p6#0", Json.write(SCALE));
        PlanOutcome o = run(false, gated("p6", Gate.RUN, "executed")).get(0);
        assertThat(actuator.executed).isEmpty();
        assertThat(o.results().get(0).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(o.results().get(0).detail())
                .startsWith("not executed as far as the system shows")
                .contains("replicas 3, expected 4");
    }

    @Test
    void anOutcomeThatCannotBeRecordedStillSaysExecuted() throws Exception {
        log.loseRecords();
        PlanOutcome o = run(false, gated("p7", Gate.RUN, "executed")).get(0);
        assertThat(actuator.executed).containsExactly(SCALE);
        assertThat(o.results().get(0).status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(o.results().get(0).detail()).contains("outcome NOT recorded in the action log");
        // The claim keeps the intent: a replay reconciles it instead of executing again.
        assertThat(log.entries.get("p7#0").state()).isEqualTo(ActionLog.State.CLAIMED);
        assertThat(Json.read(log.entries.get("p7#0").intent(), Action.class)).isEqualTo(SCALE);
    }

    @Test
    void refusedAndWaitingActionsNeverReachTheActuator() throws Exception {
        List<PlanOutcome> out = run(
                false, gated("p3", Gate.REFUSED, "denied"), gated("p4", Gate.AWAITING_APPROVAL, "awaiting_approval"));
        assertThat(actuator.executed).isEmpty();
        assertThat(log.entries).isEmpty();
        assertThat(out)
                .extracting(o -> o.results().get(0).status())
                .containsExactlyInAnyOrder(ActionStatus.DENIED, ActionStatus.AWAITING_APPROVAL);
        PlanOutcome waiting = out.stream()
                .filter(o -> o.gated().plan().idempotencyKey().equals("p4"))
                .findFirst()
                .orElseThrow();
        assertThat(waiting.results().get(0).detail()).endsWith("approval id p4#0");
        assertThat(waiting.results().get(0).call()).isEqualTo("record scale_deployment shop/cart");
    }

    @Test
    void aDryRunDescribesTheCallAndTouchesNothing() throws Exception {
        PlanOutcome o = run(true, gated("p5", Gate.RUN, "dry_run")).get(0);
        assertThat(actuator.executed).isEmpty();
        assertThat(log.entries).isEmpty();
        assertThat(o.results().get(0).status()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(o.results().get(0).call()).isEqualTo("record scale_deployment shop/cart");
        assertThat(o.executions()).containsExactly("");
    }

    @Test
    void aFailedCallIsRecordedAndNotWatched() throws Exception {
        actuator.failNext("deployment not found");
        PlanOutcome o = run(false, gated("p6", Gate.RUN, "executed")).get(0);
        assertThat(o.results().get(0).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(o.results().get(0).detail()).contains("deployment not found");
        assertThat(o.executions()).containsExactly(""); // nothing to revert
        assertThat(Json.read(log.entries.get("p6#0").result(), ActionResult.class)
                        .status())
                .isEqualTo(ActionStatus.FAILED);
    }

    @Test
    void withoutTheActionLogNothingIsExecuted() throws Exception {
        log.breakDown();
        PlanOutcome o = run(false, gated("p7", Gate.RUN, "executed")).get(0);
        assertThat(actuator.executed).isEmpty();
        assertThat(o.results().get(0).status()).isEqualTo(ActionStatus.FAILED);
        assertThat(o.results().get(0).detail()).startsWith("not executed: action log unavailable");
    }
}
