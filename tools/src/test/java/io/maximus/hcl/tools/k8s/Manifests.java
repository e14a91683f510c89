package io.maximus.hcl.tools.k8s;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Reads every manifest under k8s/ (all documents of every file) and binds them to fabric8's and the CRDs' types. */
final class Manifests {

    /** The folder of the manifests, from the jobs module's working directory. */
    static final Path ROOT = Path.of("..", "k8s");

    /** Kinds HCL deploys, with the typed model each must bind to. */
    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("DaemonSet", io.fabric8.kubernetes.api.model.apps.DaemonSet.class),
            Map.entry("StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
            Map.entry("Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
            Map.entry("RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class),
            Map.entry("ClusterRole", io.fabric8.kubernetes.api.model.rbac.ClusterRole.class),
            Map.entry("ClusterRoleBinding", io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class),
            Map.entry("NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class),
            Map.entry("FlinkDeployment", org.apache.flink.kubernetes.operator.api.FlinkDeployment.class),
            Map.entry("ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("PodMonitor", io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            Map.entry("PrometheusRule", io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class));

    /** The apiVersion each kind must be written with. */
    static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("ServiceAccount", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("DaemonSet", "apps/v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("CronJob", "batch/v1"),
            Map.entry("Role", "rbac.authorization.k8s.io/v1"),
            Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRole", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("Kafka", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaNodePool", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaTopic", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaUser", "kafka.strimzi.io/v1beta2"),
            Map.entry("FlinkDeployment", "flink.apache.org/v1beta1"),
            Map.entry("ServiceMonitor", "monitoring.coreos.com/v1"),
            Map.entry("PodMonitor", "monitoring.coreos.com/v1"),
            Map.entry("PrometheusRule", "monitoring.coreos.com/v1"));

    static final YAMLMapper YAML = new YAMLMapper();
    /**
     * Unknown properties fail where a model has no catch-all, even where the model says to ignore them (the Flink
     * operator's spec classes are {@code @JsonIgnoreProperties(ignoreUnknown = true)}); models with a catch-all map
     * are checked by {@link #unknownFields}.
     */
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
                }
            });

    /**
     * One document of one manifest file.
     *
     * @param file the file, relative to k8s/
     * @param index the document's position in the file
     * @param tree the document as parsed
     */
    record Doc(String file, int index, ObjectNode tree) {

        String kind() {
            return tree.path("kind").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        String namespace() {
            return tree.path("metadata").path("namespace").asText();
        }

        JsonNode spec() {
            return tree.path("spec");
        }

        @Override
        public String toString() {
            return file + "#" + index + " " + kind() + "/" + name();
        }
    }

    private Manifests() {}

    /** Every YAML file under k8s/ but the kustomization, relative paths sorted. */
    static List<Path> files() {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .map(ROOT::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of every manifest file. */
    static List<Doc> load() {
        List<Doc> docs = new ArrayList<>();
        for (Path f : files()) {
            try (var parser = new YAMLFactory().createParser(ROOT.resolve(f).toFile())) {
                var it = YAML.readValues(parser, JsonNode.class);
                int i = 0;
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isNull() && !n.isMissingNode()) {
                        if (!(n instanceof ObjectNode o)) {
                            throw new AssertionError(f + "#" + i + " is not a mapping");
                        }
                        docs.add(new Doc(f.toString().replace('\\', '/'), i, o));
                    }
                    i++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(f.toString(), e);
            }
        }
        return docs;
    }

    /** The kustomization at k8s/kustomization.yaml. */
    static JsonNode kustomization() {
        try {
            return YAML.readTree(ROOT.resolve("kustomization.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds a tree to a type, failing on properties the type does not know. */
    static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return STRICT.treeToValue(tree, type);
        } catch (IOException e) {
            throw new AssertionError("does not bind to " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The properties a bound model kept in a catch-all map (fabric8's and Strimzi's models keep unknown fields there
     * instead of failing), as paths; empty when every field of the manifest is one the schema knows.
     */
    static List<String> unknownFields(Object model) {
        List<String> out = new ArrayList<>();
        walk(model, "", out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Object o, String path, List<String> out, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8")
                        || pkg.startsWith("io.strimzi")
                        || pkg.startsWith("org.apache.flink.kubernetes"))
                || o.getClass().isEnum()) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                Object v = read(f, o);
                if (f.getName().equals("additionalProperties") && v instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> out.add(path + "." + k));
                } else {
                    walk(v, path + "." + f.getName(), out, seen);
                }
            }
        }
    }

    private static Object read(Field f, Object o) {
        try {
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
