package io.maximus.hcl.tools.eval.plan;

import io.maximus.hcl.models.plan.sac.SacActor;
import io.maximus.hcl.models.plan.sac.SacArtifact;
import io.maximus.hcl.models.plan.sac.SacPolicy;
import io.maximus.hcl.models.plan.sac.SacTrainer;
import io.maximus.hcl.models.plan.sac.SacTraining;
import io.maximus.hcl.models.plan.sim.EvaluationResult;
import io.maximus.hcl.models.plan.sim.PlanEvaluation;
import io.maximus.hcl.models.plan.sim.StepResult;
import io.maximus.hcl.models.plan.sim.Trace;
import io.maximus.hcl.models.plan.sim.TraceReader;
import io.maximus.hcl.tools.eval.report.PlanPages;
import io.maximus.hcl.tools.eval.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl eval plan}: the plan policies on a real load trace. The trace is resampled to the simulator's step,
 * scaled so its training p95 needs 8 replicas at 70%, each policy is calibrated on the first 70% (grid search) and all
 * are run on the last 30% ({@link PlanEvaluation}); prints one JSON line {@code {"trace", ..., "policies": {"static",
 * "hpa", "predictive", "fuzzy", "sac", "hcl"}}} with each policy's SLO-violation minutes, replica-hours, actions and mode
 * changes, and optionally an HTML report of load, replicas and latency per policy.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description =
                "Calibrates the plan policies (static, hpa, predictive, fuzzy, sac, hcl) on the first 70% of a load "
                        + "trace in the service simulator and evaluates them on the last 30%; one JSON line {trace, "
                        + "policies: {name: {slo_violation_min, replica_hours, actions, mode_changes, ...}}}.")
public final class EvalPlanCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvalPlanCommand.class);

    @Option(
            names = "--input",
            required = true,
            description = "CSV with a header row, in time order (e.g. ../shared/datasets/forecast/"
                    + "nasa_http_requests_5min.csv).")
    Path input;

    @Option(
            names = "--time-col",
            required = true,
            description = "Time column: seconds (or epoch millis), ISO-8601, or 'YYYY-MM-DD HH:MM[:SS]' (UTC).")
    String timeCol;

    @Option(names = "--value-col", required = true, description = "Load column (any unit; it is scaled).")
    String valueCol;

    @Option(
            names = "--interval",
            defaultValue = "5m",
            description = "The trace's sampling interval (e.g. 5m, 1h, 30s); the load is interpolated between samples "
                    + "to the simulator's 30 s step. Recorded in the output. Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(
            names = "--report",
            description = "Write an HTML report into this directory: index.html and one page with the load, the "
                    + "replicas and the p99 latency of every policy on the evaluated part.")
    Path report;

    @Option(
            names = "--sac-steps",
            defaultValue = "10000",
            description = "Simulator steps to train the SAC agent on the training part (0: no sac column). "
                    + "Default: ${DEFAULT-VALUE}.")
    int sacSteps;

    @Option(
            names = "--sac-model",
            description = "Evaluate this SAC artifact (from hcl train plan) instead of training one.")
    Path sacModel;

    @Option(names = "--seed", defaultValue = "42", description = "SAC training seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            System.err.println("hcl eval plan: cannot read " + input);
            return 2;
        }
        long intervalSeconds = seconds(interval);
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        int step = eval.settings().service().stepSeconds();
        long t0 = System.nanoTime();
        Trace read = TraceReader.read(input, timeCol, valueCol, step);
        Trace trace = new Trace(input.getFileName().toString(), read.startSeconds(), read.stepSeconds(), read.values());
        Map<String, List<StepResult>> steps = new LinkedHashMap<>();
        EvaluationResult result = eval.evaluate(
                trace,
                report == null
                        ? null
                        : (policy, r) -> steps.computeIfAbsent(policy, k -> new ArrayList<>())
                                .add(r),
                sac());
        LOG.info(
                "plan evaluation of {} ({} steps of {} s, sampled every {} s) done in {} ms",
                input,
                trace.length(),
                step,
                intervalSeconds,
                (System.nanoTime() - t0) / 1_000_000);
        if (report != null) {
            writeReport(result, steps, eval, trace);
        }
        System.out.println(result.toJson());
        return 0;
    }

    private PlanEvaluation.PolicyTrainer sac() {
        if (sacModel != null) {
            SacActor actor = SacArtifact.load(sacModel);
            return (train, e) -> new PlanEvaluation.Trained(
                    new SacPolicy(
                            actor,
                            e.settings().service().capacityPerReplica(),
                            e.settings().service().sloP99Ms(),
                            e.settings().service().stepSeconds()),
                    Map.of("artifact", sacModel.toString(), "version", SacArtifact.version(sacModel)));
        }
        if (sacSteps <= 0) {
            return null;
        }
        SacTrainer.Config d = SacTrainer.Config.defaults();
        return new SacTraining(
                new SacTrainer.Config(
                        d.hidden(),
                        sacSteps,
                        Math.min(d.warmup(), sacSteps / 5),
                        d.batch(),
                        d.buffer(),
                        d.gamma(),
                        d.tau(),
                        d.learningRate(),
                        d.episodeSteps(),
                        Math.min(d.checkEvery(), Math.max(1, sacSteps / 5)),
                        seed),
                null,
                null);
    }

    private void writeReport(
            EvaluationResult result, Map<String, List<StepResult>> steps, PlanEvaluation eval, Trace trace)
            throws java.io.IOException {
        Report html = PlanPages.newReport("HCL eval plan");
        List<StepResult> any = steps.values().iterator().next();
        int n = any.size();
        double[] load = new double[n];
        for (int i = 0; i < n; i++) {
            load[i] = any.get(i).demand();
        }
        Map<String, double[]> replicas = new LinkedHashMap<>();
        Map<String, double[]> p99 = new LinkedHashMap<>();
        for (Map.Entry<String, List<StepResult>> e : steps.entrySet()) {
            double[] r = new double[n];
            double[] l = new double[n];
            for (int i = 0; i < n && i < e.getValue().size(); i++) {
                r[i] = e.getValue().get(i).replicas();
                l[i] = e.getValue().get(i).p99Ms();
            }
            replicas.put(e.getKey(), r);
            p99.put(e.getKey(), l);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        result.policies()
                .forEach((name, m) -> figures.put(
                        name,
                        String.format(
                                java.util.Locale.ROOT,
                                "%.1f violation-min, %.1f replica-h, %d actions, %d mode changes",
                                m.sloViolationMin(),
                                m.replicaHours(),
                                m.actions(),
                                m.modeChanges())));
        figures.put("hcl dominates hpa", result.dominates("hcl", "hpa"));
        PlanPages.trace(
                html,
                trace.name(),
                figures,
                any.isEmpty() ? trace.startSeconds() : any.get(0).timeSeconds(),
                trace.stepSeconds(),
                load,
                replicas,
                p99,
                eval.settings().service().sloP99Ms());
        Report.Written w = html.write(report);
        LOG.info("report written to {}: {} pages, {} bytes", w.index(), w.pages(), w.bytes());
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or plain seconds. */
    static long seconds(String d) {
        String s = d.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            default -> 0;
        };
        long v = Long.parseLong(unit == 0 ? s : s.substring(0, s.length() - 1));
        if (v <= 0) {
            throw new IllegalArgumentException("--interval must be positive: " + d);
        }
        return v * (unit == 0 ? 1 : unit);
    }
}
