package io.maximus.hcl.jobs.stages;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.models.attention.AttentionAnalyzer;
import io.maximus.hcl.models.baseline.BaselineDetector;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.FleetFailureModel;
import io.maximus.hcl.models.failure.exhaustion.CeilingPair;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionCeilings;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionSettings;
import io.maximus.hcl.models.forecast.DemandForecaster;
import io.maximus.hcl.models.forecast.ForecastArtifact;
import io.maximus.hcl.models.forecast.ForecastPeakRule;
import io.maximus.hcl.models.forecast.SarimaModel;
import io.maximus.hcl.models.forecast.select.ForecastSelector;
import io.maximus.hcl.models.plan.DegradationRule;
import io.maximus.hcl.models.plan.ModeRule;
import io.maximus.hcl.operators.analyze.AttentionAnomalyScorer;
import io.maximus.hcl.operators.analyze.BaselineAnomalyScorer;
import io.maximus.hcl.operators.analyze.DegradationWatch;
import io.maximus.hcl.operators.analyze.DemandForecastOperator;
import io.maximus.hcl.operators.analyze.FailureWatch;
import io.maximus.hcl.operators.analyze.LegacyBaselineState;
import io.maximus.hcl.operators.analyze.ScorerInput;
import io.maximus.hcl.operators.analyze.ServiceWindows;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Analyze: anomaly scores per host, then per service the window summaries (with the operational mode) that the rest
 * of the loop reads, latency degradation, demand forecasts and failure prediction. Degradation, a forecast peak and
 * a failure alarm each propose a plan; the plan stage takes them with its own patterns.
 */
public final class AnalyzeStage {

    /**
     * The analyze stage's configured models and functions, built on the client so a bad artifact fails the submission.
     *
     * @param detector which anomaly detector scores snapshots
     * @param baseline the baseline detector (alone, or where the attention models have no model for a service)
     * @param anomalyModel the anomaly model artifact, or {@code builtin}
     * @param anomalyModelVersion the model version the artifact must have, or null for any
     * @param attention the attention system's settings
     * @param seed seed of the foveal tier's random samples
     * @param stateTtl a host's statistics and failure rows are dropped after this long without telemetry
     * @param window size of the per-service windows
     * @param mode the operational mode of a service window
     * @param degradation the latency degradation rule
     * @param forecaster the demand forecaster, or null when forecasting is off
     * @param failure the failure predictor, or null when failure prediction is off
     * @param exhaustion the resource-exhaustion predictor, or null when it is off
     */
    public record Config(
            HclOptions.Detector detector,
            BaselineDetector baseline,
            String anomalyModel,
            String anomalyModelVersion,
            AttentionAnalyzer.Settings attention,
            long seed,
            Duration stateTtl,
            Duration window,
            ModeRule mode,
            DegradationRule degradation,
            DemandForecastOperator forecaster,
            FailureMonitor failure,
            FailureWatch.Exhaustion exhaustion) {

        /** The stage from the job's options; reads the forecast artifact and the failure model when they are on. */
        public static Config from(Configuration conf) {
            String version = conf.get(HclOptions.ANOMALY_MODEL_VERSION);
            return new Config(
                    conf.get(HclOptions.DETECTOR),
                    baselineDetector(conf),
                    conf.get(HclOptions.ANOMALY_MODEL),
                    version.isBlank() ? null : version,
                    attentionSettings(conf),
                    conf.get(HclOptions.ATTENTION_SEED),
                    conf.get(HclOptions.STATE_TTL),
                    conf.get(HclOptions.WINDOW),
                    new ModeRule(new ModeRule.Thresholds(
                            conf.get(HclOptions.MODE_HIGH_CPU),
                            conf.get(HclOptions.MODE_LOW_CPU),
                            conf.get(HclOptions.MODE_LATENCY_SLA),
                            conf.get(HclOptions.MODE_HIGH_ERROR_RATE))),
                    DegradationRule.defaults(),
                    conf.get(HclOptions.FORECAST_ENABLED) ? demandForecastOperator(conf) : null,
                    conf.get(HclOptions.FAILURE_ENABLED) ? failureMonitor(conf) : null,
                    conf.get(HclOptions.FAILURE_EXHAUSTION_ENABLED) ? exhaustionPredictor(conf) : null);
        }
    }

