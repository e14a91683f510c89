package io.maximus.hcl.jobs.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.models.baseline.BaselineDetector;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.FleetFailureModel;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionSettings;
import io.maximus.hcl.models.failure.exhaustion.Observation;
import io.maximus.hcl.models.plan.ModeRule;
import io.maximus.hcl.models.plan.PolicyPlanner;
import io.maximus.hcl.models.plan.RemediationRules;
import io.maximus.hcl.operators.analyze.FailureWatch;
import io.maximus.hcl.operators.monitor.ParseTelemetry;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.safety.HardLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The stage builders' settings: the options' defaults are the values that were constants, and every option lands. */
class StageConfigTest {

    private static Configuration options(String... args) throws Exception {
        return HclOptions.fromArgs(args);
    }

    @Test
    void theDefaultsAreTheConstantsTheyReplace() throws Exception {
        Configuration conf = options();
        AnalyzeStage.Config analyze = AnalyzeStage.Config.from(conf);
        assertThat(analyze.detector()).isEqualTo(HclOptions.Detector.ATTENTION);
        assertThat(analyze.baseline().config()).isEqualTo(BaselineDetector.Config.defaults());
        assertThat(analyze.mode().thresholds()).isEqualTo(ModeRule.Thresholds.defaults());
        assertThat(analyze.anomalyModelVersion()).isNull();
        assertThat(analyze.forecaster()).isNotNull();
        assertThat(analyze.failure().config())
                .isEqualTo(FailureMonitor.Config.defaults(FleetFailureModel.loadBundled()));
        assertThat(analyze.exhaustion())
                .as("the exhaustion predictor is on by default, with the predictor's own defaults")
                .isEqualTo(FailureWatch.Exhaustion.defaults());
        assertThat(PlanStage.Config.from(conf).rules().config()).isEqualTo(RemediationRules.Config.defaults());
        assertThat(MonitorStage.Config.from(conf))
                .isEqualTo(new MonitorStage.Config(Duration.ofSeconds(30), Duration.ofMinutes(1)));
        ExecuteConfig execute = ExecuteStageConfig.from(conf);
        assertThat(execute).isEqualTo(ExecuteConfig.defaults().withActuators(execute.actuators(), true, null));
    }

    @Test
    void theFuzzyModeDwellIsTheEvaluationsChoiceByDefaultAndAnOption() throws Exception {
        assertThat(PlanStage.policyPlanner(options()).config().modeDwellSeconds())
                .isEqualTo(PolicyPlanner.DEFAULT_MODE_DWELL_SECONDS)
                .isEqualTo(
                        PolicyPlanner.Config.defaults(PolicyPlanner.Policy.HCL).modeDwellSeconds());
        assertThat(PlanStage.policyPlanner(options("--plan.mode.dwell", "30 min"))
                        .config()
                        .modeDwellSeconds())
                .isEqualTo(1800);
    }

    @Test
    void everyNewOptionReachesItsModel() throws Exception {
        Configuration conf = options(
                "--analyze.detector",
                "baseline",
                "--analyze.baseline.warmup",
                "40",
                "--analyze.baseline.winsor-z",
                "4",
                "--analyze.baseline.abs-floor",
                "0.5",
                "--analyze.baseline.rel-floor",
                "0.1",
                "--analyze.baseline.salient-metrics",
                "5",
                "--plan.mode.high-cpu",
                "70",
                "--plan.mode.low-cpu",
                "20",
                "--plan.mode.latency-sla",
                "300",
                "--plan.mode.high-error-rate",
                "2",
                "--rules.scale-step",
                "2",
                "--failure.top-drivers",
                "6",
                "--forecast.enabled",
                "false",
                "--analyze.anomaly-model-version",
                "v7");
        AnalyzeStage.Config analyze = AnalyzeStage.Config.from(conf);
        assertThat(analyze.detector()).isEqualTo(HclOptions.Detector.BASELINE);
        assertThat(analyze.baseline().config()).isEqualTo(new BaselineDetector.Config(240, 40, 5.0, 4, 0.5, 0.1, 5));
        assertThat(analyze.mode().thresholds()).isEqualTo(new ModeRule.Thresholds(70, 20, 300, 2));
        assertThat(analyze.failure().config().topDrivers()).isEqualTo(6);
        assertThat(analyze.forecaster()).isNull();
        assertThat(analyze.anomalyModelVersion()).isEqualTo("v7");
        assertThat(PlanStage.Config.from(conf).rules().config().scaleStep()).isEqualTo(2);
    }

