package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.sinks.safety.HardLimits;
import io.maximus.hcl.sinks.safety.RateLimitState;
import io.maximus.hcl.sinks.safety.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A relative scale-up ({@code replicas_delta}, what the job plans) against the deployment's current replicas. */
@EnableKubernetesMockClient(crud = true)
class RelativeScaleTest {

    static KubernetesClient client;

    @BeforeEach
    void deployment() {
        deploy(3);
    }

    private static void deploy(int replicas) {
        client.apps()
                .deployments()
                .inNamespace("shop")
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("checkout-deploy")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("app")
                        .withImage("shop/checkout:1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .createOr(r -> r.update());
    }

    private static int replicas() {
        return client.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout-deploy")
                .get()
                .getSpec()
                .getReplicas();
    }

    private static ActuatorRegistry registry(boolean dryRun, int maxReplicas) {
        Actuator k8s = new TargetedActuator(
                new KubernetesActuator(
                        client, new KubernetesActuator.Options("default", false, java.util.Set.of("shop"))),
                TargetMap.parse("checkout=shop/checkout-deploy"),
                java.util.Set.of(ActionType.DRAIN_NODE),
                "HCL_TARGETS_KUBERNETES");
        return new ActuatorRegistry(
                List.of(k8s),
                dryRun,
                Clock.systemUTC(),
                new HardLimits(maxReplicas, 4, 16e9, HardLimits.OnViolation.CLIP));
    }

    private static Action up(int delta) {
        return new Action(ActionType.SCALE_DEPLOYMENT, "checkout", Map.of("replicas_delta", delta, "reason", "x"));
    }

    @Test
    void dryRunSaysTheAbsoluteCountItWouldSet() {
        ActionResult r = registry(true, 50).run(up(2)).result();
        assertThat(r.status()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(r.call()).contains("PATCH deployment shop/checkout-deploy spec.replicas=5 (now 3, +2)");
        assertThat(replicas()).isEqualTo(3);
    }

    @Test
    void liveRunSetsCurrentPlusDeltaAndRevertsToTheCurrent() {
        try (ActuatorRegistry reg = registry(false, 50)) {
            Attempt at = reg.run(up(1));
            assertThat(at.result().status()).isEqualTo(ActionStatus.EXECUTED);
            assertThat(at.result().detail()).contains("replicas 3 -> 4").contains("verify: ok");
            assertThat(replicas()).isEqualTo(4);
            assertThat(at.execution().undo()).containsEntry("replicas", "3");
            assertThat(reg.revert(at.execution()).status()).isEqualTo(ActionStatus.REVERTED);
            assertThat(replicas()).isEqualTo(3);
        }
    }

    @Test
    void theCeilingHoldsForRelativeChanges() {
        deploy(9);
        try (ActuatorRegistry reg = registry(false, 10)) {
            ActionResult r = reg.run(up(5)).result();
            assertThat(r.status()).isEqualTo(ActionStatus.EXECUTED);
            assertThat(r.detail()).contains("replicas 14 -> 10 (never above the maximum of 10)");
            assertThat(replicas()).isEqualTo(10);
        }
    }

    @Test
    void refuseModeDeniesARelativeChangeOverTheCeiling() {
        deploy(9);
        ActuatorRegistry reg = new ActuatorRegistry(
                List.of(new KubernetesActuator(client, new KubernetesActuator.Options("shop", false))),
                false,
                Clock.systemUTC(),
                new HardLimits(10, 4, 16e9, HardLimits.OnViolation.REFUSE));
        ActionResult r = reg.run(
                        new Action(ActionType.SCALE_DEPLOYMENT, "checkout-deploy", Map.of("replicas_delta", 5)))
                .result();
        assertThat(r.status()).isEqualTo(ActionStatus.DENIED);
        assertThat(r.detail()).contains("refused by hard limits");
        assertThat(replicas()).isEqualTo(9);
    }

    @Test
    void aDeltaForAMissingDeploymentIsInvalidNotMissingReplicas() {
        ActionResult r = registry(true, 50)
                .run(new Action(ActionType.SCALE_DEPLOYMENT, "checkout", Map.of("replicas_delta", 1)))
                .result();
        assertThat(r.status()).isEqualTo(ActionStatus.DRY_RUN);
        client.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout-deploy")
                .delete();
        r = registry(true, 50).run(up(1)).result();
        assertThat(r.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(r.detail()).contains("no deployment shop/checkout-deploy").doesNotContain("missing parameter");
    }

    @Test
    void theCoolDownAppliesToRelativeChanges() {
        RateLimiter rl = new RateLimiter(Duration.ofMinutes(1), Duration.ofMinutes(5));
        RateLimitState s = rl.record(new RateLimitState(), up(1), 1_000);
        assertThat(rl.check(s, up(-1), 61_000).allowed()).isFalse();
        assertThat(rl.check(s, up(-1), 61_000).detail()).contains("cool-down");
        assertThat(rl.check(s, up(1), 61_000).allowed()).isTrue();
        assertThat(rl.check(s, up(-1), 1_000 + 301_000).allowed()).isTrue();
        RateLimitState down = rl.record(new RateLimitState(), up(-2), 1_000);
        assertThat(rl.check(down, up(2), 100_000).allowed()).isFalse();
    }
}