    /**
     * What the analyze stage produces. {@code windows} are keyed by service; {@code forecasts}, {@code forecastPlans},
     * {@code failures} and {@code failurePlans} are null when both the failure model and the exhaustion predictor are off; {@code failures} are the
     * predictions in alarm.
     */
    public record Outputs(
            DataStream<AnomalyScore> anomalies,
            KeyedStream<ServiceWindow, String> windows,
            DataStream<ActionPlan> degradationPlans,
            DataStream<DemandForecast> forecasts,
            DataStream<ActionPlan> forecastPlans,
            DataStream<FailureRisk> failures,
            DataStream<ActionPlan> failurePlans,
            DataStream<ScoredSnapshot> scored) {}

    private AnalyzeStage() {}

    /** Adds the analyze stage on the monitor stage's snapshots (with event time). */
    public static Outputs build(DataStream<TelemetrySnapshot> snapshots, Config config) {
        // Anomaly, per service and host: the trained anomaly models behind attention (peripheral statistics on every
        // snapshot, Isolation Forest + PCA + LSTM autoencoder on ONNX Runtime where attention goes; state per key),
        // or the baseline (rolling z-scores) alone with analyze.detector=baseline. One operator and one uid for both,
        // so the detector can be switched across a savepoint (each keeps its state). Before it, under the uid the
        // baseline detector had when it was an operator of its own, the pass that hands a savepoint of that time's
        // statistics to it (chained, same keys: no shuffle).
        boolean attention = config.detector() == HclOptions.Detector.ATTENTION;
        DataStream<ScorerInput> toScore = snapshots
                .keyBy(BaselineAnomalyScorer::key)
                .process(new LegacyBaselineState(config.stateTtl()))
                .name("analyze: baseline statistics of before")
                .uid("analyze-baseline-anomaly");
        DataStream<ScoredSnapshot> scored = DataStreamUtils.reinterpretAsKeyedStream(
                        toScore, in -> BaselineAnomalyScorer.key(in.snapshot()), Types.STRING)
                .process(
                        attention
                                ? new AttentionAnomalyScorer(
                                        config.anomalyModel(),
                                        config.anomalyModelVersion(),
                                        config.attention(),
                                        config.seed(),
                                        config.baseline(),
                                        config.stateTtl())
                                : AttentionAnomalyScorer.baselineOnly(config.baseline(), config.stateTtl()))
                .name(attention ? "analyze: anomaly models behind attention" : "analyze: baseline anomaly score")
                .uid("analyze-attention-anomaly");
        DataStream<AnomalyScore> anomalies = scored.map(ScoredSnapshot::anomaly)
                .name("analyze: anomaly events")
                .uid("analysis-events")
                .filter(AnomalyScore::anomalous)
                .name("analyze: anomalous only")
                .uid("analysis-anomalous");

        // Per service: window summaries of the scored snapshots with the operational mode, read by the plan stage's
        // patterns, the degradation watch, the forecaster and the execute stage's rollback watcher. (The operator's
        // name and uid say "plan", where it was first built; both stay so savepoints restore.)
        KeyedStream<ServiceWindow, String> windows = scored.keyBy(
                        s -> s.snapshot().service())
                .window(TumblingEventTimeWindows.of(config.window()))
                .aggregate(new ServiceWindows.Aggregate(), new ServiceWindows.Summarize(config.mode()))
                .name("plan: service windows + mode")
                .uid("plan-service-windows")
                .keyBy(ServiceWindow::service);

        // Degradation, per service: a change point (PELT) in latency that lasts becomes a plan.
        DataStream<ActionPlan> degradationPlans = windows.process(new DegradationWatch(config.degradation()))
                .name("plan: latency degradation (PELT)")
                .uid("plan-latency-degradation");

        // Demand, per service: the window mean of the demand metric as 15-minute points, a SARIMA filter step per
        // point, refits off the task thread; forecasts out, and a predicted peak above the CPU threshold within the
        // hour becomes a forecast-peak scale-up plan ahead of time.
        SingleOutputStreamOperator<DemandForecast> forecasts = config.forecaster() == null
                ? null
                : windows.process(config.forecaster())
                        .name("analyze: demand forecast (SARIMA)")
                        .uid("analyze-demand-forecast");

        // Failure, per service and host: one-minute rows in keyed state, trend features, the fleet failure model
        // (compiled trees) → P(failure in 10-30 min); beside it every metric with a known ceiling in keyed map state,
        // its lower-envelope trend → time to exhaustion. Either alarm (with hysteresis) becomes one notify plan.
        SingleOutputStreamOperator<FailureRisk> failures = config.failure() == null && config.exhaustion() == null
                ? null
                : snapshots
                        .keyBy(s -> s.scope().key())
                        .process(new FailureWatch(config.failure(), config.exhaustion(), config.stateTtl()))
                        .name("analyze: failure prediction")
                        .uid("analyze-failure-prediction");

        return new Outputs(
                anomalies,
                windows,
                degradationPlans,
                forecasts,
                forecasts == null ? null : forecasts.getSideOutput(DemandForecastOperator.PLANS),
                failures,
                failures == null ? null : failures.getSideOutput(FailureWatch.PLANS),
                scored);
    }

