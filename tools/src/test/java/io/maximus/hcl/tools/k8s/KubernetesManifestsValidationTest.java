package io.maximus.hcl.tools.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.tools.cli.HclCli;
import io.maximus.hcl.tools.k8s.Manifests.Doc;
import io.maximus.hcl.tools.k8s.Pods.PodKind;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Validates every manifest under k8s/ offline: each document binds to its typed model (fabric8 for core kinds, Strimzi's
 * API for Kafka, the Flink operator's API for FlinkDeployment, fabric8's monitoring model for the Prometheus
 * Operator) with no field the schema does not know, and names, ports, labels, volumes, accounts, secrets, topics and
 * metric names agree across the manifests, the dashboard, docs/metrics.md and the code.
 */
class KubernetesManifestsValidationTest {

    /** Secrets the user creates (documented in docs/kubernetes.md); the others are written by Strimzi's User Operator. */
    private static final Set<String> USER_SECRETS = Set.of("hcl-db", "hcl-api-token");

    private static final String NS = "hcl";

    private static List<Doc> docs;
    private static List<PodKind> pods;

    @BeforeAll
    static void load() {
        docs = Manifests.load();
        pods = Pods.of(docs);
    }

    private static List<Doc> kind(String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    private static Doc one(String kind, String name) {
        return docs.stream()
                .filter(d -> d.kind().equals(kind) && d.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static boolean exists(String kind, String ns, String name) {
        return docs.stream()
                .anyMatch(d -> d.kind().equals(kind)
                        && d.name().equals(name)
                        && (ns == null || d.namespace().equals(ns)));
    }

    private static Map<String, String> labels(Doc d) {
        Map<String, String> out = new HashMap<>();
        d.tree()
                .path("metadata")
                .path("labels")
                .fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    // ---- schema ----

    @Test
    void everyDocumentBindsToItsTypedModelWithoutUnknownFields() {
        assertThat(docs).hasSizeGreaterThan(40);
        for (Doc d : docs) {
            assertThat(Manifests.TYPES).as(d.toString()).containsKey(d.kind());
            assertThat(d.tree().path("apiVersion").asText())
                    .as(d + " apiVersion")
                    .isEqualTo(Manifests.API_VERSIONS.get(d.kind()));
            assertThat(d.name()).as(d + " name").matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            ObjectNode tree = d.tree().deepCopy();
            if (d.kind().equals("FlinkDeployment")) {
                // The newest operator API on Maven Central (1.10.0) knows Flink up to v1_20; the version is checked by
                // hand (theJobRunsOnTheFlinkItIsBuiltFor) and the rest of the spec against the typed model.
                ((ObjectNode) tree.get("spec")).remove("flinkVersion");
            }
            Object model = Manifests.bind(tree, Manifests.TYPES.get(d.kind()));
            assertThat(Manifests.unknownFields(model))
                    .as(d + ": fields the schema does not know")
                    .isEmpty();
        }
    }

    @Test
    void objectsAreUniqueNamespacedAndSecretsOnlyReferenced() {
        Set<String> seen = new HashSet<>();
        for (Doc d : docs) {
            assertThat(seen.add(d.kind() + "/" + d.namespace() + "/" + d.name()))
                    .as("duplicate " + d)
                    .isTrue();
            boolean clusterScoped =
                    Set.of("Namespace", "ClusterRole", "ClusterRoleBinding").contains(d.kind());
            assertThat(d.namespace().isEmpty()).as(d + " namespaced").isEqualTo(clusterScoped);
            if (!clusterScoped && !d.namespace().equals(NS)) {
                // only the actuator's grant lives in the namespace it acts on
                assertThat(d.kind()).as(d.toString()).isIn("Role", "RoleBinding");
                assertThat(d.namespace()).isEqualTo(flinkEnv("HCL_K8S_NAMESPACE"));
            }
        }
        assertThat(kind("Secret")).as("secrets are referenced, never written").isEmpty();
        assertThat(exists("Namespace", null, NS)).isTrue();
    }

    @Test
    void theKustomizationListsEveryManifestAndProvisionsTheDashboardForGrafanasSidecar() throws Exception {
        JsonNode k = Manifests.kustomization();
        assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
        assertThat(k.has("namespace"))
                .as("no namespace override: the actuator Role lives elsewhere")
                .isFalse();
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = Manifests.files().stream()
                .map(p -> p.toString().replace('\\', '/'))
                .filter(f -> !f.startsWith("optional/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(files);
        JsonNode gen = k.path("configMapGenerator").get(0);
        assertThat(gen.path("name").asText()).isEqualTo("hcl-grafana-dashboard");
        assertThat(gen.path("options").path("labels").path("grafana_dashboard").asText())
                .isEqualTo("1");
        assertThat(gen.path("options").path("disableNameSuffixHash").asBoolean())
                .isTrue();
        String file = gen.path("files").get(0).asText().replaceFirst("^[^=]+=", "");
        assertThat(Manifests.ROOT.resolve(file)).exists();
    }

    // ---- workloads ----

    @Test
    void podsReferenceAccountsVolumesConfigMapsSecretsAndPortsThatExist() {
        assertThat(pods.stream().filter(p -> p.spec() != null)).hasSizeGreaterThanOrEqualTo(7);
        Set<String> generatedSecrets = kind("KafkaUser").stream().map(Doc::name).collect(Collectors.toSet());
        for (PodKind p : pods) {
            if (p.spec() == null) {
                continue;
            }
            PodSpec s = p.spec();
            String account = p.owner().kind().equals("FlinkDeployment")
                    ? p.owner().spec().path("serviceAccount").asText()
                    : s.getServiceAccountName();
            assertThat(account).as(p + " has its own ServiceAccount").isNotBlank();
            assertThat(exists("ServiceAccount", p.namespace(), account))
                    .as(p + " account " + account)
                    .isTrue();

            Set<String> volumes = s.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
            volumes.addAll(p.claimTemplates());
            Set<String> mounted = new HashSet<>();
            for (Container c : s.getContainers()) {
                for (VolumeMount m : c.getVolumeMounts()) {
                    assertThat(volumes).as(p + " mount " + m.getName()).contains(m.getName());
                    mounted.add(m.getName());
                }
                checkEnv(p, c, generatedSecrets);
                checkProbe(p, c.getReadinessProbe());
                checkProbe(p, c.getLivenessProbe());
            }
            assertThat(mounted).as(p + ": every volume is mounted").containsAll(volumes);
            for (Volume v : s.getVolumes()) {
                if (v.getPersistentVolumeClaim() != null) {
                    assertThat(exists(
                                    "PersistentVolumeClaim",
                                    p.namespace(),
                                    v.getPersistentVolumeClaim().getClaimName()))
                            .as(p + " claim")
                            .isTrue();
                }
                if (v.getConfigMap() != null) {
                    assertThat(exists(
                                    "ConfigMap", p.namespace(), v.getConfigMap().getName()))
                            .as(p + " configMap")
                            .isTrue();
                }
                if (v.getSecret() != null) {
                    assertThat(USER_SECRETS)
                            .as(p + " secret volume")
                            .contains(v.getSecret().getSecretName());
                }
            }
        }
    }

    private static void checkEnv(PodKind p, Container c, Set<String> generatedSecrets) {
        Set<String> names = c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() == null) {
                continue;
            }
            var cm = e.getValueFrom().getConfigMapKeyRef();
            if (cm != null) {
                Doc map = one("ConfigMap", cm.getName());
                assertThat(map.tree().path("data").has(cm.getKey()))
                        .as(p + " " + e.getName() + " key " + cm.getKey())
                        .isTrue();
            }
            var sk = e.getValueFrom().getSecretKeyRef();
            if (sk != null) {
                if (generatedSecrets.contains(sk.getName())) {
                    assertThat(sk.getKey())
                            .as("Strimzi's SCRAM user secret keys")
                            .isIn("password", "sasl.jaas.config");
                } else {
                    assertThat(USER_SECRETS).as(p + " secret " + sk.getName()).contains(sk.getName());
                }
            }
        }
        // $(VAR) in the command is expanded by the kubelet from the container's own env only
        List<String> command = new ArrayList<>(c.getCommand());
        command.addAll(c.getArgs());
        Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(String.join(" ", command));
        while (m.find()) {
            assertThat(names).as(p + " command uses $(" + m.group(1) + ")").contains(m.group(1));
        }
    }

    private static void checkProbe(PodKind p, Probe probe) {
        if (probe != null && probe.getHttpGet() != null) {
            var port = probe.getHttpGet().getPort();
            if (port.getStrVal() != null) {
                assertThat(p.ports()).as(p + " probe port").containsKey(port.getStrVal());
            } else {
                assertThat(p.ports()).as(p + " probe port").containsValue(port.getIntVal());
            }
        }
    }

    @Test
    void controllerSelectorsAndServicesMatchTheirPods() {
        for (Doc d : docs) {
            if (Set.of("Deployment", "DaemonSet", "StatefulSet").contains(d.kind())) {
                Map<String, String> sel =
                        Manifests.YAML.convertValue(d.spec().path("selector").path("matchLabels"), Map.class);
                PodKind p =
                        pods.stream().filter(k -> k.owner() == d).findFirst().orElseThrow();
                assertThat(sel).as(d + " selector").isNotEmpty();
                assertThat(p.matches(sel)).as(d + " selects its own template").isTrue();
            }
        }
        for (Doc svc : kind("Service")) {
            var s = Manifests.bind(svc.tree(), io.fabric8.kubernetes.api.model.Service.class)
                    .getSpec();
            List<PodKind> backends = pods.stream()
                    .filter(p -> p.namespace().equals(svc.namespace()) && p.matches(s.getSelector()))
                    .toList();
            assertThat(backends).as(svc + " selects pods").isNotEmpty();
            for (var port : s.getPorts()) {
                var target = port.getTargetPort();
                for (PodKind p : backends) {
                    if (target.getStrVal() != null) {
                        assertThat(p.ports()).as(svc + " targetPort in " + p).containsKey(target.getStrVal());
                    } else {
                        assertThat(p.ports()).as(svc + " targetPort in " + p).containsValue(target.getIntVal());
                    }
                }
            }
        }
        for (Doc sts : kind("StatefulSet")) {
            Doc headless = one("Service", sts.spec().path("serviceName").asText());
            assertThat(headless.spec().path("clusterIP").asText()).isEqualTo("None");
        }
    }

    // ---- the job, its models and its options ----

    private static String flinkEnv(String name) {
        for (JsonNode e : one("FlinkDeployment", "hcl")
                .spec()
                .path("podTemplate")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError("FlinkDeployment has no env " + name);
    }

    private static Properties options() throws Exception {
        Properties props = new Properties();
        props.load(new java.io.StringReader(one("ConfigMap", "hcl-options")
                .tree()
                .path("data")
                .path("hcl.properties")
                .asText()));
        return props;
    }

    @Test
    void theJobRunsOnTheFlinkItIsBuiltForWithSavepointUpgradesAndPrometheusMetrics() throws Exception {
        JsonNode spec = one("FlinkDeployment", "hcl").spec();
        Matcher pom = Pattern.compile("<flink.version>([^<]+)</flink.version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(pom.find()).isTrue();
        String flink = pom.group(1);
        assertThat(spec.path("flinkVersion").asText())
                .isEqualTo("v" + flink.replaceFirst("^(\\d+)\\.(\\d+).*", "$1_$2"));
        assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(spec.path("flinkConfiguration").path("state.savepoints.dir").asText())
                .isNotBlank();
        int prom = spec.path("flinkConfiguration")
                .path("metrics.reporter.prom.port")
                .asInt();
        PodKind tm = pods.stream()
                .filter(p -> p.role().equals("taskmanager"))
                .findFirst()
                .orElseThrow();
        assertThat(tm.ports()).containsEntry("metrics", prom);
        // every option in the ConfigMap is one the job knows
        Path tmp = Files.createTempFile("hcl", ".properties");
        Files.writeString(
                tmp,
                one("ConfigMap", "hcl-options")
                        .tree()
                        .path("data")
                        .path("hcl.properties")
                        .asText());
        Configuration conf = HclOptions.fromArgs(new String[] {"--config", tmp.toString()});
        assertThat(conf.get(HclOptions.FORECAST_ARTIFACT)).isNotBlank();
    }

    @Test
    void theJobReadsTheModelsTheTrainingCronJobWrites() throws Exception {
        PodKind job = pods.stream()
                .filter(p -> p.role().equals("jobmanager"))
                .findFirst()
                .orElseThrow();
        PodKind training = pods.stream()
                .filter(p -> p.owner().kind().equals("CronJob"))
                .findFirst()
                .orElseThrow();
        String claim = "hcl-models";
        String jobMount = mountOfClaim(job, claim);
        String trainingMount = mountOfClaim(training, claim);
        List<String> cmd = training.spec().getContainers().get(0).getCommand();
        String out = cmd.get(cmd.indexOf("--out") + 1);
        String artifact = options().getProperty("forecast.artifact");
        assertThat(out).startsWith(trainingMount + "/");
        assertThat(artifact).startsWith(jobMount + "/");
        assertThat(artifact.substring(jobMount.length()))
                .as("same folder of the same volume")
                .isEqualTo(out.substring(trainingMount.length()));
        assertThat(job.spec().getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null)
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim);
                    assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
                });
        assertThat(Manifests.bind(
                                one("PersistentVolumeClaim", claim).tree(),
                                io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class)
                        .getSpec()
                        .getAccessModes())
                .as("read by several pods, written by another")
                .contains("ReadWriteMany");
    }

    private static String mountOfClaim(PodKind p, String claim) {
        String volume = p.spec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName().equals(claim))
                .findFirst()
                .orElseThrow()
                .getName();
        return p.spec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume))
                .findFirst()
                .orElseThrow()
                .getMountPath();
    }

