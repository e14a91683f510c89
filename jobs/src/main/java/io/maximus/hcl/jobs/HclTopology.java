package io.maximus.hcl.jobs;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.stages.AnalyzeStage;
import io.maximus.hcl.jobs.stages.ExecuteStageConfig;
import io.maximus.hcl.jobs.stages.MonitorStage;
import io.maximus.hcl.jobs.stages.PlanStage;
import io.maximus.hcl.operators.execute.ExecuteStage;
import io.maximus.hcl.operators.types.HclTypes;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The HCL loop as one Flink topology, top to bottom as the MAPE-K diagram: monitor (parse, validate, event time) →
 * analyze (anomaly per host; per service the windows with their mode, latency degradation, demand forecast; failure
 * per host) → plan (CEP patterns and the plans analysis proposed, one stream) → execute (safety gate, actuators,
 * rollback; dry run unless configured) → decisions and action events. Each stage is one builder in
 * {@code io.maximus.hcl.jobs.stages} taking its settings from the options. Sources and sinks are attached by the caller
 * ({@link HclJob} for Kafka and PostgreSQL, the replay command for files), so the same topology runs on live telemetry
 * and on history. Every stateful operator has a uid that never changes once released ({@code TopologyUidsTest}).
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
    public record Outputs(
            DataStream<TelemetrySnapshot> snapshots,
            DataStream<DeadLetter> deadLetters,
            DataStream<AnomalyScore> anomalies,
            DataStream<ServiceWindow> windows,
            DataStream<Decision> decisions,
            DataStream<ActionEvent> actionEvents,
            DataStream<DecisionOutcome> outcomes,
            DataStream<FailureRisk> failures,
            DataStream<DemandForecast> forecasts) {}

    private HclTopology() {}

    /** Builds the loop on a stream of raw telemetry records, with no approvals source. */
    public static Outputs build(DataStream<String> raw, Configuration conf) {
        return build(raw, conf, null);
    }

    /**
     * Builds the loop on a stream of raw telemetry records; {@code approvals} (may be null) are the humans' answers to
     * actions waiting for approval (from the knowledge base's approvals API).
     */
    public static Outputs build(DataStream<String> raw, Configuration conf, DataStream<ApprovalAnswer> approvals) {
        return build(raw, conf, approvals, UnaryOperator.identity());
    }

    /**
     * As {@link #build(DataStream, Configuration, DataStream)}, with the execute stage's settings passed through
     * {@code executeConfig} first: the fault tests' seam to wrap the action log or the actuators (e.g. to crash a task
     * between an action's claim and its record); the job itself always passes the identity.
     */
    static Outputs build(
            DataStream<String> raw,
            Configuration conf,
            DataStream<ApprovalAnswer> approvals,
            UnaryOperator<ExecuteConfig> executeConfig) {
        return build(raw, conf, approvals, null, executeConfig);
    }

    /**
     * As {@link #build(DataStream, Configuration, DataStream, UnaryOperator)}, with the rollbacks read back from the
     * action events ({@code rollbacks} may be null): the safety gate refuses a rule's action type on a scope for
     * {@code execute.after-rollback-quiet} after it was rolled back there.
     */
    static Outputs build(
            DataStream<String> raw,
            Configuration conf,
            DataStream<ApprovalAnswer> approvals,
            DataStream<io.maximus.hcl.sinks.execute.RolledBack> rollbacks,
            UnaryOperator<ExecuteConfig> executeConfig) {
        // Every record type here is immutable once emitted, so chained operators may pass them on without a copy.
        raw.getExecutionEnvironment().getConfig().enableObjectReuse();
        // Flink-native serializers for the types Flink's extractor would hand to Kryo (before any type is extracted).
        HclTypes.register();

        MonitorStage.Outputs monitor = MonitorStage.build(raw, MonitorStage.Config.from(conf));
        AnalyzeStage.Outputs analysis = AnalyzeStage.build(monitor.snapshots(), AnalyzeStage.Config.from(conf));
        PlanStage.Outputs plan = PlanStage.build(analysis, PlanStage.Config.from(conf));
        // Keyed by scope: safety gate (hard limits, rate limits in keyed state, approvals) → actuators through async
        // I/O with the action log (dry run unless configured) → decisions and action events; executed actions are
        // watched for 60 s of event time against the service windows and reverted when they hurt.
        ExecuteStage.Outputs execute = ExecuteStage.build(
                plan.plans(),
                analysis.windows(),
                approvals,
                rollbacks == null
                        ? null
                        : new ExecuteStage.Rollbacks(rollbacks, conf.get(HclOptions.EXECUTE_AFTER_ROLLBACK_QUIET)),
                executeConfig.apply(ExecuteStageConfig.from(conf)),
                java.time.Clock.systemUTC());

        return new Outputs(
                monitor.snapshots(),
                monitor.deadLetters(),
                analysis.anomalies(),
                analysis.windows(),
                execute.decisions(),
                execute.events(),
                execute.outcomes(),
                analysis.failures(),
                analysis.forecasts());
    }
}