    /** The baseline detector of the options. */
    static BaselineDetector baselineDetector(Configuration conf) {
        return new BaselineDetector(new BaselineDetector.Config(
                conf.get(HclOptions.HALF_LIFE),
                conf.get(HclOptions.BASELINE_WARMUP),
                conf.get(HclOptions.Z_THRESHOLD),
                conf.get(HclOptions.BASELINE_WINSOR_Z),
                conf.get(HclOptions.BASELINE_ABS_FLOOR),
                conf.get(HclOptions.BASELINE_REL_FLOOR),
                conf.get(HclOptions.BASELINE_SALIENT_MAX)));
    }

    /** The attention settings from these options (the evaluated defaults otherwise). */
    static AttentionAnalyzer.Settings attentionSettings(Configuration conf) {
        AttentionAnalyzer.Settings d = AttentionAnalyzer.Settings.defaults();
        double sample = conf.get(HclOptions.ATTENTION_SAMPLE_RATE);
        double budget = conf.get(HclOptions.ATTENTION_BUDGET);
        if (!(sample >= 0 && sample <= 1) || !(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException(
                    "analyze.sample-rate must be in [0, 1] and analyze.foveal-budget in (0, 1]");
        }
        return new AttentionAnalyzer.Settings(
                d.peripheralAlpha(),
                d.peripheralFloor(),
                d.quantile(),
                d.absoluteLevel(),
                d.hold(),
                sample,
                d.budgetCapacity(),
                budget,
                d.fixation());
    }

    /** The failure predictor the options describe: the configured or bundled model with its alarm settings. */
    static FailureMonitor failureMonitor(Configuration conf) {
        String dir = conf.get(HclOptions.FAILURE_MODEL);
        FleetFailureModel model =
                dir.isBlank() ? FleetFailureModel.loadBundled() : FleetFailureModel.load(Path.of(dir));
        double threshold =
                conf.get(HclOptions.FAILURE_THRESHOLD) > 0 ? conf.get(HclOptions.FAILURE_THRESHOLD) : model.threshold();
        return new FailureMonitor(
                model,
                new FailureMonitor.Config(
                        threshold,
                        conf.get(HclOptions.FAILURE_CLEAR_RATIO),
                        conf.get(HclOptions.FAILURE_CONFIRM_ROWS),
                        conf.get(HclOptions.FAILURE_CLEAR_ROWS),
                        conf.get(HclOptions.FAILURE_TOP_DRIVERS)));
    }

    /** The exhaustion predictor the options describe: the ceilings and pairs, the horizon, the other defaults. */
    static FailureWatch.Exhaustion exhaustionPredictor(Configuration conf) {
        ExhaustionCeilings d = ExhaustionCeilings.defaults();
        Map<String, Double> fixed = new TreeMap<>();
        for (String c : conf.get(HclOptions.FAILURE_EXHAUSTION_CEILINGS)) {
            String[] kv = c.split("=", -1);
            double ceiling = kv.length == 2 ? parseDouble(kv[1]) : Double.NaN;
            if (kv.length != 2 || kv[0].isBlank() || !(ceiling > 0) || Double.isInfinite(ceiling)) {
                throw new IllegalArgumentException("failure.exhaustion.ceilings: metric=ceiling expected, got " + c);
            }
            fixed.put(kv[0].strip(), ceiling);
        }
        List<CeilingPair> pairs = new ArrayList<>();
        for (String p : conf.get(HclOptions.FAILURE_EXHAUSTION_PAIRS)) {
            String[] um = p.split("/", -1);
            if (um.length != 2 || um[0].isBlank() || um[1].isBlank()) {
                throw new IllegalArgumentException("failure.exhaustion.pairs: used/max expected, got " + p);
            }
            pairs.add(CeilingPair.of(um[0].strip(), um[1].strip()));
        }
        long horizon = conf.get(HclOptions.FAILURE_EXHAUSTION_HORIZON).toMinutes();
        if (horizon < 1) {
            throw new IllegalArgumentException("failure.exhaustion.horizon must be at least one minute");
        }
        long point = conf.get(HclOptions.FAILURE_EXHAUSTION_POINT).toMillis();
        if (point < 1000) {
            throw new IllegalArgumentException("failure.exhaustion.point must be at least one second");
        }
        long window = conf.get(HclOptions.FAILURE_EXHAUSTION_WINDOW).toMillis() / point;
        if (window < 10) {
            throw new IllegalArgumentException("failure.exhaustion.window must hold at least 10 points");
        }
        long horizonPoints =
                Math.max(1, conf.get(HclOptions.FAILURE_EXHAUSTION_HORIZON).toMillis() / point);
        return new FailureWatch.Exhaustion(
                new ExhaustionCeilings(fixed, d.percentSuffixes(), List.copyOf(pairs), d.excludedPrefixes()),
                ExhaustionSettings.defaults()
                        .withWindowMinutes((int) Math.min(window, 100_000))
                        .withHorizonMinutes((int) Math.min(horizonPoints, 1_000_000)),
                point,
                conf.get(HclOptions.FAILURE_EXHAUSTION_RESTART_METRICS));
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * The demand forecaster of these options; reads {@code forecast.artifact} (when set) here, on the client, so the
     * trained model ships with the job graph and a bad artifact fails the submission with a clear message.
     */
    public static DemandForecastOperator demandForecastOperator(Configuration conf) {
        long step = conf.get(HclOptions.FORECAST_STEP).toSeconds();
        long stepMs = step * 1000;
        List<Integer> order = conf.get(HclOptions.FORECAST_ORDER);
        if (order.size() != 6) {
            throw new IllegalArgumentException("forecast.order needs p,d,q,P,D,Q (6 numbers): " + order);
        }
        int[] orders = order.stream().mapToInt(Integer::intValue).toArray();
        DemandForecaster forecaster = new DemandForecaster(new DemandForecaster.Config(
                conf.get(HclOptions.FORECAST_METRIC),
                step,
                orders,
                conf.get(HclOptions.FORECAST_WEEKLY),
                (int) (conf.get(HclOptions.FORECAST_TRAIN).toMillis() / stepMs),
                (int) (conf.get(HclOptions.FORECAST_MIN_HISTORY).toMillis() / stepMs),
                (int) Math.max(1, conf.get(HclOptions.FORECAST_REFIT).toMillis() / stepMs),
                conf.get(HclOptions.FORECAST_EVALUATIONS),
                conf.get(HclOptions.FORECAST_COVERAGE),
                (int) Math.max(1, conf.get(HclOptions.FORECAST_PEAK_HORIZON).toMillis() / stepMs),
                (int) Math.max(
                        Math.max(1, conf.get(HclOptions.FORECAST_REFIT).toMillis() / stepMs),
                        conf.get(HclOptions.FORECAST_MAX_REFIT).toMillis() / stepMs),
                conf.get(HclOptions.FORECAST_REFIT_DRIFT)));
        Map<String, SarimaModel> initial = Map.of();
        String artifact = conf.get(HclOptions.FORECAST_ARTIFACT);
        if (!artifact.isBlank()) {
            try {
                initial = ForecastArtifact.loadForServices(Path.of(artifact));
            } catch (IOException e) {
                throw new IllegalArgumentException("forecast.artifact: " + e.getMessage(), e);
            }
        }
        ForecastSelector selector = null;
        if (conf.get(HclOptions.FORECAST_SELECT)) {
            int day = forecaster.config().daySteps();
            int[] horizons = {(int) Math.max(1, 3600 / step), (int) Math.max(1, 6 * 3600 / step), day};
            selector = new ForecastSelector(ForecastSelector.Config.defaults(day, horizons));
        }
        return new DemandForecastOperator(
                forecaster,
                new ForecastPeakRule(conf.get(HclOptions.CPU_HIGH), conf.get(HclOptions.SCALE_STEP)),
                initial,
                conf.get(HclOptions.FORECAST_FIT_THREADS),
                conf.get(HclOptions.FORECAST_FIT_TIMEOUT),
                conf.get(HclOptions.FORECAST_STATE_TTL),
                selector);
    }
}