    @Test
    void theExecuteStageTakesListsAndEnumsFromTheOptions() throws Exception {
        ExecuteConfig execute = ExecuteStageConfig.from(options(
                "--execute.on-violation",
                "refuse",
                "--execute.rollback-metrics",
                "latency_p99, error_rate",
                "--execute.approval-webhook.timeout",
                "2 s",
                "--execute.approval-webhook.attempts",
                "5",
                "--execute.approval-webhook.backoff",
                "1 s"));
        assertThat(execute.onViolation()).isEqualTo(HardLimits.OnViolation.REFUSE);
        assertThat(execute.rollbackMetrics()).isEqualTo(List.of("latency_p99", "error_rate"));
        assertThat(execute.webhook())
                .isEqualTo(new ExecuteConfig.Webhook(Duration.ofSeconds(2), 5, Duration.ofSeconds(1)));
    }

    @Test
    void badSettingsFailWhenTheJobIsBuilt() throws Exception {
        assertThatThrownBy(() -> AnalyzeStage.Config.from(options("--forecast.order", "1,1,1")))
                .hasMessageContaining("forecast.order needs p,d,q,P,D,Q");
        assertThatThrownBy(() -> AnalyzeStage.Config.from(options("--analyze.foveal-budget", "0")))
                .hasMessageContaining("analyze.foveal-budget");
        assertThatThrownBy(() -> AnalyzeStage.Config.from(options("--analyze.detector", "forest")))
                .hasMessageContaining("analyze.detector");
        assertThatThrownBy(() -> AnalyzeStage.Config.from(options("--failure.exhaustion.pairs", "a;b/c")))
                .hasMessageContaining("failure.exhaustion.pairs");
        assertThatThrownBy(() -> AnalyzeStage.Config.from(options("--failure.exhaustion.ceilings", "heap=-1")))
                .hasMessageContaining("failure.exhaustion.ceilings");
    }

    @Test
    void theExhaustionPredictorTakesItsCeilingsPairsAndHorizonFromTheOptions() throws Exception {
        AnalyzeStage.Config analyze = AnalyzeStage.Config.from(options(
                "--failure.exhaustion.ceilings",
                "memory_usage=100;heap_used_mb=4096",
                "--failure.exhaustion.pairs",
                "pool_busy/pool_size",
                "--failure.exhaustion.horizon",
                "30 min"));
        FailureWatch.Exhaustion e = analyze.exhaustion();
        assertThat(e.settings()).isEqualTo(ExhaustionSettings.defaults().withHorizonMinutes(30));
        assertThat(e.ceilings().fixed()).isEqualTo(Map.of("memory_usage", 100.0, "heap_used_mb", 4096.0));
        assertThat(e.ceilings().resolve(Map.of("pool_busy", 7.0, "pool_size", 10.0, "heap_used_mb", 1000.0, "x", 1.0)))
                .containsExactly(new Observation("heap_used_mb", 1000, 4096), new Observation("pool_busy", 7, 10));
        assertThat(AnalyzeStage.Config.from(options("--failure.exhaustion.enabled", "false"))
                        .exhaustion())
                .isNull();
    }

    @Test
    void theInputOptionsReachTheParser() throws Exception {
        MonitorStage.Config c = MonitorStage.Config.from(options(
                "--input.max-future-skew",
                "1 min",
                "--input.max-lateness",
                "2 h",
                "--input.max-record-chars",
                "4096",
                "--input.dead-letter-max-bytes",
                "1024",
                "--input.max-metrics",
                "32",
                "--input.max-labels",
                "8",
                "--input.reference",
                "processing_time"));
        assertThat(c.bounds())
                .isEqualTo(new InputBounds(Duration.ofMinutes(1), Duration.ofHours(2), 32, 8, 4096, 1024, 1.0, 1e15));
        assertThat(c.reference()).isEqualTo(ParseTelemetry.Reference.PROCESSING_TIME);
    }
}
