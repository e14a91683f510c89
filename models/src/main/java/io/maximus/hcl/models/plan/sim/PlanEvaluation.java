package io.maximus.hcl.models.plan.sim;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.models.plan.sim.policy.Action;
import io.maximus.hcl.models.plan.sim.policy.ForecastPrescaler;
import io.maximus.hcl.models.plan.sim.policy.FuzzyInputs;
import io.maximus.hcl.models.plan.sim.policy.FuzzyModeController;
import io.maximus.hcl.models.plan.sim.policy.FuzzyModePolicy;
import io.maximus.hcl.models.plan.sim.policy.HclPolicy;
import io.maximus.hcl.models.plan.sim.policy.HpaPolicy;
import io.maximus.hcl.models.plan.sim.policy.Observation;
import io.maximus.hcl.models.plan.sim.policy.PredictivePolicy;
import io.maximus.hcl.models.plan.sim.policy.SafetyConstraints;
import io.maximus.hcl.models.plan.sim.policy.ScalingPolicy;
import io.maximus.hcl.models.plan.sim.policy.StaticPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calibrates every policy on the first part of a trace and evaluates them all on the rest, in the simulator.
 *
 * <p>The trace (resampled to the step) is scaled so that its training p95 needs {@code p95Replicas} replicas at
 * {@code p95Utilization}. Calibration minimizes {@code replica_hours + lambda * slo_violation_minutes} on the training
 * part: the HPA over target utilization {0.4 .. 0.9} x scale-down stabilization {0, 60, 150, 300, 600} s; the
 * predictive scaler over target {0.5 .. 0.9} x stabilization {0, 120, 300} s; the fuzzy mode's downward dwell is the
 * shortest of {@link #MODE_DWELLS} keeping the fuzzy policy to {@link #MAX_MODE_CHANGES_PER_DAY} mode changes a day on
 * the training part ({@link #chooseModeDwell}); HCL ({@link HclPolicy}) over its HPA's target (the calibrated HPA's +
 * {0, 0.05, 0.1}, at most 0.95) x forecast pre-scaling (none, or target {0.7, 0.8, 0.9} x backtest error bound {0.1,
 * 0.2, 0.4}), with the HPA's stabilization: the least costly candidate that dominates the calibrated HPA on the
 * training part, else the calibrated HPA itself. The fuzzy policy uses the calibrated HPA as its BALANCED scaler;
 * static provisions the training
 * p99 demand at 70% utilization. Every policy's actions go through the same {@link SafetyConstraints}. The evaluation
 * continues from the training part (the forecaster keeps its history) and every run uses the same seed, so all
 * policies see the same noise.
 */
public final class PlanEvaluation {

    /**
     * Settings of an evaluation.
     *
     * @param service the simulated service
     * @param p95Replicas replicas the training p95 demand needs
     * @param p95Utilization utilization of those replicas at the p95
     * @param trainFraction fraction of the trace used for calibration
     * @param lambda replica-hours per SLO-violation minute in the calibration objective
     * @param maxStepUp safety: replicas added per decision at most
     * @param maxStepDown safety: replicas removed per decision at most
     * @param seed the simulator's seed
     */
    public record Settings(
            ServiceConfig service,
            int p95Replicas,
            double p95Utilization,
            double trainFraction,
            double lambda,
            int maxStepUp,
            int maxStepDown,
            long seed) {

        /** Defaults: the default service, p95 = 10 replicas at 70%, 70/30 split, lambda 1, steps +8/-4, seed 42. */
        public static Settings defaults() {
            return new Settings(ServiceConfig.defaults(), 10, 0.7, 0.7, 1.0, 8, 4, 42L);
        }
    }

    /** Downward dwells of the fuzzy mode the calibration tries, shortest first (seconds). */
    public static final long[] MODE_DWELLS = {600, 900, 1800, 3600, 7200, 14400};
    /** Mode changes per day of the fuzzy policy on the training part that the chosen dwell keeps to at most. */
    public static final double MAX_MODE_CHANGES_PER_DAY = 4.0;

    private static final double[] HPA_TARGETS = {0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    private static final int[] HPA_WINDOWS = {0, 60, 150, 300, 600};
    private static final double[] PRED_TARGETS = {0.5, 0.6, 0.7, 0.8, 0.9};
    private static final int[] PRED_WINDOWS = {0, 120, 300};
    private static final double[] HCL_FLOOR_OFFSETS = {0.0, 0.05, 0.1};
    private static final double[] HCL_PRESCALE_TARGETS = {Double.NaN, 0.7, 0.8, 0.9};
    private static final double[] HCL_GATES = {0.1, 0.2, 0.4};
    /** Backtest checks of the forecast HCL's pre-scaler averages (an hour of 30 s steps). */
    private static final int GATE_WINDOW = 120;

    private final Settings settings;
    private final ServiceConfig service;
    private final SafetyConstraints safety;

    /** An evaluation with these settings. */
    public PlanEvaluation(Settings settings) {
        this.settings = settings;
        this.service = settings.service();
        this.safety = new SafetyConstraints(
                service.minReplicas(),
                service.maxReplicas(),
                settings.maxStepUp(),
                settings.maxStepDown(),
                0.1,
                0.9,
                service.capacityPerReplica(),
                service.memoryBase(),
                service.memoryPerUtilization(),
                service.memoryPerQueued());
    }

    /** Receives every simulated step of the evaluated (test) runs, per policy, e.g. for a report's charts. */
    @FunctionalInterface
    public interface StepListener {
        /** One step of {@code policy}'s run on the test part. */
        void onStep(String policy, StepResult step);
    }

    /** Trains a policy on the scaled training part (e.g. the SAC agent), for the {@code sac} column. */
    @FunctionalInterface
    public interface PolicyTrainer {
        /** The policy trained on {@code train} (requests/s on the service's step), and its parameters to report. */
        Trained train(Trace train, PlanEvaluation evaluation);
    }

    /** A trained policy and the parameters reported with its metrics. */
    public record Trained(ScalingPolicy policy, Map<String, Object> params) {}

    /** Calibrates on the first {@code trainFraction} of {@code raw} (on the service's step) and evaluates the rest. */
    public EvaluationResult evaluate(Trace raw) {
        return evaluate(raw, null);
    }

    /** As {@link #evaluate(Trace)}, telling {@code listener} (may be null) every step of the evaluated runs. */
    public EvaluationResult evaluate(Trace raw, StepListener listener) {
        return evaluate(raw, listener, null);
    }

    /** As {@link #evaluate(Trace, StepListener)}, with a {@code sac} column trained by {@code sac} (may be null). */
    public EvaluationResult evaluate(Trace raw, StepListener listener, PolicyTrainer sac) {
        if (raw.stepSeconds() != service.stepSeconds()) {
            throw new IllegalArgumentException("resample the trace to the service's step first");
        }
        int split = (int) Math.round(raw.length() * settings.trainFraction());
        Trace trainRaw = raw.slice(0, split);
        Trace load =
                raw.scaledTo(trainRaw, settings.p95Replicas(), service.capacityPerReplica(), settings.p95Utilization());
        Trace train = load.slice(0, split);
        Trace test = load.slice(split, load.length());
        FuzzyInputs inputs = new FuzzyInputs(
                train.quantile(0.05), train.quantile(0.95), service.capacityPerReplica(), service.sloP99Ms());
        double lambda = settings.lambda();

        int staticReplicas = (int) Math.ceil(train.quantile(0.99) / (service.capacityPerReplica() * 0.7));
        HpaPolicy hpa = null;
        double best = Double.POSITIVE_INFINITY;
        for (double t : HPA_TARGETS) {
            for (int w : HPA_WINDOWS) {
                HpaPolicy p = new HpaPolicy(t, w);
                double c = run(p, train, new double[0]).cost(lambda);
                if (c < best) {
                    best = c;
                    hpa = p;
                }
            }
        }
        PredictivePolicy predictive = null;
        best = Double.POSITIVE_INFINITY;
        for (double t : PRED_TARGETS) {
            for (int w : PRED_WINDOWS) {
                PredictivePolicy p = new PredictivePolicy(t, w, service.capacityPerReplica(), service.stepSeconds());
                double c = run(p, train, new double[0]).cost(lambda);
                if (c < best) {
                    best = c;
                    predictive = p;
                }
            }
        }
        ModeDwell dwell = chooseModeDwell(hpa, inputs, train);
        // HCL: the calibrated HPA's rule (its target, or a higher one) plus pre-scaling from the forecast while its
        // backtest is good; among the candidates that dominate the calibrated HPA on the training part, the one of
        // least cost; when none does, the calibrated HPA itself (no pre-scaling), which ties with it.
        PolicyMetrics hpaTrain = run(hpa, train, new double[0]);
        HclPolicy hcl =
                hcl(hpa.targetUtilization(), hpa.stabilizationSeconds(), Double.NaN, 0, dwell.seconds(), inputs);
        Map<String, Object> hclParams = hclParams(hpa.targetUtilization(), hpa, Double.NaN, 0, dwell, false);
        best = Double.POSITIVE_INFINITY;
        for (double off : HCL_FLOOR_OFFSETS) {
            double floorTarget = Math.min(0.95, hpa.targetUtilization() + off);
            for (double t : HCL_PRESCALE_TARGETS) {
                for (double g : HCL_GATES) {
                    if (Double.isNaN(t) && g != HCL_GATES[0]) {
                        continue;
                    }
                    HclPolicy p = hcl(floorTarget, hpa.stabilizationSeconds(), t, g, dwell.seconds(), inputs);
                    PolicyMetrics m = run(p, train, new double[0]);
                    boolean dominates = m.sloViolationMin() <= hpaTrain.sloViolationMin()
                            && m.replicaHours() <= hpaTrain.replicaHours()
                            && (m.sloViolationMin() < hpaTrain.sloViolationMin()
                                    || m.replicaHours() < hpaTrain.replicaHours());
                    if (dominates && m.cost(lambda) < best) {
                        best = m.cost(lambda);
                        hcl = p;
                        hclParams = hclParams(floorTarget, hpa, t, g, dwell, true);
                    }
                }
            }
        }
        FuzzyModePolicy fuzzy = new FuzzyModePolicy(
                new HpaPolicy(hpa.targetUtilization(), hpa.stabilizationSeconds()),
                new FuzzyModeController(dwell.seconds()),
                inputs);

        double[] prior = train.values();
        Map<String, PolicyMetrics> out = new LinkedHashMap<>();
        out.put(
                "static",
                run(new StaticPolicy(staticReplicas), test, prior, tell(listener, "static"))
                        .withParams(params("replicas", staticReplicas)));
        out.put(
                "hpa",
                run(hpa, test, prior, tell(listener, "hpa"))
                        .withParams(params(
                                "target", hpa.targetUtilization(), "stabilization_s", hpa.stabilizationSeconds())));
        out.put(
                "predictive",
                run(predictive, test, prior, tell(listener, "predictive"))
                        .withParams(params(
                                "target",
                                predictive.targetUtilization(),
                                "stabilization_s",
                                predictive.stabilizationSeconds(),
                                "forecaster",
                                "seasonal-naive")));
        out.put(
                "fuzzy",
                run(fuzzy, test, prior, tell(listener, "fuzzy"))
                        .withParams(params(
                                "balanced_target",
                                hpa.targetUtilization(),
                                "stabilization_s",
                                hpa.stabilizationSeconds(),
                                "mode_dwell_s",
                                dwell.seconds(),
                                "training_mode_changes_per_day",
                                Math.round(dwell.changesPerDay() * 100) / 100.0)));
        if (sac != null) {
            Trained trained = sac.train(train, this);
            out.put(
                    "sac",
                    run(trained.policy(), test, prior, tell(listener, "sac")).withParams(trained.params()));
        }
        out.put("hcl", run(hcl, test, prior, tell(listener, "hcl")).withParams(hclParams));
        return new EvaluationResult(raw.name(), train.length(), test.length(), service.stepSeconds(), lambda, out);
    }

    /** The scaled training part of {@code raw} (on the service's step), as {@link #evaluate} calibrates on it. */
    public Trace trainingPart(Trace raw) {
        int split = (int) Math.round(raw.length() * settings.trainFraction());
        Trace trainRaw = raw.slice(0, split);
        return raw.scaledTo(trainRaw, settings.p95Replicas(), service.capacityPerReplica(), settings.p95Utilization())
                .slice(0, split);
    }

    /** HCL over an HPA at {@code floorTarget}, pre-scaling at {@code prescaleTarget} (NaN: none) under gate {@code g}. */
    private HclPolicy hcl(
            double floorTarget, int window, double prescaleTarget, double g, long dwellSeconds, FuzzyInputs inputs) {
        int horizon = (int) Math.ceil((double) service.startupSeconds() / service.stepSeconds()) + 1;
        ForecastPrescaler prescaler = Double.isNaN(prescaleTarget)
                ? null
                : new ForecastPrescaler(prescaleTarget, g, horizon, GATE_WINDOW, window, service.capacityPerReplica());
        return new HclPolicy(
                new HpaPolicy(floorTarget, window), prescaler, new FuzzyModeController(dwellSeconds), inputs);
    }

    private static Map<String, Object> hclParams(
            double floorTarget, HpaPolicy hpa, double prescaleTarget, double g, ModeDwell dwell, boolean dominates) {
        return params(
                "hpa_target",
                floorTarget,
                "stabilization_s",
                hpa.stabilizationSeconds(),
                "prescale_target",
                Double.isNaN(prescaleTarget) ? "none" : prescaleTarget,
                "forecast_max_error",
                Double.isNaN(prescaleTarget) ? "none" : g,
                "mode_dwell_s",
                dwell.seconds(),
                "dominates_hpa_on_training",
                dominates);
    }

    /**
     * The fuzzy mode's downward dwell chosen on the training part.
     *
     * @param seconds the dwell
     * @param changesPerDay mode changes per day of the fuzzy policy on the training part with it
     */
    public record ModeDwell(long seconds, double changesPerDay) {}

    /**
     * The shortest dwell of {@link #MODE_DWELLS} with which the fuzzy policy (over {@code hpa}) changes its mode at
     * most {@link #MAX_MODE_CHANGES_PER_DAY} times a day on {@code train}; the longest when none does. Only the
     * training part is looked at.
     */
    public ModeDwell chooseModeDwell(HpaPolicy hpa, FuzzyInputs inputs, Trace train) {
        double days = Math.max(1e-9, train.length() * (double) service.stepSeconds() / 86_400);
        ModeDwell chosen = null;
        for (long d : MODE_DWELLS) {
            FuzzyModePolicy fuzzy = new FuzzyModePolicy(
                    new HpaPolicy(hpa.targetUtilization(), hpa.stabilizationSeconds()),
                    new FuzzyModeController(d),
                    inputs);
            chosen = new ModeDwell(d, run(fuzzy, train, new double[0]).modeChanges() / days);
            if (chosen.changesPerDay() <= MAX_MODE_CHANGES_PER_DAY) {
                break;
            }
        }
        return chosen;
    }

    /**
     * Runs {@code policy} over {@code load} (requests/s) after {@code prior} steps of history (which only the
     * forecaster sees), starting from the replicas the first step needs at 70%.
     */
    public PolicyMetrics run(ScalingPolicy policy, Trace load, double[] prior) {
        return run(policy, load, prior, null);
    }

    /** An episode over {@code load} after {@code prior}, from the replicas its first step needs at 70%. */
    public Episode episode(Trace load, double[] prior) {
        int initial = Math.max(
                service.minReplicas(), (int) Math.ceil(load.values()[0] / (service.capacityPerReplica() * 0.7)));
        return new Episode(service, safety, load, prior, initial, settings.seed());
    }

    private static java.util.function.Consumer<StepResult> tell(StepListener listener, String policy) {
        return listener == null ? null : r -> listener.onStep(policy, r);
    }

    private PolicyMetrics run(
            ScalingPolicy policy, Trace load, double[] prior, java.util.function.Consumer<StepResult> steps) {
        policy.reset();
        Episode episode = episode(load, prior);
        OperationalMode mode = OperationalMode.BALANCED;
        double violation = 0;
        double replicaSeconds = 0;
        double cpuSeconds = 0;
        double dropped = 0;
        int actions = 0;
        int modeChanges = 0;
        Map<String, Integer> bindings = new TreeMap<>();
        double dt = service.stepSeconds();
        while (episode.hasNext()) {
            Observation o = episode.observe();
            Episode.Step step = episode.step(policy.decide(o));
            for (String b : step.bound()) {
                bindings.merge(b, 1, Integer::sum);
            }
            Action a = step.applied();
            if (a.targetReplicas() != o.currentReplicas()) {
                actions++;
            }
            if (a.mode() != mode) {
                modeChanges++;
                mode = a.mode();
            }
            StepResult r = step.result();
            if (steps != null) {
                steps.accept(r);
            }
            replicaSeconds += r.replicas() * dt;
            cpuSeconds += r.replicas() * r.cpuLimit() * dt;
            dropped += r.dropped();
            if (r.violated()) {
                violation += dt / 60.0;
            }
        }
        return new PolicyMetrics(
                violation,
                replicaSeconds / 3600.0,
                actions,
                modeChanges,
                cpuSeconds / 3600.0,
                dropped,
                bindings,
                Map.of());
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }
}
