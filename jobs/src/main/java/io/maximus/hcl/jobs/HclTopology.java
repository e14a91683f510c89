package io.maximus.hcl.jobs;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.baseline.BaselineDetector;
import io.maximus.hcl.models.plan.DegradationRule;
import io.maximus.hcl.models.plan.ModeRule;
import io.maximus.hcl.models.plan.RemediationRules;
import io.maximus.hcl.operators.AttentionAnomalyScorer;
import io.maximus.hcl.operators.BaselineAnomalyScorer;
import io.maximus.hcl.operators.DegradationWatch;
import io.maximus.hcl.operators.FailureWatch;
import io.maximus.hcl.operators.DemandForecastOperator;
import io.maximus.hcl.operators.ParseTelemetry;
import io.maximus.hcl.operators.RemediationPatterns;
import io.maximus.hcl.operators.ServiceWindows;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import io.maximus.hcl.operators.execute.ExecuteStage;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The HCL loop as one Flink topology, top to bottom: monitor (parse, validate, event time) → analyze (per host) →
 * plan (per service: windows, mode, CEP patterns, latency degradation) → execute (safety gate, actuators, rollback;
 * dry run unless configured) → decisions and action events. Sources and sinks are attached by
 * the caller ({@link HclJob} for Kafka and PostgreSQL, the replay command for files), so the same topology runs on
 * live telemetry and on history. Every stateful operator has a uid that never changes once released.
 */
public final class HclTopology {

    /**
     * What the topology produces, for the caller to attach sinks to. {@code actionEvents} carries every action
     * result as it happens, including later ones (approved, denied, timed out, REVERTED): the knowledge base's feed;
     * {@code outcomes} are the rollback watcher's verdicts, which fill a decision's outcome, state_after and reward.
     * {@code failures} (null when {@code failure.enabled} is false) are the failure predictions in alarm, for
     * {@code hcl.analysis}.
     * {@code forecasts} (demand forecasts, for the analysis topic) is null when {@code forecast.enabled} is false.
     */
    public record Outputs(DataStream<TelemetrySnapshot> snapshots, DataStream<DeadLetter> deadLetters,
                          DataStream<AnomalyScore> anomalies, DataStream<ServiceWindow> windows,
                          DataStream<Decision> decisions, DataStream<ActionEvent> actionEvents,
                          DataStream<DecisionOutcome> outcomes, DataStream<FailureRisk> failures,
                          DataStream<DemandForecast> forecasts) {
    }

    private HclTopology() {
    }

    /** Builds the loop on a stream of raw telemetry records, with no approvals source. */
    public static Outputs build(DataStream<String> raw, Configuration conf) {
        return build(raw, conf, null);
    }

    /**
     * Builds the loop on a stream of raw telemetry records; {@code approvals} (may be null) are the humans' answers to
     * actions waiting for approval (from the knowledge base's approvals API).
     */
    public static Outputs build(DataStream<String> raw, Configuration conf, DataStream<ApprovalAnswer> approvals) {
        // Every record type here is immutable once emitted, so chained operators may pass them on without a copy.
        raw.getExecutionEnvironment().getConfig().enableObjectReuse();
        // MONITOR: parse and validate; what cannot be used goes to the dead letters with the reason.
        SingleOutputStreamOperator<TelemetrySnapshot> parsed = raw
                .process(new ParseTelemetry()).name("monitor: parse + validate").uid("parse-telemetry");
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(ParseTelemetry.DEAD_LETTERS);
        DataStream<TelemetrySnapshot> snapshots = parsed
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<TelemetrySnapshot>forBoundedOutOfOrderness(conf.get(HclOptions.OUT_OF_ORDERNESS))
                        .withTimestampAssigner((s, previous) -> s.timestamp())
                        .withIdleness(conf.get(HclOptions.IDLENESS)))
                .name("monitor: event time").uid("event-time");

