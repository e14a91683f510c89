package io.maximus.hcl.sinks.actuate;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes actuator (fabric8 client): scale a deployment, adjust an HPA's min/max, set a container's resource
 * requests/limits, rolling restart, and cordon + drain a node through the eviction API, skipping pods whose
 * PodDisruptionBudget allows no disruption now (the API server would refuse those evictions with 429 anyway).
 *
 * <p>Targets are {@code namespace/name} or {@code name} (default namespace); drain_node's target is the node name.
 * Params: scale_deployment {@code replicas}; adjust_hpa {@code min_replicas}, {@code max_replicas}; update_resources
 * {@code container} (default: the first), {@code cpu_request}, {@code cpu_limit}, {@code memory_request},
 * {@code memory_limit} (Kubernetes quantities); restart none; drain_node none. Every change but a restart keeps the
 * previous value so a revert puts it back (a drain's revert uncordons; evicted pods are recreated by their controllers).
 */
public final class KubernetesActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesActuator.class);
    /** The annotation {@code kubectl rollout restart} sets on the pod template. */
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private static final List<String> RESOURCE_PARAMS =
            List.of("cpu_request", "cpu_limit", "memory_request", "memory_limit");

    /**
     * Typed options.
     *
     * @param namespace the namespace of targets given without one
     * @param dryRun this actuator's own dry-run switch
     * @param namespaces the namespaces a target may be in (the allow-list); empty: any (only for tests and tools
     *     that name {@code namespace/name} themselves; {@link #fromEnv} always sets it)
     */
    public record Options(String namespace, boolean dryRun, Set<String> namespaces) {

        /** Checks and copies. */
        public Options {
            namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
        }

        /** Options with no namespace allow-list. */
        public Options(String namespace, boolean dryRun) {
            this(namespace, dryRun, Set.of());
        }

        /** From {@code HCL_K8S_NAMESPACE (default "default"), HCL_K8S_DRY_RUN (default true)} and
         * {@code HCL_K8S_NAMESPACES} (comma-separated allow-list; default: just HCL_K8S_NAMESPACE); the cluster and its
         * credentials come from fabric8's usual sources (KUBECONFIG, ~/.kube/config, the in-cluster service account). */
        public static Options fromEnv(Env env) {
            String ns = env.string("HCL_K8S_NAMESPACE", "default");
            Set<String> allowed = new java.util.LinkedHashSet<>();
            for (String n : env.string("HCL_K8S_NAMESPACES", ns).split(",")) {
                if (!n.isBlank()) {
                    allowed.add(n.trim());
                }
            }
            return new Options(ns, env.bool("HCL_K8S_DRY_RUN", true), allowed);
        }

        /** These options with more namespaces allowed (those a target map names). */
        public Options allowing(Set<String> more) {
            Set<String> all = new java.util.LinkedHashSet<>(namespaces);
            all.addAll(more);
            return new Options(namespace, dryRun, all);
        }
    }

    private final KubernetesClient client;
    private final Options options;
    private final boolean ownsClient;

    /** An actuator using the given client (not closed by {@link #close()}). */
    public KubernetesActuator(KubernetesClient client, Options options) {
        this(client, options, false);
    }

    private KubernetesActuator(KubernetesClient client, Options options, boolean ownsClient) {
        this.client = client;
        this.options = options;
        this.ownsClient = ownsClient;
    }

    /** An actuator with a client configured from the environment (lazily connects on first call). */
    public static KubernetesActuator fromEnvironment(Options options) {
        return new KubernetesActuator(new KubernetesClientBuilder().build(), options, true);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(
                ActionType.SCALE_DEPLOYMENT,
                ActionType.ADJUST_HPA,
                ActionType.UPDATE_RESOURCES,
                ActionType.RESTART,
                ActionType.DRAIN_NODE);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public boolean revertible(ActionType type) {
        return type != ActionType.RESTART;
    }

    private String ns(Action a) {
        int i = a.target().indexOf('/');
        return i < 0 ? options.namespace() : a.target().substring(0, i);
    }

    private static String name(Action a) {
        int i = a.target().indexOf('/');
        return i < 0 ? a.target() : a.target().substring(i + 1);
    }

    private Deployment deployment(Action a) {
        return client.apps().deployments().inNamespace(ns(a)).withName(name(a)).get();
    }

    private HorizontalPodAutoscaler hpa(Action a) {
        return client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(ns(a))
                .withName(name(a))
                .get();
    }

    /**
     * A scale_deployment with {@code replicas_delta} and no {@code replicas} gets {@code replicas} = the deployment's
     * current replicas + the delta, at least 1 (and {@code replicas_before}); the ceiling is the registry's hard limit.
     * Unchanged when the deployment cannot be read (validation then says why).
     */
    @Override
    public Action resolve(Action a) {
        if (a.type() != ActionType.SCALE_DEPLOYMENT || Params.has(a, "replicas") || !Params.has(a, "replicas_delta")) {
            return a;
        }
        try {
            int delta = Params.integer(a, "replicas_delta");
            Deployment d = validName(a) ? deployment(a) : null;
            if (d == null) {
                return a;
            }
            int before = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            Map<String, Object> p = new LinkedHashMap<>(a.params());
            p.put("replicas", Math.max(1, before + delta));
            p.put("replicas_before", before);
            return new Action(a.type(), a.target(), p);
        } catch (IllegalArgumentException | KubernetesClientException e) {
            return a;
        }
    }

    private boolean validName(Action a) {
        return name(a).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") && ns(a).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        try {
            if (!name(a).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || !ns(a).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                return List.of("target must be [namespace/]name with DNS-1123 names, got '" + a.target() + "'");
            }
            if (a.type() != ActionType.DRAIN_NODE
                    && !options.namespaces().isEmpty()
                    && !options.namespaces().contains(ns(a))) {
                return List.of("namespace " + ns(a) + " of target '" + a.target() + "' is not in the allow-list "
                        + options.namespaces() + " (HCL_K8S_NAMESPACES)");
            }
            switch (a.type()) {
                case SCALE_DEPLOYMENT -> {
                    if (Params.has(a, "replicas")) {
                        if (Params.integer(a, "replicas") < 0) {
                            problems.add("replicas must be >= 0");
                        }
                    } else {
                        Params.integer(a, "replicas_delta"); // "missing parameter replicas_delta" when neither
                    }
                    requireDeployment(a, problems);
                }
                case ADJUST_HPA -> {
                    int min = Params.integer(a, "min_replicas");
                    int max = Params.integer(a, "max_replicas");
                    if (min < 1 || max < min) {
                        problems.add("need 1 <= min_replicas <= max_replicas, got " + min + ".." + max);
                    }
                    if (hpa(a) == null) {
                        problems.add("no HorizontalPodAutoscaler " + a.target());
                    }
                }
                case UPDATE_RESOURCES -> {
                    if (RESOURCE_PARAMS.stream().noneMatch(p -> Params.has(a, p))) {
                        problems.add("update_resources needs one of " + RESOURCE_PARAMS);
                    }
                    for (String p : RESOURCE_PARAMS) {
                        if (Params.has(a, p)) {
                            try {
                                Quantity.getAmountInBytes(new Quantity(Params.string(a, p, "")));
                            } catch (IllegalArgumentException e) {
                                problems.add(p + " is not a Kubernetes quantity: " + Params.string(a, p, ""));
                            }
                        }
                    }
                    Deployment d = requireDeployment(a, problems);
                    if (d != null && container(d, a) == null) {
                        problems.add("no container " + Params.string(a, "container", "(first)") + " in " + a.target());
                    }
                }
                case RESTART -> {
                    if (Params.has(a, "instance")) {
                        problems.add("restart of one instance (" + Params.string(a, "instance", "")
                                + ") is not supported by the kubernetes actuator: it restarts whole deployments");
                    }
                    requireDeployment(a, problems);
                }
                case DRAIN_NODE -> {
                    if (client.nodes().withName(a.target()).get() == null) {
                        problems.add("no node " + a.target());
                    }
                }
                default ->
                    problems.add(
                            "kubernetes actuator does not handle " + a.type().wireName());
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        } catch (KubernetesClientException e) {
            // The plan may be sound; the cluster it is checked against (the deployment must exist) did not answer.
            problems.add("cannot check against the cluster (API server unreachable or refused): " + e.getMessage());
        }
        return problems;
    }

    private Deployment requireDeployment(Action a, List<String> problems) {
        Deployment d = deployment(a);
        if (d == null) {
            problems.add("no deployment " + ns(a) + "/" + name(a));
        }
        return d;
    }

    private static Container container(Deployment d, Action a) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        String want = Params.string(a, "container", null);
        if (want == null) {
            return cs.isEmpty() ? null : cs.get(0);
        }
        return cs.stream().filter(c -> want.equals(c.getName())).findFirst().orElse(null);
    }

    @Override
    public String describe(Action a) {
        String t = ns(a) + "/" + name(a);
        return switch (a.type()) {
            case SCALE_DEPLOYMENT ->
                Params.has(a, "replicas")
                        ? "PATCH deployment " + t + " spec.replicas=" + Params.integer(a, "replicas")
                                + (Params.has(a, "replicas_before")
                                        ? " (now " + Params.integer(a, "replicas_before") + ", "
                                                + signed(Params.integer(a, "replicas_delta", 0)) + ")"
                                        : "")
                                + "  (kubectl scale deployment/" + name(a) + " -n " + ns(a) + " --replicas="
                                + Params.integer(a, "replicas") + ")"
                        : "PATCH deployment " + t + " spec.replicas=<current>"
                                + signed(Params.integer(a, "replicas_delta"));
            case ADJUST_HPA ->
                "PATCH horizontalpodautoscaler " + t + " spec.minReplicas=" + Params.integer(a, "min_replicas")
                        + " spec.maxReplicas=" + Params.integer(a, "max_replicas");
            case UPDATE_RESOURCES ->
                "PATCH deployment " + t + " container " + Params.string(a, "container", "(first)") + " resources "
                        + resourceParams(a) + "  (kubectl set resources)";
            case RESTART ->
                "PATCH deployment " + t + " spec.template.metadata.annotations[" + RESTARTED_AT
                        + "]=<now>  (kubectl rollout restart deployment/" + name(a) + " -n " + ns(a) + ")";
            case DRAIN_NODE ->
                "PATCH node " + a.target() + " spec.unschedulable=true; POST pods/<pod>/eviction "
                        + "(policy/v1) for each pod on it but DaemonSet and mirror pods, skipping those a "
                        + "PodDisruptionBudget protects now  (kubectl drain " + a.target() + " --ignore-daemonsets)";
            default -> "unsupported " + a.type().wireName();
        };
    }

    private static String signed(int n) {
        return n >= 0 ? "+" + n : Integer.toString(n);
    }

    private static Map<String, String> resourceParams(Action a) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : RESOURCE_PARAMS) {
            if (Params.has(a, p)) {
                out.put(p, Params.string(a, p, ""));
            }
        }
        return out;
    }

    @Override
    public Execution execute(Action action) {
        long start = System.currentTimeMillis();
        Action a = resolve(action);
        String call = describe(a);
        try {
            return switch (a.type()) {
                case SCALE_DEPLOYMENT -> {
                    int before = deployment(a).getSpec().getReplicas() == null
                            ? 1
                            : deployment(a).getSpec().getReplicas();
                    int want = Params.integer(a, "replicas");
                    client.apps()
                            .deployments()
                            .inNamespace(ns(a))
                            .withName(name(a))
                            .edit(d -> new DeploymentBuilder(d)
                                    .editSpec()
                                    .withReplicas(want)
                                    .endSpec()
                                    .build());
                    yield Execution.ok(
                            a,
                            call,
                            "replicas " + before + " -> " + want,
                            Map.of("replicas", Integer.toString(before)),
                            start);
                }
                case ADJUST_HPA -> {
                    HorizontalPodAutoscaler h = hpa(a);
                    String before =
                            h.getSpec().getMinReplicas() + ".." + h.getSpec().getMaxReplicas();
                    setHpa(a, Params.integer(a, "min_replicas"), Params.integer(a, "max_replicas"));
                    yield Execution.ok(
                            a,
                            call,
                            "hpa " + before + " -> " + Params.integer(a, "min_replicas") + ".."
                                    + Params.integer(a, "max_replicas"),
                            Map.of(
                                    "min_replicas",
                                    String.valueOf(h.getSpec().getMinReplicas()),
                                    "max_replicas",
                                    String.valueOf(h.getSpec().getMaxReplicas())),
                            start);
                }
                case UPDATE_RESOURCES -> {
                    Container c = container(deployment(a), a);
                    ResourceRequirements before = c.getResources();
                    ResourceRequirementsBuilder rb = before == null
                            ? new ResourceRequirementsBuilder()
                            : new ResourceRequirementsBuilder(before);
                    Map<String, String> p = resourceParams(a);
                    if (p.containsKey("cpu_request")) {
                        rb.addToRequests("cpu", new Quantity(p.get("cpu_request")));
                    }
                    if (p.containsKey("memory_request")) {
                        rb.addToRequests("memory", new Quantity(p.get("memory_request")));
                    }
                    if (p.containsKey("cpu_limit")) {
                        rb.addToLimits("cpu", new Quantity(p.get("cpu_limit")));
                    }
                    if (p.containsKey("memory_limit")) {
                        rb.addToLimits("memory", new Quantity(p.get("memory_limit")));
                    }
                    setResources(a, c.getName(), rb.build());
                    yield Execution.ok(
                            a,
                            call,
                            "container " + c.getName() + " resources " + p,
                            Map.of(
                                    "container",
                                    c.getName(),
                                    "resources",
                                    before == null ? "" : Serialization.asJson(before)),
                            start);
                }
                case RESTART -> {
                    String at = Instant.now().toString();
                    client.apps()
                            .deployments()
                            .inNamespace(ns(a))
                            .withName(name(a))
                            .edit(d -> new DeploymentBuilder(d)
                                    .editSpec()
                                    .editTemplate()
                                    .editOrNewMetadata()
                                    .addToAnnotations(RESTARTED_AT, at)
                                    .endMetadata()
                                    .endTemplate()
                                    .endSpec()
                                    .build());
                    yield Execution.ok(
                            a, call, "rolling restart requested at " + at, Map.of("restarted_at", at), start);
                }
                case DRAIN_NODE -> drain(a, call, start);
                default -> Execution.failed(a, call, "unsupported", start);
            };
        } catch (KubernetesClientException | IllegalArgumentException | NullPointerException e) {
            LOG.warn("kubernetes {} on {} failed", a.type().wireName(), a.target(), e);
            return Execution.failed(a, call, "error: " + e.getMessage(), start);
        }
    }

    private void setHpa(Action a, Integer min, int max) {
        client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(ns(a))
                .withName(name(a))
                .edit(h -> new HorizontalPodAutoscalerBuilder(h)
                        .editSpec()
                        .withMinReplicas(min)
                        .withMaxReplicas(max)
                        .endSpec()
                        .build());
    }

    private void setResources(Action a, String container, ResourceRequirements r) {
        client.apps().deployments().inNamespace(ns(a)).withName(name(a)).edit(d -> {
            Deployment copy = new DeploymentBuilder(d).build();
            copy.getSpec().getTemplate().getSpec().getContainers().stream()
                    .filter(c -> c.getName().equals(container))
                    .forEach(c -> c.setResources(r));
            return copy;
        });
    }

    private Execution drain(Action a, String call, long start) {
        Node before = client.nodes().withName(a.target()).get();
        boolean wasUnschedulable = Boolean.TRUE.equals(before.getSpec().getUnschedulable());
        client.nodes()
                .withName(a.target())
                .edit(n -> new NodeBuilder(n)
                        .editSpec()
                        .withUnschedulable(true)
                        .endSpec()
                        .build());
        List<String> evicted = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        // the API server applies the field selector; a server that ignores it (fabric8's mock) answers nothing, and
        // then the full list is read once and filtered here
        List<Pod> pods = client.pods()
                .inAnyNamespace()
                .withField("spec.nodeName", a.target())
                .list()
                .getItems();
        if (pods.isEmpty()) {
            pods = client.pods().inAnyNamespace().list().getItems();
        }
        for (Pod p : pods) {
            if (!a.target().equals(p.getSpec().getNodeName())) {
                continue;
            }
            String id = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
            boolean daemon =
                    p.getMetadata().getOwnerReferences().stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
            boolean mirror = p.getMetadata().getAnnotations() != null
                    && p.getMetadata().getAnnotations().containsKey("kubernetes.io/config.mirror");
            if (daemon || mirror) {
                skipped.add(id);
                continue;
            }
            String pdb = protectingBudget(p);
            if (pdb != null) {
                blocked.add(id + " (PodDisruptionBudget " + pdb + ")");
                continue;
            }
            boolean ok;
            try {
                ok = client.pods()
                        .inNamespace(p.getMetadata().getNamespace())
                        .withName(p.getMetadata().getName())
                        .evict();
            } catch (KubernetesClientException e) {
                ok = false;
            }
            (ok ? evicted : blocked).add(ok ? id : id + " (eviction refused)");
        }
        String detail = "cordoned " + a.target() + "; evicted " + evicted + "; not evicted " + blocked
                + "; left DaemonSet/mirror pods " + skipped;
        LOG.info("drain {}", detail);
        return Execution.ok(
                a,
                call,
                detail,
                Map.of(
                        "was_unschedulable",
                        Boolean.toString(wasUnschedulable),
                        "evicted",
                        String.join(",", evicted),
                        "blocked",
                        String.valueOf(blocked.size())),
                start);
    }

    /** The name of a PodDisruptionBudget that selects the pod and allows no disruption now, or null. */
    private String protectingBudget(Pod p) {
        Map<String, String> labels =
                p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        for (PodDisruptionBudget b : client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(p.getMetadata().getNamespace())
                .list()
                .getItems()) {
            if (b.getSpec().getSelector() == null || b.getSpec().getSelector().getMatchLabels() == null) {
                continue;
            }
            boolean selects = b.getSpec().getSelector().getMatchLabels().entrySet().stream()
                    .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
            int allowed = b.getStatus() == null || b.getStatus().getDisruptionsAllowed() == null
                    ? 0
                    : b.getStatus().getDisruptionsAllowed();
            if (selects && allowed <= 0) {
                return b.getMetadata().getName();
            }
        }
        return null;
    }

    @Override
    public Verification verify(Execution e) {
        Action a = e.action();
        try {
            return switch (a.type()) {
                case SCALE_DEPLOYMENT -> {
                    Integer r = deployment(a).getSpec().getReplicas();
                    yield Integer.valueOf(Params.integer(a, "replicas")).equals(r)
                            ? Verification.ok("spec.replicas=" + r)
                            : Verification.failed("spec.replicas=" + r);
                }
                case ADJUST_HPA -> {
                    HorizontalPodAutoscaler h = hpa(a);
                    boolean ok = Integer.valueOf(Params.integer(a, "min_replicas"))
                                    .equals(h.getSpec().getMinReplicas())
                            && h.getSpec().getMaxReplicas() == Params.integer(a, "max_replicas");
                    String s = h.getSpec().getMinReplicas() + ".." + h.getSpec().getMaxReplicas();
                    yield ok ? Verification.ok("hpa " + s) : Verification.failed("hpa " + s);
                }
                case UPDATE_RESOURCES -> {
                    Container c = container(deployment(a), a);
                    ResourceRequirements r = c.getResources();
                    Map<String, String> p = resourceParams(a);
                    boolean ok = (!p.containsKey("cpu_request")
                                    || same(r.getRequests().get("cpu"), p.get("cpu_request")))
                            && (!p.containsKey("memory_request")
                                    || same(r.getRequests().get("memory"), p.get("memory_request")))
                            && (!p.containsKey("cpu_limit")
                                    || same(r.getLimits().get("cpu"), p.get("cpu_limit")))
                            && (!p.containsKey("memory_limit")
                                    || same(r.getLimits().get("memory"), p.get("memory_limit")));
                    yield ok
                            ? Verification.ok("resources " + r.getRequests() + " / " + r.getLimits())
                            : Verification.failed("resources " + r.getRequests() + " / " + r.getLimits());
                }
                case RESTART -> {
                    Map<String, String> ann =
                            deployment(a).getSpec().getTemplate().getMetadata().getAnnotations();
                    String at = ann == null ? null : ann.get(RESTARTED_AT);
                    yield e.undo().get("restarted_at").equals(at)
                            ? Verification.ok(RESTARTED_AT + "=" + at)
                            : Verification.failed(RESTARTED_AT + "=" + at);
                }
                case DRAIN_NODE -> {
                    boolean cordoned = Boolean.TRUE.equals(
                            client.nodes().withName(a.target()).get().getSpec().getUnschedulable());
                    yield cordoned
                            ? Verification.ok("node " + a.target() + " unschedulable; " + e.detail())
                            : Verification.failed("node " + a.target() + " is schedulable");
                }
                default -> Verification.failed("unsupported");
            };
        } catch (KubernetesClientException | NullPointerException ex) {
            return Verification.failed("cannot read back: " + ex.getMessage());
        }
    }

    private static boolean same(Quantity have, String want) {
        return have != null
                && Quantity.getAmountInBytes(have).compareTo(Quantity.getAmountInBytes(new Quantity(want))) == 0;
    }

    @Override
    public Execution revert(Execution e) {
        long start = System.currentTimeMillis();
        Action a = e.action();
        Map<String, String> u = e.undo();
        try {
            return switch (a.type()) {
                case SCALE_DEPLOYMENT -> {
                    int r = Integer.parseInt(u.get("replicas"));
                    client.apps()
                            .deployments()
                            .inNamespace(ns(a))
                            .withName(name(a))
                            .edit(d -> new DeploymentBuilder(d)
                                    .editSpec()
                                    .withReplicas(r)
                                    .endSpec()
                                    .build());
                    yield Execution.ok(
                            a,
                            "PATCH deployment " + a.target() + " spec.replicas=" + r,
                            "replicas back to " + r,
                            Map.of(),
                            start);
                }
                case ADJUST_HPA -> {
                    String min = u.get("min_replicas");
                    int max = Integer.parseInt(u.get("max_replicas"));
                    setHpa(a, "null".equals(min) ? null : Integer.valueOf(min), max);
                    yield Execution.ok(
                            a,
                            "PATCH horizontalpodautoscaler " + a.target() + " min=" + min + " max=" + max,
                            "hpa back to " + min + ".." + max,
                            Map.of(),
                            start);
                }
                case UPDATE_RESOURCES -> {
                    String json = u.get("resources");
                    ResourceRequirements r =
                            json.isEmpty() ? null : Serialization.unmarshal(json, ResourceRequirements.class);
                    setResources(a, u.get("container"), r);
                    yield Execution.ok(
                            a,
                            "PATCH deployment " + a.target() + " container " + u.get("container") + " resources "
                                    + u.get("resources"),
                            "resources back",
                            Map.of(),
                            start);
                }
                case DRAIN_NODE -> {
                    boolean was = Boolean.parseBoolean(u.get("was_unschedulable"));
                    client.nodes()
                            .withName(a.target())
                            .edit(n -> new NodeBuilder(n)
                                    .editSpec()
                                    .withUnschedulable(was ? Boolean.TRUE : null)
                                    .endSpec()
                                    .build());
                    yield Execution.ok(
                            a,
                            "PATCH node " + a.target() + " spec.unschedulable=" + was,
                            "uncordoned " + a.target() + " (evicted pods are recreated by their controllers)",
                            Map.of(),
                            start);
                }
                default -> Execution.failed(a, "", "not revertible: a rolling restart cannot be undone", start);
            };
        } catch (KubernetesClientException | IllegalArgumentException | NullPointerException ex) {
            return Execution.failed(a, "revert " + a.type().wireName(), "error: " + ex.getMessage(), start);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
