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
 * file); {@code restart} with parameter {@code instance} replaces ONE live instance (named as its host in telemetry,
 * {@code <instance_prefix>-<port>}): a new instance starts and answers its health check, takes the old one's place in
 * the upstream, then the old one is stopped by its recorded pid. The target is a deployment name, a spec file
 * {@code <name>.properties} in {@code HCL_LOCAL_DEPLOYMENTS}; the commands come from that file only, never from the
 * action. A restart cannot be undone (not revertible); a restart of the whole deployment is refused.
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
        return Set.of(ActionType.SCALE_DEPLOYMENT, ActionType.RESTART);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public boolean revertible(ActionType type) {
        return type != ActionType.RESTART;
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
        if (a.type() != ActionType.SCALE_DEPLOYMENT && a.type() != ActionType.RESTART) {
            return List.of("unsupported action " + a.type().wireName());
        }
        LocalDeployment d;
        try {
            d = deployment(a.target());
        } catch (IOException e) {
            return List.of(e.getMessage());
        }
        if (a.type() == ActionType.RESTART) {
            return validateRestart(a, d);
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

    private static List<String> validateRestart(Action a, LocalDeployment d) {
        String instance = Params.string(a, "instance", "");
        if (instance.isBlank()) {
            return List.of("restart of the whole local deployment " + d.name()
                    + " is not supported: name one instance (parameter instance)");
        }
        try {
            if (d.instancePort(instance).isEmpty()) {
                return List.of("instance '" + instance + "' is not a live instance of deployment " + d.name()
                        + " (live: " + d.live().stream().map(d::instanceName).toList() + ")");
            }
        } catch (IOException e) {
            return List.of(e.getMessage());
        }
        return List.of();
    }

    @Override
    public String describe(Action a) {
        if (a.type() == ActionType.RESTART) {
            return "replace instance " + Params.string(a, "instance", "?") + " of local deployment " + a.target()
                    + ": start a new one, wait for its health check, swap it into the nginx upstream, stop the old one";
        }
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
                if (a.type() == ActionType.RESTART) {
                    return restart(a, d, call, start);
                }
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

    private Execution restart(Action a, LocalDeployment d, String call, long start)
            throws IOException, InterruptedException {
        String instance = Params.string(a, "instance", "");
        int old = d.instancePort(instance)
                .orElseThrow(() -> new IOException("instance '" + instance + "' is not live in " + d.name()));
        int before = d.live().size();
        int fresh = d.replace(old, options.startTimeoutMillis());
        Map<String, String> undo = new LinkedHashMap<>();
        undo.put("replicas", Integer.toString(before));
        undo.put("old_port", Integer.toString(old));
        undo.put("new_port", Integer.toString(fresh));
        undo.put("new_instance", d.instanceName(fresh));
        return Execution.ok(
                a,
                call,
                "instance " + instance + " replaced by " + d.instanceName(fresh) + " (instances " + before + " -> "
                        + d.live().size() + ")",
                undo,
                start);
    }

    @Override
    public Verification verify(Execution e) {
        if (e.action().type() == ActionType.RESTART) {
            return verifyRestart(e);
        }
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

    private Verification verifyRestart(Execution e) {
        try {
            LocalDeployment d = deployment(e.action().target());
            int old = Integer.parseInt(e.undo().get("old_port"));
            int fresh = Integer.parseInt(e.undo().get("new_port"));
            int want = Integer.parseInt(e.undo().get("replicas"));
            List<Integer> live = d.live();
            List<Integer> upstream = d.upstreamPorts();
            boolean ok = !live.contains(old)
                    && !upstream.contains(old)
                    && live.contains(fresh)
                    && upstream.contains(fresh)
                    && live.size() == want;
            String state = "old port " + old + (live.contains(old) ? " live" : " stopped") + ", new port " + fresh
                    + (upstream.contains(fresh) ? " in the upstream" : " NOT in the upstream") + ", " + live.size()
                    + " instances live (" + want + " before)";
            return ok ? Verification.ok(state) : Verification.failed(state);
        } catch (IOException | RuntimeException ex) {
            return Verification.failed(ex.toString());
        }
    }

    @Override
    public Execution revert(Execution e) {
        if (e.action().type() == ActionType.RESTART) {
            return Execution.failed(
                    e.action(),
                    "revert",
                    "a restart cannot be undone (the old process is gone)",
                    System.currentTimeMillis());
        }
        String back = e.undo().get("replicas");
        if (back == null) {
            return Execution.failed(e.action(), "revert", "nothing recorded to revert to", System.currentTimeMillis());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("replicas", Integer.parseInt(back));
        return execute(new Action(ActionType.SCALE_DEPLOYMENT, e.action().target(), p));
    }
}
