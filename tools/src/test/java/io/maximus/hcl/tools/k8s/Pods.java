package io.maximus.hcl.tools.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.maximus.hcl.tools.k8s.Manifests.Doc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The pods the manifests make run, with the labels they will carry: from pod templates and from the operators. */
final class Pods {

    /**
     * One kind of pod.
     *
     * @param owner the manifest that makes it
     * @param role which of the owner's pods (the owner's name, or jobmanager/taskmanager, broker pool, ...)
     * @param namespace its namespace
     * @param labels its labels
     * @param spec its spec when the manifest writes one (null for pods an operator writes entirely)
     * @param ports container ports by name (unnamed ones under their number)
     * @param claimTemplates the StatefulSet's volume claim templates, usable as volumes
     */
    record PodKind(
            Doc owner,
            String role,
            String namespace,
            Map<String, String> labels,
            PodSpec spec,
            Map<String, Integer> ports,
            Set<String> claimTemplates) {

        boolean matches(Map<String, String> selector) {
            return labels.entrySet().containsAll(selector.entrySet());
        }

        @Override
        public String toString() {
            return owner.kind() + "/" + owner.name() + " (" + role + ")";
        }
    }

    private Pods() {}

    /** Every pod kind of these manifests. */
    static List<PodKind> of(List<Doc> docs) {
        List<PodKind> out = new ArrayList<>();
        for (Doc d : docs) {
            switch (d.kind()) {
                case "Deployment" ->
                    add(
                            out,
                            d,
                            d.name(),
                            Manifests.bind(d.tree(), Deployment.class).getSpec().getTemplate(),
                            Set.of());
                case "DaemonSet" ->
                    add(
                            out,
                            d,
                            d.name(),
                            Manifests.bind(d.tree(), DaemonSet.class).getSpec().getTemplate(),
                            Set.of());
                case "StatefulSet" -> {
                    StatefulSet s = Manifests.bind(d.tree(), StatefulSet.class);
                    add(
                            out,
                            d,
                            d.name(),
                            s.getSpec().getTemplate(),
                            s.getSpec().getVolumeClaimTemplates().stream()
                                    .map(c -> c.getMetadata().getName())
                                    .collect(Collectors.toSet()));
                }
                case "CronJob" ->
                    add(
                            out,
                            d,
                            d.name(),
                            Manifests.bind(d.tree(), CronJob.class)
                                    .getSpec()
                                    .getJobTemplate()
                                    .getSpec()
                                    .getTemplate(),
                            Set.of());
                case "FlinkDeployment" -> flink(out, d);
                case "Kafka" -> strimzi(out, d, docs);
                default -> {}
            }
        }
        return out;
    }

    private static void add(List<PodKind> out, Doc d, String role, PodTemplateSpec t, Set<String> claims) {
        out.add(new PodKind(
                d, role, d.namespace(), t.getMetadata().getLabels(), t.getSpec(), ports(t.getSpec()), claims));
    }

    static Map<String, Integer> ports(PodSpec spec) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Container c : spec.getContainers()) {
            for (ContainerPort p : c.getPorts()) {
                ports.put(
                        p.getName() != null ? p.getName() : String.valueOf(p.getContainerPort()), p.getContainerPort());
            }
        }
        return ports;
    }

    /** Flink's native Kubernetes mode labels its pods app=<deployment>, component, type=flink-native-kubernetes. */
    private static void flink(List<PodKind> out, Doc d) {
        JsonNode template = d.spec().path("podTemplate");
        Pod pod = Manifests.bind(template, Pod.class);
        for (String component : List.of("jobmanager", "taskmanager")) {
            Map<String, String> labels = new HashMap<>(
                    pod.getMetadata() == null ? Map.of() : pod.getMetadata().getLabels());
            labels.put("app", d.name());
            labels.put("component", component);
            labels.put("type", "flink-native-kubernetes");
            Map<String, Integer> ports = ports(pod.getSpec());
            ports.putIfAbsent("rest", 8081);
            out.add(new PodKind(d, component, d.namespace(), labels, pod.getSpec(), ports, Set.of()));
        }
    }

    /** Strimzi's pods: one per node pool (with its roles' labels) and the entity operator. */
    private static void strimzi(List<PodKind> out, Doc kafka, List<Doc> docs) {
        String cluster = kafka.name();
        Map<String, Integer> listenerPorts = new LinkedHashMap<>();
        kafka.spec()
                .path("kafka")
                .path("listeners")
                .forEach(l -> listenerPorts.put(
                        l.path("name").asText(), l.path("port").asInt()));
        for (Doc pool : docs) {
            if (!pool.kind().equals("KafkaNodePool")
                    || !cluster.equals(pool.tree()
                            .path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())) {
                continue;
            }
            Set<String> roles = new java.util.HashSet<>();
            pool.spec().path("roles").forEach(r -> roles.add(r.asText()));
            Map<String, String> labels = new HashMap<>(Map.of(
                    "strimzi.io/cluster",
                    cluster,
                    "strimzi.io/kind",
                    "Kafka",
                    "strimzi.io/name",
                    cluster + "-kafka",
                    "strimzi.io/pool-name",
                    pool.name(),
                    "strimzi.io/broker-role",
                    String.valueOf(roles.contains("broker")),
                    "strimzi.io/controller-role",
                    String.valueOf(roles.contains("controller"))));
            Map<String, Integer> ports = new LinkedHashMap<>(Map.of("tcp-ctrlplane", 9090, "tcp-replication", 9091));
            if (roles.contains("broker")) {
                ports.putAll(listenerPorts);
            }
            out.add(new PodKind(pool, pool.name(), pool.namespace(), labels, null, ports, Set.of()));
        }
        out.add(new PodKind(
                kafka,
                "entity-operator",
                kafka.namespace(),
                Map.of(
                        "strimzi.io/cluster",
                        cluster,
                        "strimzi.io/kind",
                        "Kafka",
                        "strimzi.io/name",
                        cluster + "-entity-operator"),
                null,
                Map.of(),
                Set.of()));
    }
}
