package io.maximus.hcl.tools.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.Actuator;
import io.maximus.hcl.sinks.actuate.ActuatorRegistry;
import io.maximus.hcl.sinks.actuate.Env;
import io.maximus.hcl.sinks.safety.ApprovalPolicy;
import io.maximus.hcl.sinks.safety.HardLimits;
import io.maximus.hcl.sinks.safety.RateLimitState;
import io.maximus.hcl.sinks.safety.RateLimiter;
import io.maximus.hcl.sinks.safety.SafetyManager;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl actuate --plan plan.json [--execute]}: runs one plan's actions through the safety rules and the
 * actuators configured from the environment ({@code HCL_REDIS_*}, {@code HCL_NGINX_*}, {@code HCL_PG_*},
 * {@code HCL_PGBOUNCER_*}, {@code HCL_K8S_*}, {@code HCL_DOCKER_*}; see each actuator's Options), dry-run unless {@code --execute}, and
 * prints the results as JSON: {@code {"dry_run": .., "results": [actions_taken entries]}}. Exit code 0 when no
 * action failed, 2 otherwise.
 */
@Command(
        name = "actuate",
        mixinStandardHelpOptions = true,
        description = "Run one action plan through the safety rules and the actuators; dry run unless --execute.")
public final class ActuateCommand implements Callable<Integer> {

    @Option(
            names = "--plan",
            required = true,
            description = "Plan file: a JSON array of {type, target, params}, or an object with actions_taken/actions.")
    Path plan;

    @Option(names = "--execute", description = "Really execute (default: dry run, printing the exact calls).")
    boolean execute;

    @Option(
            names = "--actuators",
            split = ",",
            defaultValue = "redis,nginx,postgres,pgbouncer,kubernetes,docker,notify,mode",
            description = "Actuators to configure (default: ${DEFAULT-VALUE}).")
    List<String> actuators;

    @Option(names = "--production", description = "Production: kill_slow_queries needs approval too.")
    boolean production;

    @Option(names = "--approved", description = "A human approved this plan: actions needing approval run.")
    boolean approved;

    @Option(
            names = "--max-replicas",
            defaultValue = "50",
            description = "Hard limit on replicas (default: ${DEFAULT-VALUE}).")
    int maxReplicas;

    @Option(
            names = "--cpu-capacity",
            defaultValue = "4",
            description = "Cores CPU shares are judged against (default: ${DEFAULT-VALUE}).")
    double cpuCapacity;

    @Option(
            names = "--memory-capacity",
            defaultValue = "17179869184",
            description = "Bytes memory shares are judged against (default: ${DEFAULT-VALUE}).")
    double memoryCapacity;

    @Option(
            names = "--on-violation",
            defaultValue = "CLIP",
            description = "CLIP or REFUSE out-of-limit values (default: ${DEFAULT-VALUE}).")
    HardLimits.OnViolation onViolation;

    /** The environment the actuators are configured from (the process's; tests give their own). */
    Map<String, String> environment = System.getenv();
    /** Where the JSON goes. */
    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        List<Action> actions = readPlan(plan);
        Map<String, String> env = new HashMap<>(environment);
        if (execute) { // --execute turns each actuator's own dry-run default off; HCL_*_DRY_RUN=true still keeps one
            // dry
            for (String k : List.of(
                    "HCL_REDIS_DRY_RUN",
                    "HCL_NGINX_DRY_RUN",
                    "HCL_PG_DRY_RUN",
                    "HCL_PGBOUNCER_DRY_RUN",
                    "HCL_K8S_DRY_RUN",
                    "HCL_DOCKER_DRY_RUN",
                    "HCL_NOTIFY_DRY_RUN")) {
                env.putIfAbsent(k, "false");
            }
        }
        HardLimits limits = new HardLimits(maxReplicas, cpuCapacity, memoryCapacity, onViolation);
        SafetyManager safety = new SafetyManager(limits, RateLimiter.defaults(), new ApprovalPolicy(production));
        List<Decision.ActionTaken> taken = new ArrayList<>();
        boolean failed = false;
        try (ActuatorRegistry registry =
                new ActuatorRegistry(build(new Env(env)), !execute, java.time.Clock.systemUTC(), limits)) {
            RateLimitState state = new RateLimitState();
            for (Action a : actions) {
                long now = System.currentTimeMillis();
                SafetyManager.Verdict v = safety.check(a, state, now, approved);
                ActionResult r;
                if (v.gate() != SafetyManager.Gate.RUN) {
                    r = v.toResult(now);
                } else {
                    r = registry.run(v.action()).result();
                    if (!v.detail().isEmpty()) {
                        r = new ActionResult(
                                r.action(),
                                r.status(),
                                r.dryRun(),
                                r.call(),
                                v.detail() + "; " + r.detail(),
                                r.startedAt(),
                                r.finishedAt());
                    }
                    if (r.status() == ActionStatus.EXECUTED) {
                        state = safety.record(state, v.action(), now);
                    }
                }
                failed |= r.status() == ActionStatus.FAILED;
                taken.add(Decision.ActionTaken.of(r));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dry_run", !execute);
        result.put("results", taken);
        out.println(Json.write(result));
        return failed ? 2 : 0;
    }

    /** Reads a plan: a bare actions_taken array, or an object holding {@code actions_taken} or {@code actions}. */
    static List<Action> readPlan(Path file) throws Exception {
        JsonNode root = Json.MAPPER.readTree(Files.readString(file));
        JsonNode list =
                root.isArray() ? root : root.has("actions_taken") ? root.get("actions_taken") : root.get("actions");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("plan must be an array of {type, target, params} or hold actions_taken");
        }
        return Json.MAPPER.convertValue(list, new TypeReference<List<Action>>() {});
    }

    private List<Actuator> build(Env env) {
        return io.maximus.hcl.sinks.execute.ActuatorFactory.build(actuators, env);
    }
}
