package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ActuatorFactory;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.FileActionLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety rules inside the Flink execute stage, against fabric8's Kubernetes mock API server in CRUD mode: hard
 * limits clip and the decision says so, the cool-down refuses an oscillating scale, a rolling restart waits for a
 * human and runs when approved, a drain denied by a human never runs, and with the default configuration (dry run)
 * nothing is touched at all.
 */
@EnableKubernetesMockClient(crud = true)
class ExecuteStageSafetyTest {

    static KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void objects() {
        client.apps()
                .deployments()
                .inNamespace("shop")
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("checkout")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(3)
                        .withNewSelector()
                        .addToMatchLabels("app", "checkout")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "checkout")
                        .endMetadata()
                        .withNewSpec()
                        .addToContainers(new ContainerBuilder()
                                .withName("app")
                                .withImage("shop/checkout:1")
                                .build())
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .createOr(r -> r.update());
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("node-1")
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .build())
                .createOr(r -> r.update());
    }

    /** The script: four plans on checkout, one drain on search, and the humans' answers. */
    record SafetyScript() implements ExecuteHarness.Steps {
        @Override
        public List<ExecuteHarness.Step> steps() {
            long t = ExecuteHarness.T0;
            List<ExecuteHarness.Step> s = new ArrayList<>();
            s.add(plan(
                    t,
                    "checkout",
                    "p-clip",
                    new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 80))));
            s.add(plan(
                    t + 60_000,
                    "checkout",
                    "p-down",
                    new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 4))));
            s.add(plan(
                    t + 120_000,
                    "checkout",
                    "p-up",
                    new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 10))));
            s.add(plan(
                    t + 180_000, "checkout", "p-restart", new Action(ActionType.RESTART, "shop/checkout", Map.of())));
            s.add(plan(t + 190_000, "search", "p-drain", new Action(ActionType.DRAIN_NODE, "node-1", Map.of())));
            s.add(new ExecuteHarness.Step(
                    t + 240_000,
                    null,
                    null,
                    new ApprovalAnswer("p-restart#0", "checkout", true, "alice", "go", t + 240_000)));
            s.add(new ExecuteHarness.Step(
                    t + 250_000,
                    null,
                    null,
                    new ApprovalAnswer("p-drain#0", "search", false, "bob", "not during the sale", t + 250_000)));
            return s;
        }

        private static ExecuteHarness.Step plan(long t, String service, String key, Action a) {
            return new ExecuteHarness.Step(
                    t,
                    new ActionPlan(
                            Scope.service(service),
                            t,
                            "test",
                            "test " + key,
                            OperationalMode.BALANCED,
                            List.of(a),
                            1,
                            false,
                            key,
                            Map.of("cpu_usage", 90.0)),
                    null);
        }
    }

    private ExecuteConfig live(boolean dryRun) {
        String url = client.getMasterUrl().toString();
        ActuatorFactory k8s = () -> List.of(new KubernetesActuator(
                new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder()
                                .withMasterUrl(url)
                                .withTrustCerts(true)
                                .withNamespace("shop")
                                .build())
                        .build(),
                new KubernetesActuator.Options("shop", false)));
        String log = dir.resolve("action-log").toString();
        return ExecuteConfig.defaults().withActuators(k8s, dryRun, () -> new FileActionLog(Path.of(log)));
    }

    private static Deployment checkout() {
        return client.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get();
    }

    @Test
    void limitsCoolDownAndApprovalsHoldInTheStage() throws Exception {
        ExecuteHarness.run(new SafetyScript(), live(false), 0, 0);
        Map<String, List<ActionEvent>> byKey =
                ExecuteHarness.EVENTS.stream().collect(Collectors.groupingBy(ActionEvent::idempotencyKey));

        ActionEvent clip = byKey.get("p-clip#0").get(0);
        assertThat(clip.result().status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(clip.result().action().params()).containsEntry("replicas", 50);
        assertThat(clip.result().detail()).contains("clipped by hard limits: replicas 80 -> 50");
        Decision d = ExecuteHarness.DECISIONS.stream()
                .filter(x -> x.trigger().equals("test p-clip"))
                .findFirst()
                .orElseThrow();
        assertThat(d.actionsTaken().get(0).detail()).contains("clipped by hard limits");
        assertThat(d.actionsTaken().get(0).dryRun()).isFalse();

        assertThat(byKey.get("p-down#0").get(0).result().status()).isEqualTo(ActionStatus.EXECUTED);
        ActionEvent up = byKey.get("p-up#0").get(0);
        assertThat(up.result().status()).isEqualTo(ActionStatus.DENIED);
        assertThat(up.result().detail()).startsWith("cool-down: scaling up");
        assertThat(checkout().getSpec().getReplicas())
                .as("the refused scale-up never ran")
                .isEqualTo(4);

        List<ActionStatus> restart =
                byKey.get("p-restart#0").stream().map(e -> e.result().status()).toList();
        assertThat(restart).containsExactly(ActionStatus.AWAITING_APPROVAL, ActionStatus.EXECUTED);
        assertThat(byKey.get("p-restart#0").get(1).path()).isEqualTo("approved");
        assertThat(checkout().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey(KubernetesActuator.RESTARTED_AT);

        List<ActionEvent> drain = byKey.get("p-drain#0");
        assertThat(drain)
                .extracting(e -> e.result().status())
                .containsExactly(ActionStatus.AWAITING_APPROVAL, ActionStatus.DENIED);
        assertThat(drain.get(1).result().detail()).isEqualTo("denied by bob: not during the sale");
        assertThat(client.nodes().withName("node-1").get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void dryRunByDefaultTouchesNothingAndSaysWhatWouldNeedApproval() throws Exception {
        ExecuteHarness.run(new SafetyScript(), live(true), 0, 0);
        assertThat(ExecuteHarness.EVENTS).extracting(e -> e.result().status()).containsOnly(ActionStatus.DRY_RUN);
        assertThat(ExecuteHarness.EVENTS)
                .allSatisfy(e -> assertThat(e.result().dryRun()).isTrue());
        assertThat(ExecuteHarness.EVENTS.stream()
                        .filter(e -> e.idempotencyKey().equals("p-restart#0"))
                        .findFirst()
                        .orElseThrow()
                        .result()
                        .detail())
                .startsWith("would need approval before running");
        assertThat(checkout().getSpec().getReplicas()).isEqualTo(3);
        assertThat(checkout().getSpec().getTemplate().getMetadata().getAnnotations())
                .doesNotContainKey(KubernetesActuator.RESTARTED_AT);
        assertThat(ExecuteConfig.defaults().globalDryRun()).isTrue();
    }
}
