package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.failure.FailureAlarms;
import io.maximus.hcl.models.forecast.ForecastPeakRule;
import io.maximus.hcl.models.plan.DegradationRule;
import io.maximus.hcl.models.plan.PolicyPlanner;
import io.maximus.hcl.models.plan.RemediationRules;
import io.maximus.hcl.models.plan.SlowUpstreamRule;
import io.maximus.hcl.models.plan.sac.SacActor;
import io.maximus.hcl.sinks.actuate.Actuator;
import io.maximus.hcl.sinks.actuate.ActuatorRegistry;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import io.maximus.hcl.sinks.actuate.ModeActuator;
import io.maximus.hcl.sinks.actuate.NginxActuator;
import io.maximus.hcl.sinks.actuate.NotifyActuator;
import io.maximus.hcl.sinks.actuate.PostgresActuator;
import io.maximus.hcl.sinks.actuate.RedisActuator;
import io.maximus.hcl.sinks.actuate.TargetMap;
import io.maximus.hcl.sinks.actuate.TargetedActuator;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.safety.RateLimitState;
import io.maximus.hcl.sinks.safety.SafetyManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every plan the job can make is one its actuators accept: each plan builder (the CPU scale-up and error restart
 * rules the CEP stage runs, the forecast peak rule, failure alarms, latency degradation; together the plan stage's
 * outputs, with the capacity policy's scale-ups and scale-downs for every plan.policy and the fuzzy mode's set_mode
 * plans) makes its plan, and each action goes through the safety gate and the REAL actuator's resolution and
 * validation in dry run (Kubernetes against fabric8's mock API server in CRUD mode, notify without a webhook). None
 * may be refused as invalid; the types they carry are listed, so a new builder or type fails here until covered.
 */
@EnableKubernetesMockClient(crud = true)
class PlanContractTest {

    static KubernetesClient client;

    private static final String SERVICE = "checkout";
    private static final String HOST = "checkout-host-7";
    private static final String PEER = "checkout-host-8";

    @BeforeEach
    void deployments() {
        for (String[] nsName : List.of(new String[] {"default", SERVICE}, new String[] {"shop", "checkout-deploy"})) {
            client.apps()
                    .deployments()
                    .inNamespace(nsName[0])
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName(nsName[1])
                            .withNamespace(nsName[0])
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(3)
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
    }

    /** Every plan every builder in the job makes for one service (and one of its hosts). */
    static Map<String, List<ActionPlan>> everyPlan() {
        Map<String, List<ActionPlan>> plans = new LinkedHashMap<>();
        RemediationRules rules = new RemediationRules(RemediationRules.Config.defaults());
        List<ServiceWindow> hot = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            hot.add(window(m, Map.of("cpu_usage", 92.0, "error_rate", 0.5 * (m + 1) * (m + 1))));
        }
        plans.put(RemediationRules.CPU_SUSTAINED, List.of(rules.scaleUp(hot)));
        plans.put(RemediationRules.ERRORS_RISING, List.of(rules.restart(hot.subList(2, 5))));
        List<ServiceWindow> slow = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            slow.add(window(m, Map.of("query_latency", 400_000.0 + m * 60_000)));
        }
        plans.put(RemediationRules.SLOW_QUERIES, List.of(rules.killSlowQueries(slow)));
        List<ServiceWindow> pressed = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            pressed.add(window(m, Map.of("redis_memory_usage", 97.0, "cache_hit_rate", 40.0 - m * 5)));
        }
        plans.put(RemediationRules.CACHE_PRESSURE, List.of(rules.flushCache(pressed)));
        SlowUpstreamRule upstream = new SlowUpstreamRule(SlowUpstreamRule.Config.defaults());
        SlowUpstreamRule.State us = new SlowUpstreamRule.State();
        List<ActionPlan> outOfBalancer = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            upstream.onSnapshot(us, snapshot(i, PEER, 120), OperationalMode.BALANCED);
            upstream.onSnapshot(us, snapshot(i, HOST, 4000), OperationalMode.BALANCED)
                    .ifPresent(outOfBalancer::add);
        }
        plans.put(SlowUpstreamRule.ID, outOfBalancer);

        long t = 3_600_000;
        DemandForecast.Point peak = new DemandForecast.Point(30, t + 1_800_000, 95, 85, 105);
        DemandForecast f = new DemandForecast(
                Scope.service(SERVICE), t, "cpu_usage", "holt-winters", 60, 55, 0.9, List.of(peak), peak, t);
        plans.put(
                ForecastPeakRule.ID,
                new ForecastPeakRule(80, 2)
                        .onForecast(f, 0, OperationalMode.BALANCED, Map.of("cpu_usage", 55.0)).stream()
                                .toList());

        FailureRisk risk = new FailureRisk(
                null,
                new Scope(SERVICE, HOST),
                t,
                "fleet-1",
                0.91,
                0.5,
                true,
                "raised",
                5,
                30,
                List.of(new FailureRisk.Driver("disk_errors", 12, 1.7)),
                Map.of("cpu_usage", 40.0));
        plans.put(FailureAlarms.RULE, List.of(FailureAlarms.plan(risk)));

        DegradationRule degradation = DegradationRule.defaults();
        DegradationRule.State state = new DegradationRule.State();
        List<ActionPlan> degraded = new ArrayList<>();
        for (int m = 0; m < 90; m++) {
            double p99 = (m < 60 ? 100 : 160) + (m % 3);
            degradation.onWindow(state, window(m, Map.of("latency_p99", p99))).ifPresent(degraded::add);
        }
        plans.put(DegradationRule.ID, degraded);

        // The plan stage's capacity policy (plan-policy), every policy: a sustained CPU step on 3 hosts without a
        // replica count (a scale-up to absolute replicas), and an idle service reporting 8 replicas (a scale-down);
        // the fuzzy mode's changes on the way (set_mode with the mode's settings) under their own rule, plan-mode.
        List<ActionPlan> modes = new ArrayList<>();
        for (PolicyPlanner.Policy p : PolicyPlanner.Policy.values()) {
            PolicyPlanner planner =
                    new PolicyPlanner(PolicyPlanner.Config.defaults(p), SacActor.constant(new float[] {0f, 0.99f}));
            List<ActionPlan> made = new ArrayList<>(policyPlans(planner, 95, null));
            made.addAll(policyPlans(planner, 10, 8));
            // an idle service long enough for the mode to fall (after half the default dwell): ENERGY_EFFICIENT
            made.addAll(policyPlans(planner, 5, null, (int) (PolicyPlanner.DEFAULT_MODE_DWELL_SECONDS / 2 / 60) + 2));
            plans.put(
                    PolicyPlanner.RULE_PREFIX + p.name().toLowerCase(java.util.Locale.ROOT),
                    made.stream()
                            .filter(x -> !x.rule().equals(PolicyPlanner.MODE_RULE))
                            .toList());
            made.stream().filter(x -> x.rule().equals(PolicyPlanner.MODE_RULE)).forEach(modes::add);
        }
        plans.put(PolicyPlanner.MODE_RULE, modes);
        return plans;
    }

    private static List<ActionPlan> policyPlans(PolicyPlanner planner, double cpu, Integer replicas) {
        return policyPlans(planner, cpu, replicas, 5);
    }

    private static List<ActionPlan> policyPlans(PolicyPlanner planner, double cpu, Integer replicas, int minutes) {
        PolicyPlanner.State s = new PolicyPlanner.State();
        List<ActionPlan> out = new ArrayList<>();
        for (long t = 0; t < minutes * 60_000L; t += 10_000) {
            for (int h = 0; h < 3; h++) {
                if (planner.needsClose(s, t)) {
                    out.addAll(planner.close(s, SERVICE));
                }
                Map<String, Double> m = new java.util.HashMap<>(Map.of("cpu_usage", cpu, "memory_usage", 30.0));
                if (replicas != null) {
                    m.put("replicas", (double) replicas);
                }
                planner.add(s, new TelemetrySnapshot(t, SERVICE + "-" + h, SERVICE, m, Map.of()), 0);
            }
        }
        out.addAll(planner.close(s, SERVICE));
        return out;
    }

    private static TelemetrySnapshot snapshot(int i, String host, double p99) {
        return new TelemetrySnapshot(i * 2_000L, host, SERVICE, Map.of("latency_p99", p99), Map.of());
    }

    private static ServiceWindow window(int minute, Map<String, Double> mean) {
        return new ServiceWindow(
                SERVICE,
                minute * 60_000L,
                (minute + 1) * 60_000L,
                4,
                16,
                mean,
                mean,
                0.1,
                List.of(),
                OperationalMode.BALANCED);
    }

    /**
     * The actuators as the job builds them (ActuatorFactory.build), on the mock API server; the mode actuator with its
     * mode-file and Redis knobs (dry run: nothing is written or connected to).
     */
    private static List<Actuator> actuators(String kubernetesTargets, String namespace) {
        TargetMap map = TargetMap.parse(kubernetesTargets);
        KubernetesActuator.Options o =
                new KubernetesActuator.Options(namespace, true, Set.of(namespace)).allowing(Set.of("shop"));
        return List.of(
                new TargetedActuator(
                        new KubernetesActuator(client, o),
                        map,
                        Set.of(ActionType.DRAIN_NODE),
                        "HCL_TARGETS_KUBERNETES"),
                new NotifyActuator(new NotifyActuator.Options(null, true, Duration.ofSeconds(1), 1, Duration.ZERO)),
                new PostgresActuator(new PostgresActuator.Options(
                        "jdbc:postgresql://127.0.0.1:1/postgres", "postgres", null, true, 5)),
                new RedisActuator(RedisActuator.Options.local(1, true)),
                new TargetedActuator(
                        new NginxActuator(new NginxActuator.Options(
                                Path.of("/usr/sbin/nginx"), null, Path.of("/dev/null"), upstreams(), null, true, 1000)),
                        TargetMap.none(),
                        Set.of(),
                        "HCL_TARGETS_NGINX"),
                new ModeActuator(new ModeActuator.Options(
                        EnumSet.of(ModeActuator.Knob.FILE, ModeActuator.Knob.REDIS),
                        true,
                        Path.of(System.getProperty("java.io.tmpdir"), "hcl-plan-contract-modes"),
                        new RedisActuator.Options("127.0.0.1", 1, null, null, true, 100, 100, 1000, Set.of()),
                        1L << 30,
                        null)));
    }

    /** The service's upstream in nginx: the host and its peer. */
    private static Path upstreams() {
        try {
            Path f = Files.createTempFile("plan-contract-upstreams", ".conf");
            f.toFile().deleteOnExit();
            Files.writeString(f, "upstream " + SERVICE + " {\n    server " + HOST + ";\n    server " + PEER + ";\n}\n");
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Rule exhaustion-restart: an instance's memory running out becomes a restart of that ONE instance, which only the
     * local actuator serves (Kubernetes refuses the instance parameter: it restarts whole deployments). Checked against
     * a real local deployment with one live instance (Python's http.server), through the target map, in dry run: the
     * safety gate lets it run without approval and the actuator accepts it; the same plan for an instance that is not
     * live is refused.
     */
    @Test
    void theExhaustionRestartPlanIsAcceptedByTheLocalActuator(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("health"), "ok\n");
        Path deployments = Files.createDirectories(dir.resolve("deployments"));
        int base = 33_000 + (int) (ProcessHandle.current().pid() % 300) * 100;
        Files.writeString(
                deployments.resolve("checkout-local.properties"),
                String.join(
                        "\n",
                        "command.0=/usr/bin/python3",
                        "command.1=-m",
                        "command.2=http.server",
                        "command.3={port}",
                        "command.4=--bind",
                        "command.5=127.0.0.1",
                        "command.6=--directory",
                        "command.7=" + www,
                        "reload.0=/bin/true",
                        "ports=" + base + "-" + (base + 99),
                        "state_dir=" + dir.resolve("state"),
                        "upstream_file=" + dir.resolve("upstream.conf"),
                        "instance_prefix=" + SERVICE,
                        ""));
        io.maximus.hcl.sinks.actuate.LocalDeployment d = io.maximus.hcl.sinks.actuate.LocalDeployment.load(
                "checkout-local", deployments.resolve("checkout-local.properties"));
        try {
            int port = d.scaleTo(1, 20_000).get(0);
            ActionPlan plan = restartPlan(SERVICE + "-" + port);
            ActionPlan stranger = restartPlan(SERVICE + "-1");
            List<Actuator> local = List.of(new TargetedActuator(
                    new io.maximus.hcl.sinks.actuate.LocalProcessActuator(
                            new io.maximus.hcl.sinks.actuate.LocalProcessActuator.Options(deployments, true, 20_000)),
                    TargetMap.parse(SERVICE + "=checkout-local"),
                    Set.of(),
                    "HCL_TARGETS_LOCAL"));
            ExecuteConfig config = ExecuteConfig.defaults();
            try (ActuatorRegistry registry =
                    new ActuatorRegistry(local, true, Clock.systemUTC(), config.hardLimits())) {
                Action a = plan.actions().get(0);
                assertThat(a.type()).isEqualTo(ActionType.RESTART);
                assertThat(a.target()).isEqualTo(SERVICE);
                SafetyManager.Verdict v =
                        config.safetyManager().check(a, new RateLimitState(), plan.eventTime(), false);
                assertThat(v.gate()).as(v.detail()).isEqualTo(SafetyManager.Gate.RUN);
                ActionResult r = registry.run(v.action()).result();
                assertThat(r.status()).as(r.detail()).isEqualTo(ActionStatus.DRY_RUN);
                assertThat(r.call())
                        .contains("replace instance " + SERVICE + "-" + port + " of local deployment "
                                + "checkout-local");
                ActionResult refused = registry.run(stranger.actions().get(0)).result();
                assertThat(refused.status()).isEqualTo(ActionStatus.FAILED);
                assertThat(refused.detail()).contains("not a live instance");
            }
            assertThat(d.live()).containsExactly(port);
        } finally {
            d.stopAll();
        }
    }

    private static ActionPlan restartPlan(String host) {
        FailureRisk risk = new FailureRisk(
                null,
                new Scope(SERVICE, host),
                3_600_000,
                "exhaustion",
                0,
                0.5,
                true,
                "raised",
                0,
                0,
                List.of(),
                Map.of("memory_usage", 81.0),
                List.of(FailureRisk.EVIDENCE_EXHAUSTION),
                "memory_usage",
                95L,
                3_695_000L);
        assertThat(FailureAlarms.restart(risk, List.of("disk_usage"))).isEmpty();
        return FailureAlarms.restart(risk, List.of("memory_usage")).orElseThrow();
    }

    @Test
    void everyBuilderMakesAtLeastOnePlanAndTheTypesAreKnown() {
        Map<String, List<ActionPlan>> plans = everyPlan();
        plans.forEach((rule, ps) -> assertThat(ps).as(rule).isNotEmpty());
        Set<ActionType> types = EnumSet.noneOf(ActionType.class);
        plans.values().forEach(ps -> ps.forEach(p -> p.actions().forEach(a -> types.add(a.type()))));
        // a builder that starts using another type must be added to the actuators checked below
        assertThat(types)
                .containsExactlyInAnyOrder(
                        ActionType.SCALE_DEPLOYMENT,
                        ActionType.RESTART,
                        ActionType.NOTIFY,
                        ActionType.KILL_SLOW_QUERIES,
                        ActionType.FLUSH_CACHE,
                        ActionType.CIRCUIT_BREAKER,
                        ActionType.SET_MODE);
    }

    @Test
    void noPlanTheJobMakesIsRefusedByItsActuatorWithoutATargetMap() {
        assertEveryPlanAccepted(actuators(null, "default"), "PATCH deployment default/checkout");
    }

    @Test
    void noPlanTheJobMakesIsRefusedByItsActuatorWithATargetMap() {
        assertEveryPlanAccepted(
                actuators("checkout=shop/checkout-deploy", "default"), "PATCH deployment shop/checkout-deploy");
    }

    private static void assertEveryPlanAccepted(List<Actuator> actuators, String k8sCall) {
        ExecuteConfig config = ExecuteConfig.defaults();
        SafetyManager safety = config.safetyManager();
        try (ActuatorRegistry registry =
                new ActuatorRegistry(actuators, true, Clock.systemUTC(), config.hardLimits())) {
            int checked = 0;
            Set<String> modes = new java.util.TreeSet<>();
            for (Map.Entry<String, List<ActionPlan>> e : everyPlan().entrySet()) {
                for (ActionPlan plan : e.getValue()) {
                    for (Action a : plan.actions()) {
                        String what = e.getKey() + " " + a;
                        SafetyManager.Verdict v = safety.check(a, new RateLimitState(), plan.eventTime(), false);
                        assertThat(v.gate()).as(what).isNotEqualTo(SafetyManager.Gate.REFUSED);
                        assertThat(registry.actuatorFor(a.type())).as(what).isPresent();
                        ActionResult r = registry.run(v.action()).result();
                        assertThat(r.status()).as(what + ": " + r.detail()).isEqualTo(ActionStatus.DRY_RUN);
                        assertThat(r.call()).as(what).isNotBlank();
                        if (a.type() == ActionType.SCALE_DEPLOYMENT) {
                            assertThat(r.call()).as(what).contains(k8sCall + " spec.replicas=");
                            if (a.params().containsKey("replicas")) { // absolute (plan-policy): set as is
                                assertThat(r.call())
                                        .as(what)
                                        .contains("spec.replicas=" + a.params().get("replicas"));
                            } else { // relative: resolved against the deployment's 3 replicas
                                assertThat(r.action().params()).containsEntry("replicas_before", 3);
                            }
                        }
                        if (a.type() == ActionType.SET_MODE) {
                            modes.add(String.valueOf(a.params().get("mode")));
                            assertThat(r.call())
                                    .as(what)
                                    .contains("checkout.json")
                                    .contains("\"log_level\":\"" + a.params().get("log_level") + "\"")
                                    .contains("CONFIG SET maxmemory <"
                                            + a.params().get("redis_maxmemory_percent") + "%");
                        }
                        if (a.type() == ActionType.RESTART) {
                            assertThat(r.call()).as(what).contains(k8sCall);
                        }
                        checked++;
                    }
                }
            }
            assertThat(checked).isGreaterThanOrEqualTo(5);
            // the fuzzy mode's changes both ways went through the mode actuator's validation
            assertThat(modes).contains("HIGH_PERFORMANCE", "ENERGY_EFFICIENT");
        }
    }
}
