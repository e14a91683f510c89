package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes actuator against fabric8's mock API server in CRUD mode (no real API server can run here). */
@EnableKubernetesMockClient(crud = true)
class KubernetesActuatorTest extends ActuatorContractTest {

    static KubernetesClient client;

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
                                .withNewResources()
                                .addToRequests("cpu", new Quantity("250m"))
                                .addToLimits("memory", new Quantity("512Mi"))
                                .endResources()
                                .build())
                        .addToContainers(new ContainerBuilder()
                                .withName("sidecar")
                                .withImage("proxy:1")
                                .build())
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .createOr(r -> r.update());
        client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace("shop")
                .resource(new HorizontalPodAutoscalerBuilder()
                        .withNewMetadata()
                        .withName("checkout")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .withMinReplicas(2)
                        .withMaxReplicas(10)
                        .withNewScaleTargetRef()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName("checkout")
                        .endScaleTargetRef()
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
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("node-2")
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .build())
                .createOr(r -> r.update());
        pod("shop", "checkout-a", "node-1", "checkout", null);
        pod("shop", "db-0", "node-1", "db", null);
        pod("kube-system", "node-exporter-x", "node-1", "node-exporter", "DaemonSet");
        pod("shop", "checkout-b", "node-2", "checkout", null);
        client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace("shop")
                .resource(new PodDisruptionBudgetBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels("app", "db")
                        .endSelector()
                        .withMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
                        .endSpec()
                        .withNewStatus()
                        .withDisruptionsAllowed(0)
                        .endStatus()
                        .build())
                .createOr(r -> r.update());
    }

    private static void pod(String ns, String name, String node, String app, String ownerKind) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("app", app)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addToContainers(
                        new ContainerBuilder().withName("c").withImage("x").build())
                .endSpec();
        if (ownerKind != null) {
            b.editMetadata()
                    .addNewOwnerReference()
                    .withKind(ownerKind)
                    .withName(app)
                    .withApiVersion("apps/v1")
                    .withUid("u-" + name)
                    .endOwnerReference()
                    .endMetadata();
        }
        client.pods().inNamespace(ns).resource(b.build()).createOr(r -> r.update());
    }

    private static Deployment checkout() {
        return client.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get();
    }

    @Override
    protected Actuator actuator(boolean dryRun) {
        return new KubernetesActuator(client, new KubernetesActuator.Options("default", dryRun));
    }

    @Override
    protected Actuator fromEmptyEnvironment() {
        return new KubernetesActuator(client, KubernetesActuator.Options.fromEnv(new Env(Map.of())));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(
                new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 5)),
                new Action(ActionType.ADJUST_HPA, "shop/checkout", Map.of("min_replicas", 4, "max_replicas", 20)),
                new Action(
                        ActionType.UPDATE_RESOURCES,
                        "shop/checkout",
                        Map.of("cpu_request", "500m", "memory_limit", "1Gi")),
                new Action(
                        ActionType.UPDATE_RESOURCES, "shop/checkout", Map.of("container", "sidecar", "cpu_limit", "1")),
                new Action(ActionType.RESTART, "shop/checkout", Map.of()),
                new Action(ActionType.DRAIN_NODE, "node-1", Map.of()));
    }

    @Override
    protected List<Action> invalidActions() {
        return List.of(
                new Action(ActionType.SCALE_DEPLOYMENT, "shop/nope", Map.of("replicas", 2)),
                new Action(ActionType.SCALE_DEPLOYMENT, "shop/Check Out", Map.of("replicas", 2)),
                new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", "many")),
                new Action(ActionType.ADJUST_HPA, "shop/checkout", Map.of("min_replicas", 5, "max_replicas", 2)),
                new Action(ActionType.UPDATE_RESOURCES, "shop/checkout", Map.of("cpu_request", "lots")),
                new Action(ActionType.UPDATE_RESOURCES, "shop/checkout", Map.of("container", "x", "cpu_limit", "1")),
                // one instance: Kubernetes restarts whole deployments, so it must not pass as an unapproved restart
                new Action(ActionType.RESTART, "shop/checkout", Map.of("instance", "checkout-7d9f-abcde")),
                new Action(ActionType.DRAIN_NODE, "node-9", Map.of()));
    }

    @Override
    protected Object observe(Action a) {
        return switch (a.type()) {
            case SCALE_DEPLOYMENT -> checkout().getSpec().getReplicas();
            case ADJUST_HPA -> {
                HorizontalPodAutoscaler h = client.autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace("shop")
                        .withName("checkout")
                        .get();
                yield h.getSpec().getMinReplicas() + ".." + h.getSpec().getMaxReplicas();
            }
            case UPDATE_RESOURCES ->
                checkout().getSpec().getTemplate().getSpec().getContainers().stream()
                        .map(c -> c.getName() + "="
                                + (c.getResources() == null
                                        ? "{}"
                                        : c.getResources().getRequests() + "/"
                                                + c.getResources().getLimits()))
                        .toList();
            case RESTART ->
                String.valueOf(checkout().getSpec().getTemplate().getMetadata().getAnnotations());
            case DRAIN_NODE ->
                client.nodes().withName(a.target()).get().getSpec().getUnschedulable();
            default -> null;
        };
    }

    @Test
    void scaleAndRevertRoundTripThroughTheApiServer() {
        try (Actuator a = actuator(false)) {
            Execution e = a.execute(new Action(ActionType.SCALE_DEPLOYMENT, "shop/checkout", Map.of("replicas", 7)));
            assertThat(checkout().getSpec().getReplicas()).isEqualTo(7);
            assertThat(e.undo()).containsEntry("replicas", "3");
            a.revert(e);
            assertThat(checkout().getSpec().getReplicas()).isEqualTo(3);
        }
    }

    @Test
    void updateResourcesChangesOnlyTheNamedContainerAndKeepsOtherValues() {
        try (Actuator a = actuator(false)) {
            a.execute(new Action(ActionType.UPDATE_RESOURCES, "shop/checkout", Map.of("cpu_limit", "2")));
            var app = checkout()
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getResources();
            assertThat(app.getRequests()).containsEntry("cpu", new Quantity("250m"));
            assertThat(app.getLimits())
                    .containsEntry("cpu", new Quantity("2"))
                    .containsEntry("memory", new Quantity("512Mi"));
            assertThat(checkout()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(1)
                            .getResources())
                    .isNull();
        }
    }

    @Test
    void drainCordonsAndLeavesDaemonSetAndBudgetProtectedPods() {
        try (Actuator a = actuator(false)) {
            Execution e = a.execute(new Action(ActionType.DRAIN_NODE, "node-1", Map.of()));
            assertThat(e.success()).isTrue();
            assertThat(client.nodes().withName("node-1").get().getSpec().getUnschedulable())
                    .isTrue();
            assertThat(client.nodes().withName("node-2").get().getSpec().getUnschedulable())
                    .isNull();
            assertThat(e.detail())
                    .contains("shop/db-0 (PodDisruptionBudget db)")
                    .contains("left DaemonSet/mirror pods [kube-system/node-exporter-x]");
            // the pods on the other node were never touched; the budget-protected and DaemonSet pods are still there
            List<String> pods = client.pods().inAnyNamespace().list().getItems().stream()
                    .map(Pod::getMetadata)
                    .map(m -> m.getName())
                    .toList();
            assertThat(pods).contains("db-0", "node-exporter-x", "checkout-b");
            // the CRUD mock has no eviction subresource: checkout-a's eviction is either done or reported refused
            assertThat(e.detail()).containsAnyOf("evicted [shop/checkout-a]", "shop/checkout-a (eviction refused)");
            a.revert(e);
            assertThat(client.nodes().withName("node-1").get().getSpec().getUnschedulable())
                    .isNull();
        }
    }
}
