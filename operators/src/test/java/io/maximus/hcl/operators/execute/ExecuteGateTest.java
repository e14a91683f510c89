package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import io.maximus.hcl.sinks.actuate.RedisActuator;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.FileActionLog;
import io.maximus.hcl.sinks.execute.GateInput;
import io.maximus.hcl.sinks.execute.GatedAction;
import io.maximus.hcl.sinks.execute.GatedPlan;
import io.maximus.hcl.sinks.safety.SafetyManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety gate on Flink's keyed operator harness: the rate limit and waiting approvals survive a snapshot and
 * restore, a plan seen before is not gated again, and an unanswered approval is denied at its timeout. The gate only
 * asks the actuators which types would really run; it never calls them, so they point at nothing.
 */
class ExecuteGateTest {

    @TempDir
    Path dir;

    private static final long T = 1_767_225_600_000L;

    private ExecuteConfig config() {
        String log = dir.resolve("log").toString();
        return ExecuteConfig.defaults()
                .withActuators(
                        () -> List.of(
                                new RedisActuator(RedisActuator.Options.local(1, false)),
                                new KubernetesActuator(
                                        new KubernetesClientBuilder()
                                                .withConfig(new ConfigBuilder()
                                                        .withMasterUrl("https://127.0.0.1:1")
                                                        .build())
                                                .build(),
                                        new KubernetesActuator.Options("shop", false))),
                        false,
                        () -> new FileActionLog(Path.of(log)));
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GateInput, GatedPlan> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ExecuteGate(config())), GateInput::key, Types.STRING);
    }

    private static StreamRecord<GateInput> plan(String key, long t, Action a) {
        return new StreamRecord<>(
                GateInput.of(new ActionPlan(
                        Scope.service("cart"),
                        t,
                        "test",
                        "test",
                        OperationalMode.BALANCED,
                        List.of(a),
                        1,
                        false,
                        key,
                        Map.of())),
                t);
    }

    private static final Action FLUSH = new Action(ActionType.FLUSH_CACHE, "cart:*", Map.of());
    private static final Action RESTART = new Action(ActionType.RESTART, "shop/cart", Map.of());

    @Test
    void rateLimitAndWaitingApprovalsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(plan("f1", T, FLUSH));
            h.processElement(plan("r1", T + 61_000, RESTART)); // past the flush's minute: not rate limited
            List<GatedPlan> out = h.extractOutputValues();
            assertThat(out.get(0).actions().get(0).gate()).isEqualTo(SafetyManager.Gate.RUN);
            assertThat(out.get(1).actions().get(0).gate()).isEqualTo(SafetyManager.Gate.AWAITING_APPROVAL);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(plan("f2", T + 30_000, FLUSH));
            h.processElement(plan("f1", T, FLUSH)); // the same plan again: not gated twice
            h.processElement(new StreamRecord<>(
                    GateInput.of(new ApprovalAnswer("r1#0", "cart", true, "alice", "", T + 120_000)), T + 120_000));
            h.processElement(plan("f3", T + 150_000, FLUSH));
            List<GatedPlan> out = h.extractOutputValues();
            assertThat(out).hasSize(3);
            GatedAction limited = out.get(0).actions().get(0);
            assertThat(limited.gate()).isEqualTo(SafetyManager.Gate.REFUSED);
            assertThat(limited.detail()).startsWith("rate limited: a critical action ran 30 s ago");
            GatedAction approved = out.get(1).actions().get(0);
            assertThat(out.get(1).followUp()).isTrue();
            assertThat(approved.gate()).isEqualTo(SafetyManager.Gate.RUN);
            assertThat(approved.path()).isEqualTo("approved");
            assertThat(approved.detail()).startsWith("approved by alice");
            // The approved restart is critical too: the next flush within a minute of it is refused.
            assertThat(out.get(2).actions().get(0).gate()).isEqualTo(SafetyManager.Gate.REFUSED);
        }
    }

    @Test
    void anUnansweredApprovalIsDeniedAtItsTimeout() throws Exception {
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(plan("r1", T, RESTART));
            h.setProcessingTime(config().approvalTimeout().toMillis() - 1);
            assertThat(h.extractOutputValues()).hasSize(1);
            h.setProcessingTime(config().approvalTimeout().toMillis());
            List<GatedPlan> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).actions().get(0).gate()).isEqualTo(SafetyManager.Gate.REFUSED);
            assertThat(out.get(1).actions().get(0).detail()).isEqualTo("approval timed out after 900 s: denied");
            // A late answer finds nothing waiting and changes nothing.
            h.processElement(new StreamRecord<>(
                    GateInput.of(new ApprovalAnswer("r1#0", "cart", true, "bob", "", T + 1_000_000)), T + 1_000_000));
            assertThat(h.extractOutputValues()).hasSize(2);
        }
    }

    private static StreamRecord<GateInput> plan(String rule, String scope, String key, long t, Action a) {
        return new StreamRecord<>(
                GateInput.of(new ActionPlan(
                        Scope.service(scope),
                        t,
                        rule,
                        "test",
                        OperationalMode.BALANCED,
                        List.of(a),
                        1,
                        false,
                        key,
                        Map.of())),
                t);
    }

    /**
     * A rule's action on a scope that the rollback watcher reverted (read back as a REVERTED action event) is refused
     * for the quiet period after it, counted from the action plus the rollback delay: the same rule's same type on the
     * same scope is DENIED with the reason; another rule, another type or another scope is not held; after the quiet
     * period, and after a snapshot and restore, the gate behaves the same.
     */
    @Test
    void aRolledBackRulesActionIsRefusedOnItsScopeForTheQuietPeriod() throws Exception {
        java.time.Duration quiet = java.time.Duration.ofMinutes(30);
        Action scaleIn = new Action(ActionType.SCALE_DEPLOYMENT, "app", Map.of("replicas_delta", -1));
        ExecuteConfig cfg = config();
        long delay = cfg.rollbackDelay().toMillis();
        io.maximus.hcl.sinks.execute.ActionEvent reverted = new io.maximus.hcl.sinks.execute.ActionEvent(
                "d1",
                "k1#0",
                Scope.service("app"),
                T,
                "cpu-sustained-high",
                new io.maximus.hcl.core.ActionResult(
                        scaleIn, io.maximus.hcl.core.ActionStatus.REVERTED, false, "", "rolled back", T, T),
                "revert",
                5);
        // the parser keeps REVERTED events only
        List<io.maximus.hcl.sinks.execute.RolledBack> parsed = new java.util.ArrayList<>();
        org.apache.flink.util.Collector<io.maximus.hcl.sinks.execute.RolledBack> into =
                new org.apache.flink.api.common.functions.util.ListCollector<>(parsed);
        new ParseRollbacks().flatMap(io.maximus.hcl.core.Json.write(reverted), into);
        new ParseRollbacks().flatMap("not json", into);
        assertThat(parsed)
                .containsExactly(new io.maximus.hcl.sinks.execute.RolledBack(
                        "app", "cpu-sustained-high", "scale_deployment", T));

        OperatorSubtaskState snapshot;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ExecuteGate(cfg, quiet)), GateInput::key, Types.STRING)) {
            h.open();
            h.processElement(plan("cpu-sustained-high", "app", "k1", T, scaleIn));
            h.processElement(new StreamRecord<>(GateInput.of(parsed.get(0)), T + delay));
            h.processElement(plan("cpu-sustained-high", "app", "k2", T + delay + 15_000, scaleIn));
            h.processElement(plan("forecast-peak", "app", "k3", T + delay + 16_000, scaleIn));
            h.processElement(plan("cpu-sustained-high", "web", "k4", T + delay + 17_000, scaleIn));
            List<GatedPlan> out = h.extractOutputValues();
            assertThat(out).hasSize(4);
            assertThat(out.get(0).actions().get(0).gate()).isEqualTo(SafetyManager.Gate.RUN);
            GatedAction refused = out.get(1).actions().get(0);
            assertThat(refused.gate()).isEqualTo(SafetyManager.Gate.REFUSED);
            assertThat(refused.path()).isEqualTo("denied");
            assertThat(refused.detail())
                    .startsWith("refused after rollback: rule cpu-sustained-high's scale_deployment on scope app "
                            + "was rolled back 15 s ago; quiet for 1800 s");
            assertThat(out.get(2).actions().get(0).gate()).as("another rule").isNotEqualTo(SafetyManager.Gate.REFUSED);
            assertThat(out.get(3).actions().get(0).gate()).as("another scope").isNotEqualTo(SafetyManager.Gate.REFUSED);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ExecuteGate(cfg, quiet)), GateInput::key, Types.STRING)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(plan("cpu-sustained-high", "app", "k5", T + delay + 29 * 60_000, scaleIn));
            h.processElement(plan("cpu-sustained-high", "app", "k6", T + delay + 31 * 60_000, scaleIn));
            List<GatedPlan> out = h.extractOutputValues();
            assertThat(out.get(0).actions().get(0).gate())
                    .as("restored: still quiet")
                    .isEqualTo(SafetyManager.Gate.REFUSED);
            assertThat(out.get(1).actions().get(0).gate())
                    .as("after the quiet period")
                    .isNotEqualTo(SafetyManager.Gate.REFUSED);
        }
        // without a quiet period (the old constructor) nothing is remembered
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(GateInput.of(parsed.get(0)), T + delay));
            h.processElement(plan("cpu-sustained-high", "app", "k7", T + delay + 15_000, scaleIn));
            assertThat(h.extractOutputValues().get(0).actions().get(0).gate()).isNotEqualTo(SafetyManager.Gate.REFUSED);
        }
    }
}