    @Test
    void theCollectorAndApiCommandsParseAndPointAtTheClusterServices() throws Exception {
        Map<String, String> collectorConfig = Manifests.YAML.convertValue(
                one("ConfigMap", "hcl-collector").tree().path("data"), Map.class);
        String bootstrap = bootstrap();
        assertThat(options().getProperty("kafka.bootstrap-servers")).isEqualTo(bootstrap);
        assertThat(collectorConfig.get("kafka-bootstrap-servers")).isEqualTo(bootstrap);
        assertThat(collectorConfig.get("node-service"))
                .as("nodes are not all service `node`")
                .isNotEqualTo("node");
        String jdbc = "jdbc:postgresql://" + serviceAddress("timescaledb") + "/hcl";
        assertThat(options().getProperty("jdbc.url")).isEqualTo(jdbc);
        for (String name : List.of("hcl-collector", "hcl-prometheus-collector", "hcl-api")) {
            PodKind p =
                    pods.stream().filter(k -> k.role().equals(name)).findFirst().orElseThrow();
            Container c = p.spec().getContainers().get(0);
            List<String> args = expand(c, collectorConfig);
            assertThat(args.subList(0, 1)).containsExactly("/opt/hcl/bin/hcl");
            // the arguments are ones the command accepts
            var parsed = new CommandLine(HclCli.class)
                    .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).isTrue();
            if (name.equals("hcl-api")) {
                assertThat(args)
                        .containsSequence("--port", String.valueOf(p.ports().get("http")));
                assertThat(args)
                        .containsSequence("--jdbc-url", jdbc)
                        .containsSequence("--kafka-bootstrap-servers", bootstrap)
                        .containsSequence("--approvals-topic", Topics.APPROVALS)
                        .containsSequence("--host", "0.0.0.0");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
            } else {
                assertThat(args).containsSequence("--kafka.bootstrap-servers", bootstrap);
            }
        }
        PodKind ds = pods.stream()
                .filter(k -> k.role().equals("hcl-collector"))
                .findFirst()
                .orElseThrow();
        assertThat(ds.spec().getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NODE_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });
        assertThat(ds.spec().getContainers().get(0).getCommand()).containsSequence("--host", "$(NODE_NAME)");
    }

    /** The container's command with $(VAR) expanded from literal env values and ConfigMap keys. */
    private static List<String> expand(Container c, Map<String, String> configMap) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                env.put(
                        e.getName(),
                        configMap.get(e.getValueFrom().getConfigMapKeyRef().getKey()));
            } else {
                env.put(e.getName(), "x");
            }
        }
        return c.getCommand().stream()
                .map(a -> {
                    Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)").matcher(a);
                    return m.replaceAll(r -> Matcher.quoteReplacement(env.get(r.group(1))));
                })
                .toList();
    }

    private static String serviceAddress(String service) {
        Doc s = one("Service", service);
        return service + "." + s.namespace() + ".svc:"
                + s.spec().path("ports").get(0).path("port").asInt();
    }

    private static String bootstrap() {
        Doc kafka = kind("Kafka").get(0);
        return kafka.name() + "-kafka-bootstrap." + kafka.namespace() + ".svc:"
                + kafka.spec()
                        .path("kafka")
                        .path("listeners")
                        .get(0)
                        .path("port")
                        .asInt();
    }

    // ---- Kafka ----

    private static List<String> hclTopics() throws Exception {
        List<String> topics = new ArrayList<>();
        for (var f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                topics.add((String) f.get(null));
            }
        }
        return topics;
    }

    @Test
    void kafkaRunsOnKraftNodePoolsWithATopicAndRetentionForEveryHclTopic() throws Exception {
        assertThat(kind("Kafka")).hasSize(1);
        Doc kafka = kind("Kafka").get(0);
        JsonNode ann = kafka.tree().path("metadata").path("annotations");
        assertThat(ann.path("strimzi.io/node-pools").asText()).isEqualTo("enabled");
        assertThat(ann.path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.spec().path("kafka").has("replicas"))
                .as("replicas come from the node pools")
                .isFalse();
        assertThat(kafka.spec().path("zookeeper").isMissingNode()).isTrue();
        Set<String> roles = new HashSet<>();
        for (Doc pool : kind("KafkaNodePool")) {
            assertThat(labels(pool)).containsEntry("strimzi.io/cluster", kafka.name());
            pool.spec().path("roles").forEach(r -> roles.add(r.asText()));
        }
        assertThat(roles).containsExactlyInAnyOrder("broker", "controller");

        Map<String, Doc> byTopic = new HashMap<>();
        for (Doc t : kind("KafkaTopic")) {
            assertThat(labels(t)).containsEntry("strimzi.io/cluster", kafka.name());
            assertThat(t.spec().path("config").path("retention.ms").asLong())
                    .as(t + " retention")
                    .isPositive();
            byTopic.put(t.spec().path("topicName").asText(t.name()), t);
        }
        assertThat(byTopic.keySet()).containsExactlyInAnyOrderElementsOf(hclTopics());
        Properties opts = options();
        Properties defaults = new Properties();
        try (var in = Files.newBufferedReader(Path.of("..", "flink-conf", "hcl.properties"))) {
            defaults.load(in);
        }
        for (String key : List.of("telemetry", "dlq", "decisions", "actions", "approvals", "analysis")) {
            String topic = opts.getProperty("kafka.topic." + key, defaults.getProperty("kafka.topic." + key));
            assertThat(byTopic).as("kafka.topic." + key).containsKey(topic);
        }
    }

    @Test
    void kafkaUsersHaveAclsOnlyOnHclTopicsAndTheirSecretsAreTheOnesTheWorkloadsRead() throws Exception {
        Map<String, Set<String>> topicsByUser = new HashMap<>();
        for (Doc u : kind("KafkaUser")) {
            assertThat(u.spec().path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            Set<String> topics = new HashSet<>();
            for (JsonNode acl : u.spec().path("authorization").path("acls")) {
                JsonNode r = acl.path("resource");
                assertThat(r.path("name").asText()).as(u + " acl").isNotEqualTo("*");
                if (r.path("type").asText().equals("topic")) {
                    assertThat(hclTopics())
                            .as(u + " acl topic")
                            .contains(r.path("name").asText());
                    topics.add(r.path("name").asText());
                }
            }
            topicsByUser.put(u.name(), topics);
        }
        assertThat(topicsByUser).containsOnlyKeys("hcl-job", "hcl-collector", "hcl-api");
        assertThat(topicsByUser.get("hcl-job")).containsExactlyInAnyOrderElementsOf(hclTopics());
        assertThat(topicsByUser.get("hcl-collector")).containsExactly(Topics.TELEMETRY_RAW);
        assertThat(topicsByUser.get("hcl-api")).containsExactly(Topics.APPROVALS);
        assertThat(kind("Kafka")
                        .get(0)
                        .spec()
                        .path("kafka")
                        .path("authorization")
                        .path("type")
                        .asText())
                .isEqualTo("simple");
        // which user each Kafka client runs as
        Map<String, String> userOf = Map.of(
                "jobmanager",
                "hcl-job",
                "taskmanager",
                "hcl-job",
                "hcl-collector",
                "hcl-collector",
                "hcl-prometheus-collector",
                "hcl-collector",
                "hcl-api",
                "hcl-api");
        userOf.forEach((role, user) -> {
            PodKind p =
                    pods.stream().filter(k -> k.role().equals(role)).findFirst().orElseThrow();
            assertThat(p.spec().getContainers().get(0).getEnv()).as(role).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("HCL_KAFKA_SASL_JAAS_CONFIG");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(user);
            });
        });
    }

    // ---- RBAC ----

    @Test
    void everyRoleIsBoundToAnExistingAccountAndGrantsNoMoreThanTheActuatorsUse() {
        for (Doc b : docs.stream().filter(d -> d.kind().endsWith("RoleBinding")).toList()) {
            JsonNode ref = b.tree().path("roleRef");
            String refKind = ref.path("kind").asText();
            assertThat(ref.path("name").asText()).isNotIn("cluster-admin", "admin", "edit");
            assertThat(exists(
                            refKind,
                            refKind.equals("Role") ? b.namespace() : null,
                            ref.path("name").asText()))
                    .as(b + " roleRef")
                    .isTrue();
            for (JsonNode s : b.tree().path("subjects")) {
                assertThat(s.path("kind").asText()).isEqualTo("ServiceAccount");
                assertThat(exists(
                                "ServiceAccount",
                                s.path("namespace").asText(),
                                s.path("name").asText()))
                        .as(b + " subject")
                        .isTrue();
            }
        }
        for (Doc r : docs.stream()
                .filter(d -> d.kind().endsWith("Role") && !d.kind().endsWith("Binding"))
                .toList()) {
            boolean bound = docs.stream()
                    .anyMatch(b -> b.kind().endsWith("RoleBinding")
                            && b.tree().path("roleRef").path("kind").asText().equals(r.kind())
                            && b.tree().path("roleRef").path("name").asText().equals(r.name())
                            && (r.kind().equals("ClusterRole") || b.namespace().equals(r.namespace())));
            assertThat(bound).as(r + " is bound").isTrue();
            for (JsonNode rule : r.tree().path("rules")) {
                rule.path("verbs")
                        .forEach(v -> assertThat(v.asText()).as(r + " verbs").isNotEqualTo("*"));
                rule.path("resources")
                        .forEach(
                                v -> assertThat(v.asText()).as(r + " resources").isNotEqualTo("*"));
                rule.path("apiGroups")
                        .forEach(
                                v -> assertThat(v.asText()).as(r + " apiGroups").isNotEqualTo("*"));
            }
        }
        assertThat(kind("ClusterRole")).allSatisfy(r -> assertThat(r.file()).startsWith("optional/"));
        // exactly what KubernetesActuator does in the managed namespace: get + patch (edit) deployments and HPAs
        Role actuator = Manifests.bind(one("Role", "hcl-actuator").tree(), Role.class);
        Map<String, Set<String>> grants = new HashMap<>();
        for (PolicyRule rule : actuator.getRules()) {
            for (String res : rule.getResources()) {
                grants.computeIfAbsent(rule.getApiGroups().get(0) + "/" + res, k -> new TreeSet<>())
                        .addAll(rule.getVerbs());
            }
        }
        assertThat(grants)
                .isEqualTo(Map.of(
                        "apps/deployments",
                        Set.of("get", "patch"),
                        "autoscaling/horizontalpodautoscalers",
                        Set.of("get", "patch")));
        RoleBinding binding = Manifests.bind(one("RoleBinding", "hcl-actuator").tree(), RoleBinding.class);
        assertThat(binding.getSubjects())
                .extracting(Subject::getName)
                .containsExactly(one("FlinkDeployment", "hcl")
                        .spec()
                        .path("serviceAccount")
                        .asText());
    }

    // ---- NetworkPolicies ----

    private static Map<String, String> matchLabelsOrEmpty(LabelSelector s) {
        return s == null || s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
    }

    private static Predicate<PodKind> selects(LabelSelector s) {
        return p -> p.matches(matchLabelsOrEmpty(s))
                && (s == null
                        || s.getMatchExpressions() == null
                        || s.getMatchExpressions().stream().allMatch(e -> expressionHolds(e, p.labels())));
    }

    private static boolean expressionHolds(LabelSelectorRequirement e, Map<String, String> labels) {
        return switch (e.getOperator()) {
            case "In" -> e.getValues().contains(labels.get(e.getKey()));
            case "NotIn" -> !e.getValues().contains(labels.get(e.getKey()));
            case "Exists" -> labels.containsKey(e.getKey());
            case "DoesNotExist" -> !labels.containsKey(e.getKey());
            default -> throw new AssertionError("operator " + e.getOperator());
        };
    }

    @Test
    void networkPoliciesDenyByDefaultAndSelectRealPodsOnRealPorts() {
        List<NetworkPolicy> policies = kind("NetworkPolicy").stream()
                .map(d -> Manifests.bind(d.tree(), NetworkPolicy.class))
                .toList();
        assertThat(policies).anySatisfy(p -> {
            assertThat(matchLabelsOrEmpty(p.getSpec().getPodSelector())).isEmpty();
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isEmpty();
            assertThat(p.getSpec().getEgress()).isEmpty();
        });
        List<PodKind> inNs = pods.stream().filter(p -> p.namespace().equals(NS)).toList();
        for (NetworkPolicy np : policies) {
            String name = np.getMetadata().getName();
            List<PodKind> targets =
                    inNs.stream().filter(selects(np.getSpec().getPodSelector())).toList();
            assertThat(targets).as(name + " selects pods").isNotEmpty();
            np.getSpec()
                    .getIngress()
                    .forEach(r -> checkPeers(name + " ingress", r.getFrom(), r.getPorts(), targets, inNs, true));
            np.getSpec()
                    .getEgress()
                    .forEach(r -> checkPeers(name + " egress", r.getTo(), r.getPorts(), targets, inNs, false));
        }
        // the brokers' own ingress comes from the listener's peers; each must be an HCL client pod
        for (JsonNode peer : kind("Kafka")
                .get(0)
                .spec()
                .path("kafka")
                .path("listeners")
                .get(0)
                .path("networkPolicyPeers")) {
            NetworkPolicyPeer p = Manifests.bind(peer, NetworkPolicyPeer.class);
            assertThat(inNs.stream().filter(selects(p.getPodSelector())))
                    .as("listener peer " + peer)
                    .isNotEmpty();
        }
        // every pod with a spec (the ones HCL writes) is allowed somewhere: a policy other than the blanket ones
        // selects it
        for (PodKind p : inNs.stream().filter(k -> k.spec() != null).toList()) {
            assertThat(policies.stream()
                            .filter(np -> !matchLabelsOrEmpty(np.getSpec().getPodSelector())
                                            .isEmpty()
                                    || np.getSpec().getPodSelector().getMatchExpressions() != null
                                            && !np.getSpec()
                                                    .getPodSelector()
                                                    .getMatchExpressions()
                                                    .isEmpty())
                            .anyMatch(
                                    np -> selects(np.getSpec().getPodSelector()).test(p)))
                    .as(p + " has a policy")
                    .isTrue();
        }
    }

    private static void checkPeers(
            String what,
            List<NetworkPolicyPeer> peers,
            List<NetworkPolicyPort> ports,
            List<PodKind> targets,
            List<PodKind> inNs,
            boolean ingress) {
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getNamespaceSelector() != null || peer.getIpBlock() != null) {
                continue;
            }
            List<PodKind> matched =
                    inNs.stream().filter(selects(peer.getPodSelector())).toList();
            assertThat(matched).as(what + " peer " + peer.getPodSelector()).isNotEmpty();
            // the port must be open on the pods receiving the traffic
            for (NetworkPolicyPort port : ports) {
                for (PodKind receiver : ingress ? targets : matched) {
                    assertThat(receiver.ports())
                            .as(what + " port " + port.getPort().getIntVal() + " on " + receiver)
                            .containsValue(port.getPort().getIntVal());
                }
            }
        }
        if (peers.isEmpty() && ingress) {
            for (NetworkPolicyPort port : ports) {
                targets.forEach(t -> assertThat(t.ports())
                        .as(what)
                        .containsValue(port.getPort().getIntVal()));
            }
        }
    }

    // ---- Prometheus and Grafana ----

    @Test
    void monitorsSelectRealPodsAndServicePorts() {
        for (Doc pm : kind("PodMonitor")) {
            var m = Manifests.bind(pm.tree(), io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class);
            List<PodKind> targets = pods.stream()
                    .filter(p -> p.namespace().equals(pm.namespace()))
                    .filter(selects(m.getSpec().getSelector()))
                    .toList();
            assertThat(targets).as(pm + " selects pods").isNotEmpty();
            m.getSpec()
                    .getPodMetricsEndpoints()
                    .forEach(e -> targets.forEach(
                            t -> assertThat(t.ports()).as(pm + " port on " + t).containsKey(e.getPort())));
        }
        for (Doc sm : kind("ServiceMonitor")) {
            var m = Manifests.bind(sm.tree(), io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class);
            List<Doc> services = kind("Service").stream()
                    .filter(s -> s.namespace().equals(sm.namespace())
                            && labels(s)
                                    .entrySet()
                                    .containsAll(m.getSpec()
                                            .getSelector()
                                            .getMatchLabels()
                                            .entrySet()))
                    .toList();
            assertThat(services).as(sm + " selects services").isNotEmpty();
            for (Doc s : services) {
                Set<String> portNames = new HashSet<>();
                s.spec().path("ports").forEach(p -> portNames.add(p.path("name").asText()));
                m.getSpec()
                        .getEndpoints()
                        .forEach(e -> assertThat(portNames).as(sm + " port").contains(e.getPort()));
            }
        }
    }

    private static Set<String> documentedMetrics() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("`([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^`]*})?`").matcher(doc);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theDashboardHasTenPanelsWithQueriesAndEveryMetricItReadsIsDocumented() throws Exception {
        JsonNode dash = Manifests.STRICT.readTree(
                Manifests.ROOT.resolve("monitoring/hcl-dashboard.json").toFile());
        JsonNode panels = dash.path("panels");
        assertThat(panels.size()).isGreaterThanOrEqualTo(10);
        Set<String> documented = documentedMetrics();
        Set<String> titles = new HashSet<>();
        Set<String> used = new LinkedHashSet<>();
        for (JsonNode p : panels) {
            assertThat(titles.add(p.path("title").asText()))
                    .as("unique title " + p.path("title"))
                    .isTrue();
            assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText();
                assertThat(PromQlNames.of(expr))
                        .as(p.path("title") + ": " + expr)
                        .isNotEmpty();
                used.addAll(PromQlNames.of(expr));
            }
        }
        for (String name : used) {
            assertThat(documented.contains(name) || documented.contains(PromQlNames.family(name)))
                    .as(name + " in docs/metrics.md")
                    .isTrue();
        }
        String all = panels.toString();
        for (String topic : List.of(
                "hcl_decisions_total",
                "hcl_actions_total",
                "hcl_anomaly_score",
                "hcl_forecast_cpu",
                "hcl_failure_probability",
                "hcl_approvals_pending",
                "hcl_dead_letters_total",
                "hcl_decision_latency_seconds",
                "flink_jobmanager_numRunningJobs")) {
            assertThat(all).as("a panel on " + topic).contains(topic);
        }
    }

    @Test
    void theAlertingRulesCoverTheLoopAndReadOnlyDocumentedMetrics() throws Exception {
        Set<String> documented = documentedMetrics();
        Map<String, String> exprByAlert = new HashMap<>();
        for (Doc d : kind("PrometheusRule")) {
            var rule = Manifests.bind(d.tree(), io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class);
            for (var g : rule.getSpec().getGroups()) {
                for (var r : g.getRules()) {
                    String expr = r.getExpr().getStrVal();
                    assertThat(r.getAlert()).as(expr).isNotBlank();
                    assertThat(r.getLabels()).as(r.getAlert()).containsKey("severity");
                    assertThat(r.getAnnotations()).as(r.getAlert()).containsKeys("summary", "description");
                    assertThat(balanced(expr)).as(r.getAlert() + " brackets").isTrue();
                    for (String name : PromQlNames.of(expr)) {
                        assertThat(documented.contains(name) || documented.contains(PromQlNames.family(name)))
                                .as(r.getAlert() + ": " + name + " in docs/metrics.md")
                                .isTrue();
                    }
                    exprByAlert.put(r.getAlert(), expr);
                }
            }
        }
        assertThat(exprByAlert.get("HclJobDown")).contains("flink_jobmanager_numRunningJobs");
        assertThat(exprByAlert.get("HclScrapeTargetDown")).contains("up");
        assertThat(exprByAlert.get("HclDeadLetterSurge")).contains("hcl_dead_letters_total");
        assertThat(exprByAlert.get("HclActionsFailing")).contains("hcl_actions_total");
        assertThat(exprByAlert.get("HclRollbacks")).contains("hcl_rollbacks_total");
        assertThat(exprByAlert.get("HclCollectorStale")).contains("hcl_collector_last_success_timestamp_seconds");
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += "([{".indexOf(c) >= 0 ? 1 : ")]}".indexOf(c) >= 0 ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    @Test
    void userProvidedSecretsAreDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "kubernetes.md"));
        USER_SECRETS.forEach(
                s -> assertThat(doc).as("docs/kubernetes.md names " + s).contains("`" + s + "`"));
    }
}
