package io.maximus.hcl.jobs.stages;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.models.plan.RemediationRules;
import io.maximus.hcl.operators.plan.RemediationPatterns;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Plan: the CEP remediation patterns on the service windows (sustained CPU → scale up, rising errors → restart), and
 * every plan the analyze stage proposed (latency degradation, forecast peak, failure alarm), as one stream of plans.
 */
public final class PlanStage {

    /**
     * The plan stage's settings.
     *
     * @param rules the thresholds of the CEP remediation patterns
     */
    public record Config(RemediationRules rules) {

        /** The settings from the job's options. */
        public static Config from(Configuration conf) {
            return new Config(new RemediationRules(new RemediationRules.Config(
                    conf.get(HclOptions.CPU_HIGH),
                    conf.get(HclOptions.CPU_WINDOWS),
                    conf.get(HclOptions.SCALE_STEP),
                    conf.get(HclOptions.ERROR_WINDOWS),
                    conf.get(HclOptions.ERROR_STEP),
                    conf.get(HclOptions.ERROR_FLOOR))));
        }
    }

    /** Every plan of the loop, for the execute stage. */
    public record Outputs(DataStream<ActionPlan> plans) {}

    private PlanStage() {}

    /** Adds the plan stage on the analyze stage's outputs. */
    public static Outputs build(AnalyzeStage.Outputs analysis, Config config) {
        DataStream<ActionPlan> patterns = RemediationPatterns.plans(analysis.windows(), config.rules());
        List<DataStream<ActionPlan>> proposed = new ArrayList<>();
        proposed.add(analysis.degradationPlans());
        if (analysis.forecastPlans() != null) {
            proposed.add(analysis.forecastPlans());
        }
        if (analysis.failurePlans() != null) {
            proposed.add(analysis.failurePlans());
        }
        @SuppressWarnings("unchecked")
        DataStream<ActionPlan>[] others = proposed.toArray(DataStream[]::new);
        return new Outputs(patterns.union(others));
    }
}
