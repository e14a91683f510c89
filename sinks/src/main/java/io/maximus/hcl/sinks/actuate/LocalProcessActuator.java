package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local processes as a deployment: {@code scale_deployment} starts or stops real instances of a command on this
 * machine and rewrites and reloads the nginx upstream in front of them (see {@link LocalDeployment} for the spec
 * file). The target is a deployment name, a spec file {@code <name>.properties} in {@code HCL_LOCAL_DEPLOYMENTS}; the
 * commands come from that file only, never from the action.
 */
public final class LocalProcessActuator implements Actuator {

    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    private final Options options;

    /**
     * Options.
     *
     * @param deployments directory of the deployment spec files
     * @param dryRun only describe
     * @param startTimeoutMillis how long a new instance may take to answer its health check
     */
    public record Options(Path deployments, boolean dryRun, int startTimeoutMillis) {

        /** From {@code HCL_LOCAL_DEPLOYMENTS}, {@code HCL_LOCAL_DRY_RUN} (default true), {@code HCL_LOCAL_START_TIMEOUT_MS}. */
        public static Options fromEnv(Env env) {
            String dir = env.string("HCL_LOCAL_DEPLOYMENTS", "");
            return new Options(
                    dir.isEmpty() ? null : Path.of(dir),
                    env.bool("HCL_LOCAL_DRY_RUN", true),
                    env.integer("HCL_LOCAL_START_TIMEOUT_MS", 30_000));
        }
    }

    /** An actuator over the deployments of {@code options}. */
    public LocalProcessActuator(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.SCALE_DEPLOYMENT);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    private LocalDeployment deployment(String name) throws IOException {
        if (options.deployments() == null) {
            throw new IOException("no deployments directory (HCL_LOCAL_DEPLOYMENTS)");
        }
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IOException("deployment name must be a DNS-1123 label, got '" + name + "'");
        }
        Path spec = options.deployments().resolve(name + ".properties");
        if (!Files.isRegularFile(spec)) {
            throw new IOException("no deployment " + name + " (" + spec + ")");
        }
        return LocalDeployment.load(name, spec);
    }

    /** {@code replicas_delta} becomes {@code replicas} = live instances + delta (at least 1) and {@code replicas_before}. */
    @Override
    public Action resolve(Action a) {
        if (a.type() != ActionType.SCALE_DEPLOYMENT || Params.has(a, "replicas") || !Params.has(a, "replicas_delta")) {
            return a;
        }
        try {
            int before = deployment(a.target()).live().size();
            Map<String, Object> p = new LinkedHashMap<>(a.params());
            p.put("replicas", Math.max(1, before + Params.integer(a, "replicas_delta")));
            p.put("replicas_before", before);
            return new Action(a.type(), a.target(), p);
        } catch (IOException | IllegalArgumentException e) {
            return a;
        }
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        if (a.type() != ActionType.SCALE_DEPLOYMENT) {
            return List.of("unsupported action " + a.type().wireName());
        }
        LocalDeployment d;
        try {
            d = deployment(a.target());
        } catch (IOException e) {
            return List.of(e.getMessage());
        }
        try {
            int want = Params.integer(a, "replicas");
            if (want < 1 || want > d.maxReplicas()) {
                problems.add("replicas must be in 1.." + d.maxReplicas() + ", got " + want);
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    @Override
    public String describe(Action a) {
        String now = Params.has(a, "replicas_before") ? " (now " + Params.integer(a, "replicas_before") + ")" : "";
        return "scale local deployment " + a.target() + " to " + Params.string(a, "replicas", "?") + " instances" + now
                + " and reload its nginx upstream";
    }

    @Override
    public Execution execute(Action action) {
        long start = System.currentTimeMillis();
        Action a = resolve(action);
        String call = describe(a);
        try {
            LocalDeployment d = deployment(a.target());
            synchronized (LOCKS.computeIfAbsent(d.name(), k -> new Object())) {
                int before = d.live().size();
                int want = Params.integer(a, "replicas");
                List<Integer> ports = d.scaleTo(want, options.startTimeoutMillis());
                return Execution.ok(
                        a,
                        call,
                        "instances " + before + " -> " + ports.size() + " on ports " + ports,
                        Map.of("replicas", Integer.toString(before)),
                        start);
            }
        } catch (IOException | RuntimeException e) {
            return Execution.failed(a, call, e.toString(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Execution.failed(a, call, "interrupted", start);
        }
    }

    @Override
    public Verification verify(Execution e) {
        try {
            LocalDeployment d = deployment(e.action().target());
            int live = d.live().size();
            int want = Params.integer(e.action(), "replicas");
            List<Integer> upstream = d.upstreamPorts();
            return live == want && upstream.size() == want
                    ? Verification.ok(live + " instances live, " + upstream.size() + " in the upstream")
                    : Verification.failed(
                            live + " instances live and " + upstream.size() + " in the upstream, want " + want);
        } catch (IOException | RuntimeException ex) {
            return Verification.failed(ex.toString());
        }
    }

    @Override
    public Execution revert(Execution e) {
        String back = e.undo().get("replicas");
        if (back == null) {
            return Execution.failed(e.action(), "revert", "nothing recorded to revert to", System.currentTimeMillis());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("replicas", Integer.parseInt(back));
        return execute(new Action(ActionType.SCALE_DEPLOYMENT, e.action().target(), p));
    }
}
