package io.maximus.hcl.models.plan;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.ModelEvidence;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.plan.sac.SacActor;
import io.maximus.hcl.models.plan.sac.SacFeatures;
import io.maximus.hcl.models.plan.sim.policy.FuzzyModeController;
import io.maximus.hcl.models.plan.sim.policy.HpaPolicy;
import io.maximus.hcl.models.plan.sim.policy.ModeProfile;
import io.maximus.hcl.models.plan.sim.policy.Observation;
import io.maximus.hcl.models.plan.sim.policy.PredictivePolicy;
import io.maximus.hcl.models.plan.sim.policy.SafetyConstraints;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan stage's capacity decision for one service, every {@code step} of event time (30 s by default): the mean
 * CPU utilization of the step's snapshots is the observation (demand in replica-CPUs = utilization x ready replicas,
 * one replica = capacity 1), the fuzzy mode controller (with hysteresis) sets the mode from traffic (CPU between the
 * low and high marks), alerts (the step's mean anomaly score over its threshold, each capped at 1; none in the
 * service's first 5 minutes, the detectors' warm-up) and SLA risk (p99 against the SLO, load
 * against the ready capacity), the chosen policy ({@link Policy}) proposes a replica count, and the hard safety
 * constraints ({@link SafetyConstraints}: step size, memory ceiling, replica bounds) clip it.
 *
 * <p>The allocation is known when the snapshots carry the replica count ({@code replicasMetric}); otherwise the hosts
 * that reported are the ready replicas and the last planned target (if higher) the allocation asked for, and no
 * scale-down is ever proposed. A scale-up must be called for by the load itself (the recommendation in BALANCED: the fuzzy mode sizes a scale-up, never starts one) on two consecutive steps (the smaller of the two is
 * planned), so a blip shorter than a minute is not acted on while a sustained step is acted on at the end of its
 * second step (within a minute of a step on the decision grid). A plan is made only when the target differs from the
 * allocation; it is one {@code scale_deployment} with the absolute {@code replicas} when the allocation is known and
 * otherwise the change ({@code replicas_delta}, {@code target_replicas}: the actuator resolves it against the live
 * count, so a guess from the reporting hosts never sets a lower count), and its parameters say which
 * policy proposed what ({@code policy}, {@code proposed_replicas}), which constraints clipped it ({@code clipped_by})
 * and whether the allocation was known ({@code allocation}); the inputs are in the plan's {@code state_before}.
 *
 * <p>The mode rises when called for on consecutive steps spanning more than a minute (3 steps of 30 s) and falls after
 * the controller's dwell. When the fuzzy mode changes (after its hysteresis), the step also yields one {@code set_mode} plan (rule
 * {@link #MODE_RULE}) carrying the new mode's settings from {@link ModeProfile} ({@code mode},
 * {@code redis_maxmemory_percent}, {@code pool_size}, {@code log_level}, {@code background_work}): once per change,
 * never on a step that keeps the mode.
 *
 * <p>When the step's alerts input is above 0, both plans carry the model behind its strongest anomaly score
 * ({@link ActionPlan#evidence()}: the shipped artifact and its version, a key's online model and since when, or the
 * baseline), so a decision says which model's scores moved it.
 */
public final class PolicyPlanner implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The plans' rule id prefix; the rule is {@code plan-policy-<policy>}. */
    public static final String RULE_PREFIX = "plan-policy-";

    /** Event time after a service's first snapshot during which its anomaly scores are no alert (detector warm-up). */
    public static final long ALERT_WARM_UP_MILLIS = 5 * 60_000L;

    /**
     * The fuzzy mode's default downward dwell (plan.mode.dwell), seconds: the dwell {@code hcl eval plan} chose on the
     * training parts of the Azure, NASA and ASG traces ({@code PlanEvaluation#chooseModeDwell}).
     */
    public static final long DEFAULT_MODE_DWELL_SECONDS = 7200;

    /** The rule id of the {@code set_mode} plans made when the fuzzy mode changes. */
    public static final String MODE_RULE = "plan-mode";

    /** The capacity policy of the plan stage ({@code plan.policy}). */
    public enum Policy {
        /** Kubernetes' HPA algorithm (tolerance, scale-up without delay, stabilized scale-down). */
        HPA,
        /** Provisioning for the observed demand plus headroom (the forecast is not wired in yet). */
        PREDICTIVE,
        /**
         * The HPA's rule plus pre-scaling from the demand forecast while its backtest is good (none in the job yet,
         * which gives the planner no forecast), and the fuzzy mode applied as {@code set_mode}.
         */
        HCL,
        /** The trained SAC actor ({@link SacActor}, served in plain Java): replicas and a CPU limit. */
        SAC
    }

    /**
     * The planner's settings.
     *
     * @param policy the capacity policy
     * @param stepMillis decision step, milliseconds of event time
     * @param hpaTarget the HPA's (and HCL's floor's) target utilization, 0..1
     * @param predictiveTarget the predictive scaler's target utilization, 0..1
     * @param stabilizationSeconds scale-down stabilization window
     * @param lowCpu cpu_usage (%) that counts as 0% traffic for the fuzzy controller
     * @param highCpu cpu_usage (%) that counts as 100% traffic
     * @param sloP99Ms the p99 latency SLO, ms
     * @param modeDwellSeconds the fuzzy controller's downward dwell
     * @param minReplicas lower replica bound
     * @param maxReplicas upper replica bound
     * @param maxStepUp most replicas added per decision
     * @param maxStepDown most replicas removed per decision
     * @param maxMemory memory ceiling as a fraction (the projected per-replica memory must stay below)
     * @param replicasMetric the metric carrying a service's replica count, when the collector knows it
     */
    public record Config(
            Policy policy,
            long stepMillis,
            double hpaTarget,
            double predictiveTarget,
            int stabilizationSeconds,
            double lowCpu,
            double highCpu,
            double sloP99Ms,
            long modeDwellSeconds,
            int minReplicas,
            int maxReplicas,
            int maxStepUp,
            int maxStepDown,
            double maxMemory,
            String replicasMetric)
            implements Serializable {

        /**
         * Defaults: every 30 s, HPA target 70%, predictive 65%, 5-minute stabilization, traffic = cpu_usage (0..100),
         * SLO 500 ms, mode dwell {@link #DEFAULT_MODE_DWELL_SECONDS}, 1..20 replicas, steps of +4/-2, memory at most 90%.
         */
        public static Config defaults(Policy policy) {
            return new Config(
                    policy,
                    30_000,
                    0.7,
                    0.65,
                    300,
                    0,
                    100,
                    500,
                    DEFAULT_MODE_DWELL_SECONDS,
                    1,
                    20,
                    4,
                    2,
                    0.9,
                    "replicas");
        }
    }

    /** One service's planner state in keyed state: a Flink POJO (public fields, no-argument constructor). */
    public static final class State {
        /** Start of the open step, epoch ms ({@code Long.MIN_VALUE}: none). */
        public long stepStart = Long.MIN_VALUE;
        /** Sum of the step's cpu_usage values (%). */
        public double cpuSum;
        /** How many cpu_usage values. */
        public int cpuCount;
        /** Sum of the step's memory_usage values (%). */
        public double memorySum;
        /** How many memory_usage values. */
        public int memoryCount;
        /** Largest latency_p99 of the step, ms (0: none). */
        public double p99Max;
        /** Largest anomaly score over its threshold in the step. */
        public double alertMax;
        /** Sum over the step's snapshots of the anomaly score over its threshold, capped at 1. */
        public double alertSum;
        /** How many snapshots in {@link #alertSum}. */
        public int alertCount;
        /** Detector of the step's largest anomaly score over its threshold (null: none). */
        public String alertDetector;
        /** Host of that score (null: none). */
        public String alertHost;
        /** Event time of the service's first snapshot, epoch ms ({@code Long.MIN_VALUE}: none yet). */
        public long firstSeen = Long.MIN_VALUE;
        /** Largest replica count reported in the step (-1: none). */
        public int replicasReported = -1;
        /** The hosts that reported in the step. */
        public String[] hosts = new String[0];
        /** Closed steps whose host counts bound the ready replicas from below (2 minutes of 30-s steps). */
        public static final int RECENT_STEPS = 4;
        /**
         * Hosts that reported in each of the last {@value #RECENT_STEPS} closed steps (newest first; empty: none). A
         * step can close on the first record of a later step while another host's records of it are still on their way
         * (parallel scorers run apart in a replay), so the ready count is at least the largest of these.
         */
        public int[] recentHosts = new int[0];
        /** The last planned replica target (-1: none). */
        public int lastTarget = -1;
        /** A scale-up called for on the previous step (0: none), to be confirmed. */
        public int pendingUp;
        /** Mode of the fuzzy controller. */
        public String mode = OperationalMode.BALANCED.name();
        /** Controller: last change, seconds. */
        public long modeLastChange = Long.MIN_VALUE / 2;
        /** Controller: pending confirmations upward. */
        public int modePending;
        /** Controller: since when a lower mode is called for, seconds. */
        public long modeDownSince = Long.MIN_VALUE;
        /** HPA recommendations in the stabilization window: times, seconds. */
        public long[] hpaTimes = new long[0];
        /** HPA recommendations: replicas. */
        public long[] hpaReplicas = new long[0];
        /** Predictive recommendations: times, seconds. */
        public long[] predictiveTimes = new long[0];
        /** Predictive recommendations: replicas. */
        public long[] predictiveReplicas = new long[0];

        /** An empty state. */
        public State() {}

        void clearStep(long start) {
            stepStart = start;
            cpuSum = 0;
            cpuCount = 0;
            memorySum = 0;
            memoryCount = 0;
            p99Max = 0;
            alertMax = 0;
            alertSum = 0;
            alertCount = 0;
            alertDetector = null;
            alertHost = null;
            replicasReported = -1;
            hosts = new String[0];
        }
    }

    private final Config config;
    private final SacActor sac;

    /** A planner with these settings (any policy but {@link Policy#SAC}, which needs its actor). */
    public PolicyPlanner(Config config) {
        this(config, null);
    }

    /** A planner with these settings; {@code sac} is the trained actor the {@link Policy#SAC} policy serves. */
    public PolicyPlanner(Config config, SacActor sac) {
        if (config.stepMillis() <= 0 || config.maxReplicas() < config.minReplicas()) {
            throw new IllegalArgumentException("invalid plan policy settings");
        }
        if (config.policy() == Policy.SAC && sac == null) {
            throw new IllegalArgumentException("plan.policy sac needs a trained actor (plan.sac.model)");
        }
        this.config = config;
        this.sac = sac;
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** Start of the step holding {@code time}. */
    public long stepOf(long time) {
        return Math.floorDiv(time, config.stepMillis()) * config.stepMillis();
    }

    /** End of the step starting at {@code start} (exclusive). */
    public long endOf(long start) {
        return start + config.stepMillis();
    }

    /**
     * Adds one snapshot (with its anomaly score over threshold, 0 when none) to the open step. The caller closes the
     * open step first when the snapshot belongs to a later one ({@link #needsClose}); a snapshot older than the open
     * step is dropped (returns false).
     */
    public boolean add(State s, TelemetrySnapshot snap, double alert) {
        return add(s, snap, alert, null);
    }

    /**
     * {@link #add(State, TelemetrySnapshot, double)} with the detector that scored the snapshot, so a plan the step's
     * alerts contribute to names the model of its strongest alert ({@link ModelEvidence}).
     */
    public boolean add(State s, TelemetrySnapshot snap, double alert, String detector) {
        long step = stepOf(snap.timestamp());
        if (s.stepStart == Long.MIN_VALUE) {
            s.clearStep(step);
        } else if (step < s.stepStart) {
            return false;
        }
        if (s.firstSeen == Long.MIN_VALUE) {
            s.firstSeen = snap.timestamp();
        }
        double cpu = snap.metric("cpu_usage", Double.NaN);
        if (!Double.isNaN(cpu)) {
            s.cpuSum += cpu;
            s.cpuCount++;
        }
        double mem = snap.metric("memory_usage", Double.NaN);
        if (!Double.isNaN(mem)) {
            s.memorySum += mem;
            s.memoryCount++;
        }
        s.p99Max = Math.max(s.p99Max, snap.metric("latency_p99", 0));
        if (!Double.isNaN(alert) && alert > 0 && (s.alertDetector == null || alert > s.alertMax)) {
            s.alertDetector = detector;
            s.alertHost = snap.host();
        }
        s.alertMax = Math.max(s.alertMax, Double.isNaN(alert) ? 0 : alert);
        s.alertSum += Double.isNaN(alert) ? 0 : Math.max(0, Math.min(1, alert));
        s.alertCount++;
        double replicas = snap.metric(config.replicasMetric(), Double.NaN);
        if (!Double.isNaN(replicas) && replicas >= 0) {
            s.replicasReported = Math.max(s.replicasReported, (int) Math.round(replicas));
        }
        if (!Arrays.asList(s.hosts).contains(snap.host())) {
            String[] h = Arrays.copyOf(s.hosts, s.hosts.length + 1);
            h[s.hosts.length] = snap.host();
            s.hosts = h;
        }
        return true;
    }

    /** Whether a snapshot at {@code time} belongs to a step after the open one (close that one first). */
    public boolean needsClose(State s, long time) {
        return s.stepStart != Long.MIN_VALUE && stepOf(time) > s.stepStart;
    }

    /**
     * Closes the open step: the decision for {@code service}, a {@code scale_deployment} plan when the target differs
     * from the allocation, and a {@code set_mode} plan (first) when the fuzzy mode changed. The state is left with no
     * open step.
     */
    public List<ActionPlan> close(State s, String service) {
        if (s.stepStart == Long.MIN_VALUE) {
            return List.of();
        }
        long start = s.stepStart;
        try {
            if (s.cpuCount == 0 || s.hosts.length == 0) {
                return List.of();
            }
            List<ActionPlan> out = new ArrayList<>(2);
            decide(s, service, start, out);
            return out;
        } finally {
            s.clearStep(Long.MIN_VALUE);
        }
    }

    private void decide(State s, String service, long start, List<ActionPlan> out) {
        long end = endOf(start);
        long now = end / 1000;
        double cpu = s.cpuSum / s.cpuCount;
        double utilization = Math.max(0, cpu / 100.0);
        boolean known = s.replicasReported > 0;
        int ready = known ? s.replicasReported : Math.max(s.hosts.length, max(s.recentHosts));
        s.recentHosts = recent(s.recentHosts, s.hosts.length);
        int current = known ? s.replicasReported : Math.max(ready, s.lastTarget);
        double demand = utilization * ready;
        double memory = s.memoryCount == 0 ? 0 : s.memorySum / s.memoryCount / 100.0;
        OperationalMode previousMode = OperationalMode.valueOf(s.mode);
        Observation o = new Observation(
                now, demand, utilization, 0, s.p99Max, memory, current, ready, Double.NaN, s.alertMax, 0, previousMode);

        // The fuzzy mode, with the controller's hysteresis carried in the state.
        // The mode rises only when called for over more than a minute of event time (3 steps of 30 s): a blip shorter
        // than a minute, or a detector's first minute on a new service, changes no setting.
        FuzzyModeController controller = new FuzzyModeController(config.modeDwellSeconds(), upConfirmations());
        controller.restore(previousMode, s.modeLastChange, s.modePending, s.modeDownSince);
        double traffic = clamp100(100 * (cpu - config.lowCpu()) / Math.max(1e-9, config.highCpu() - config.lowCpu()));
        // Alerts: the step's mean anomaly score over threshold (capped at 1 per snapshot), so one outlying snapshot
        // (a blip, a detector's false positive) does not count as an alert while a whole step of anomalies does.
        // A detector's first minutes on a service (its warm-up) flag nearly everything: no alert then.
        boolean warm = s.firstSeen != Long.MIN_VALUE && start - s.firstSeen >= ALERT_WARM_UP_MILLIS;
        double alerts = clamp100(!warm || s.alertCount == 0 ? 0 : 100 * s.alertSum / s.alertCount);
        double latencyRisk = (s.p99Max / config.sloP99Ms() - 0.5) / 0.5;
        double loadRisk = (utilization - 0.6) / 0.35;
        double slaRisk = clamp100(100 * Math.max(latencyRisk, loadRisk));
        OperationalMode mode = controller.decide(now, traffic, alerts, slaRisk);
        // the anomaly model behind the alerts input, when the step's alerts count (service warm, scores over 0)
        List<ModelEvidence> evidence = alerts > 0 && s.alertDetector != null
                ? List.of(ModelEvidence.ofAnomaly(s.alertHost, s.alertDetector, Math.min(1, s.alertMax)))
                : List.of();
        s.mode = mode.name();
        s.modeLastChange = controller.lastChange();
        s.modePending = controller.pending();
        s.modeDownSince = controller.downSince();
        ModeProfile profile = ModeProfile.of(mode);
        if (mode != previousMode) {
            out.add(modePlan(service, start, end, o, cpu, traffic, alerts, slaRisk, previousMode, profile)
                    .withEvidence(evidence));
        }

        // The policy's proposal, with its stabilization windows carried in the state.
        HpaPolicy hpa = new HpaPolicy(config.hpaTarget(), config.stabilizationSeconds());
        hpa.restore(s.hpaTimes, s.hpaReplicas);
        PredictivePolicy predictive =
                new PredictivePolicy(config.predictiveTarget(), config.stabilizationSeconds(), 1.0, 1);
        predictive.restore(s.predictiveTimes, s.predictiveReplicas);
        int proposed = switch (config.policy()) {
            case HPA -> hpa.replicas(o, config.hpaTarget());
            case PREDICTIVE -> predictive.replicas(o, config.predictiveTarget());
            // HCL = the HPA's rule plus forecast pre-scaling (ForecastPrescaler); the planner gets no demand forecast
            // yet, so the pre-scaler's gate stays closed and HCL scales as its HPA, the mode applied by set_mode.
            case HCL -> hpa.replicas(o, config.hpaTarget());
            case SAC -> sacAction(o).targetReplicas();
        };
        // What this step alone calls for (no stabilization history): a scale-up goes no higher, so an old peak kept
        // in the predictive scaler's window never raises the count by itself.
        int stepRecommendation = raw(o, profile);
        long[][] h = hpa.history();
        s.hpaTimes = column(h, 0);
        s.hpaReplicas = column(h, 1);
        long[][] p = predictive.history();
        s.predictiveTimes = column(p, 0);
        s.predictiveReplicas = column(p, 1);

        // Hard constraints; the per-replica memory is projected as the observed one spread over the new count.
        // Half of the observed memory is taken as the replica's base, the other half as growing with its load.
        double base = memory / 2;
        double perUtilization = utilization > 0 ? (memory - base) / Math.min(1.0, utilization) : 0;
        SafetyConstraints safety = new SafetyConstraints(
                config.minReplicas(),
                config.maxReplicas(),
                config.maxStepUp(),
                config.maxStepDown(),
                0.1,
                config.maxMemory(),
                1.0,
                base,
                perUtilization,
                0);
        SafetyConstraints.Result clipped =
                safety.apply(new io.maximus.hcl.models.plan.sim.policy.Action(proposed, 1.0, mode), o);
        int target = clipped.action().targetReplicas();
        if (!known && target < current) {
            target = current;
        }
        // A scale-up needs two consecutive steps calling for it; the smaller target is planned.
        // The overload itself must call for it: the step's recommendation in BALANCED (the mode's headroom sizes a
        // scale-up, it never starts one, so the mode an anomaly blip raises does not scale a calm service).
        if (target > current && !clipped.bound().contains(SafetyConstraints.MEMORY_MAX)) {
            // The SAC actor may keep more headroom than the HPA target; the load must still call for the scale-up by
            // the HPA's own measure, so a calm cycle is never scaled by it.
            boolean overloaded = config.policy() == Policy.SAC
                    ? HpaPolicy.recommend(o, config.hpaTarget()) > current
                    : raw(o, ModeProfile.BALANCED) > current;
            target = overloaded ? Math.max(current, Math.min(target, stepRecommendation)) : current;
        }
        if (target > current) {
            if (s.pendingUp == 0) {
                s.pendingUp = target;
                return;
            }
            target = Math.min(target, s.pendingUp);
        }
        s.pendingUp = 0;
        if (target == current) {
            return;
        }
        s.lastTarget = target;
        out.add(plan(
                        service,
                        start,
                        end,
                        o,
                        cpu,
                        traffic,
                        alerts,
                        slaRisk,
                        mode,
                        proposed,
                        target,
                        clipped.bound(),
                        known)
                .withEvidence(evidence));
    }

    /** The {@code set_mode} plan for a mode change: the new mode's concrete settings, applied by the mode actuator. */
    private ActionPlan modePlan(
            String service,
            long start,
            long end,
            Observation o,
            double cpu,
            double traffic,
            double alerts,
            double slaRisk,
            OperationalMode previous,
            ModeProfile profile) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("mode", profile.mode().name());
        params.put("redis_maxmemory_percent", profile.redisMaxmemoryPercent());
        params.put("pool_size", profile.poolSize());
        params.put("log_level", profile.logLevel());
        params.put("background_work", profile.backgroundWork());
        params.put("previous_mode", previous.name());
        params.put("reason", MODE_RULE);
        Map<String, Double> before = new TreeMap<>();
        before.put("cpu_usage", cpu);
        before.put("utilization", o.utilization());
        before.put("replicas_ready", (double) o.readyReplicas());
        before.put("latency_p99", o.p99Ms());
        before.put("fuzzy_traffic", traffic);
        before.put("fuzzy_alerts", alerts);
        before.put("fuzzy_sla_risk", slaRisk);
        String trigger = String.format(
                Locale.ROOT,
                "fuzzy mode of service %s: %s -> %s (traffic %.0f, alerts %.0f, SLA risk %.0f)",
                service,
                previous,
                profile.mode(),
                traffic,
                alerts,
                slaRisk);
        Action action = new Action(ActionType.SET_MODE, service, params);
        String key =
                MODE_RULE + ":" + service + ":" + start + ":" + profile.mode().name();
        return new ActionPlan(
                Scope.service(service),
                end - 1,
                MODE_RULE,
                trigger,
                profile.mode(),
                List.of(action),
                profile.mode() == OperationalMode.HIGH_PERFORMANCE ? 4 : 2,
                false,
                key,
                before);
    }

    private ActionPlan plan(
            String service,
            long start,
            long end,
            Observation o,
            double cpu,
            double traffic,
            double alerts,
            double slaRisk,
            OperationalMode mode,
            int proposed,
            int target,
            List<String> bound,
            boolean known) {
        String policy = config.policy().name().toLowerCase(Locale.ROOT);
        Map<String, Object> params = new LinkedHashMap<>();
        if (known) {
            params.put("replicas", target);
        } else {
            // the allocation is a guess from the hosts that reported: ask for the change, which the actuator resolves
            // against the deployment's live count within its bounds, never for an absolute count that could be lower
            params.put("replicas_delta", target - o.currentReplicas());
            params.put("target_replicas", target);
        }
        params.put("policy", policy);
        params.put("proposed_replicas", proposed);
        params.put("current_replicas", o.currentReplicas());
        params.put("clipped_by", String.join(",", bound));
        params.put("allocation", known ? "known" : "unknown");
        params.put("reason", RULE_PREFIX + policy);
        if (config.policy() == Policy.SAC) {
            params.put("sac_cpu_limit", Math.round(sacAction(o).cpuLimit() * 1000) / 1000.0);
        }
        Map<String, Double> before = new TreeMap<>();
        before.put("cpu_usage", cpu);
        before.put("utilization", o.utilization());
        before.put("replicas_ready", (double) o.readyReplicas());
        before.put("replicas_current", (double) o.currentReplicas());
        before.put("memory_usage", o.memory() * 100);
        before.put("latency_p99", o.p99Ms());
        before.put("fuzzy_traffic", traffic);
        before.put("fuzzy_alerts", alerts);
        before.put("fuzzy_sla_risk", slaRisk);
        String trigger = String.format(
                Locale.ROOT,
                "policy %s on service %s: cpu_usage %.1f%% on %d ready replicas (%s allocation %d) -> %d replicas"
                        + " (proposed %d%s), mode %s",
                policy,
                service,
                cpu,
                o.readyReplicas(),
                known ? "known" : "unknown",
                o.currentReplicas(),
                target,
                proposed,
                bound.isEmpty() ? "" : ", clipped by " + String.join(", ", bound),
                mode);
        Action action = new Action(ActionType.SCALE_DEPLOYMENT, service, params);
        String key = RULE_PREFIX + policy + ":" + service + ":" + start + ":" + target;
        return new ActionPlan(
                Scope.service(service),
                end - 1,
                RULE_PREFIX + policy,
                trigger,
                mode,
                List.of(action),
                target > o.currentReplicas() ? 5 : 3,
                false,
                key,
                before);
    }

    private int raw(Observation o, ModeProfile profile) {
        int hpa = HpaPolicy.recommend(o, config.hpaTarget());
        PredictivePolicy predictive =
                new PredictivePolicy(config.predictiveTarget(), config.stabilizationSeconds(), 1.0, 1);
        return switch (config.policy()) {
            case HPA -> hpa;
            case PREDICTIVE -> predictive.replicas(o, config.predictiveTarget());
            case HCL -> hpa;
            case SAC -> sacAction(o).targetReplicas();
        };
    }

    /** Consecutive steps a higher mode must be called for: more than 60 s of event time, at least 2 steps. */
    int upConfirmations() {
        return (int) Math.max(2, 60_000 / config.stepMillis() + 1);
    }

    /** The SAC actor's action on an observation in replica-CPUs (a replica's capacity is 1). */
    private io.maximus.hcl.models.plan.sim.policy.Action sacAction(Observation o) {
        int stepSeconds = (int) Math.max(1, config.stepMillis() / 1000);
        float[] a = sac.act(SacFeatures.of(o, 1.0, config.sloP99Ms(), stepSeconds));
        return SacFeatures.action(a, o, 1.0, stepSeconds, o.mode());
    }

    private static long[] column(long[][] rows, int c) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][c];
        }
        return out;
    }

    private static double clamp100(double x) {
        return Double.isNaN(x) ? 0 : Math.max(0, Math.min(100, x));
    }

    /** The largest of {@code counts} (0: none). */
    private static int max(int[] counts) {
        int m = 0;
        for (int c : counts == null ? new int[0] : counts) {
            m = Math.max(m, c);
        }
        return m;
    }

    /** {@code counts} with {@code newest} in front, at most {@link State#RECENT_STEPS} long. */
    private static int[] recent(int[] counts, int newest) {
        int[] old = counts == null ? new int[0] : counts;
        int[] out = new int[Math.min(State.RECENT_STEPS, old.length + 1)];
        out[0] = newest;
        System.arraycopy(old, 0, out, 1, out.length - 1);
        return out;
    }
}