        // ANALYZE, per service and host: the trained anomaly models behind attention (peripheral statistics on every
        // snapshot, Isolation Forest + PCA + LSTM autoencoder on ONNX Runtime where attention goes; state per key),
        // or the baseline (rolling z-scores) alone with analyze.detector=baseline.
        BaselineDetector detector = new BaselineDetector(new BaselineDetector.Config(conf.get(HclOptions.HALF_LIFE),
                20, conf.get(HclOptions.Z_THRESHOLD), 3.0, 1e-3, 0.02, 3));
        DataStream<ScoredSnapshot> scored = HclOptions.attentionDetector(conf)
                ? snapshots
                        .keyBy(BaselineAnomalyScorer::key)
                        .process(new AttentionAnomalyScorer(conf.get(HclOptions.ANOMALY_MODEL),
                                conf.get(HclOptions.ANOMALY_MODEL_VERSION).isBlank() ? null
                                        : conf.get(HclOptions.ANOMALY_MODEL_VERSION),
                                HclOptions.attentionSettings(conf), conf.get(HclOptions.ATTENTION_SEED), detector,
                                conf.get(HclOptions.STATE_TTL)))
                        .name("analyze: anomaly models behind attention").uid("analyze-attention-anomaly")
                : snapshots
                        .keyBy(BaselineAnomalyScorer::key)
                        .process(new BaselineAnomalyScorer(detector, conf.get(HclOptions.STATE_TTL)))
                        .name("analyze: baseline anomaly score").uid("analyze-baseline-anomaly");
        DataStream<AnomalyScore> anomalies = scored
                .map(ScoredSnapshot::anomaly).name("analyze: anomaly events").uid("analysis-events")
                .filter(AnomalyScore::anomalous).name("analyze: anomalous only").uid("analysis-anomalous");

        // PLAN, per service: window summaries with the operational mode, then the CEP remediation patterns.
        KeyedStream<ServiceWindow, String> windows = scored
                .keyBy(s -> s.snapshot().service())
                .window(TumblingEventTimeWindows.of(conf.get(HclOptions.WINDOW)))
                .aggregate(new ServiceWindows.Aggregate(), new ServiceWindows.Summarize(new ModeRule(ModeRule.Thresholds.defaults())))
                .name("plan: service windows + mode").uid("plan-service-windows")
                .keyBy(ServiceWindow::service);
        RemediationRules rules = new RemediationRules(new RemediationRules.Config(conf.get(HclOptions.CPU_HIGH),
                conf.get(HclOptions.CPU_WINDOWS), 1, conf.get(HclOptions.ERROR_WINDOWS), conf.get(HclOptions.ERROR_STEP),
                conf.get(HclOptions.ERROR_FLOOR)));
        DataStream<ActionPlan> plans = RemediationPatterns.plans(windows, rules)
                .union(windows.process(new DegradationWatch(DegradationRule.defaults()))
                        .name("plan: latency degradation (PELT)").uid("plan-latency-degradation"));

        // ANALYZE (demand), per service: the window mean of the demand metric as 15-minute points, a SARIMA filter
        // step per point, refits off the task thread; forecasts out, and a predicted peak above the CPU threshold
        // within the hour becomes a forecast-peak scale-up plan ahead of time.
        DataStream<DemandForecast> forecasts = null;
        if (conf.get(HclOptions.FORECAST_ENABLED)) {
            SingleOutputStreamOperator<DemandForecast> forecaster = windows
                    .process(HclOptions.demandForecastOperator(conf))
                    .name("analyze: demand forecast (SARIMA)").uid("analyze-demand-forecast");
            forecasts = forecaster;
            plans = plans.union(forecaster.getSideOutput(DemandForecastOperator.PLANS));
        }

        // ANALYZE (failure), per service and host: one-minute rows in keyed state, trend features, the fleet failure
        // model (compiled trees) → P(failure in 10-30 min); an alarm with hysteresis becomes a notify plan.
        SingleOutputStreamOperator<FailureRisk> failures = null;
        if (conf.get(HclOptions.FAILURE_ENABLED)) {
            failures = snapshots
                    .keyBy(s -> s.scope().key())
                    .process(new FailureWatch(HclOptions.failureMonitor(conf), conf.get(HclOptions.STATE_TTL)))
                    .name("analyze: failure prediction").uid("analyze-failure-prediction");
            plans = plans.union(failures.getSideOutput(FailureWatch.PLANS));
        }

        // EXECUTE, keyed by scope: safety gate (hard limits, rate limits in keyed state, approvals) → actuators through
        // async I/O with the action log (dry run unless configured) → decisions and action events; executed actions
        // are watched for 60 s of event time against the service windows and reverted when they hurt.
        ExecuteStage.Outputs executed = ExecuteStage.build(plans, windows, approvals, HclOptions.executeConfig(conf));

        return new Outputs(snapshots, deadLetters, anomalies, windows, executed.decisions(), executed.events(),
                executed.outcomes(), failures, forecasts);
    }
}
