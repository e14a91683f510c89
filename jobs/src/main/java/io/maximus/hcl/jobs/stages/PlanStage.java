package io.maximus.hcl.jobs.stages;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.models.plan.PolicyPlanner;
import io.maximus.hcl.models.plan.RemediationRules;
import io.maximus.hcl.models.plan.SlowUpstreamRule;
import io.maximus.hcl.models.plan.sac.SacActor;
import io.maximus.hcl.models.plan.sac.SacArtifact;
import io.maximus.hcl.operators.plan.PolicyPlanOperator;
import io.maximus.hcl.operators.plan.RemediationPatterns;
import io.maximus.hcl.operators.plan.SlowUpstreamOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Plan: the CEP remediation patterns on the service windows (sustained CPU → scale up, rising errors → restart), the
 * capacity policy every 30 s per service when {@code plan.enabled} (uid {@code plan-policy}), and every plan the
 * analyze stage proposed (latency degradation, forecast peak, failure alarm), as one stream of plans.
 */
public final class PlanStage {

    /**
     * The plan stage's settings.
     *
     * @param rules the thresholds of the CEP remediation patterns
     * @param policy the capacity policy, or null when {@code plan.enabled} is false
     * @param stateTtl a service's policy state is dropped after this long without telemetry
     */
    public record Config(
            RemediationRules rules, PolicyPlanner policy, Duration stateTtl, SlowUpstreamRule slowUpstream) {

        /** The CEP patterns only (no capacity policy), the slow-upstream rule with its defaults. */
        public Config(RemediationRules rules) {
            this(rules, null, Duration.ofHours(1));
        }

        /** The slow-upstream rule with its defaults. */
        public Config(RemediationRules rules, PolicyPlanner policy, Duration stateTtl) {
            this(rules, policy, stateTtl, new SlowUpstreamRule(SlowUpstreamRule.Config.defaults()));
        }

        /** The settings from the job's options. */
        public static Config from(Configuration conf) {
            RemediationRules rules = new RemediationRules(new RemediationRules.Config(
                    conf.get(HclOptions.CPU_HIGH),
                    conf.get(HclOptions.CPU_WINDOWS),
                    conf.get(HclOptions.SCALE_STEP),
                    conf.get(HclOptions.ERROR_WINDOWS),
                    conf.get(HclOptions.ERROR_STEP),
                    conf.get(HclOptions.ERROR_FLOOR),
                    conf.get(HclOptions.SLOW_QUERY_MS),
                    conf.get(HclOptions.SLOW_QUERY_WINDOWS),
                    conf.get(HclOptions.CACHE_MEMORY_HIGH),
                    conf.get(HclOptions.CACHE_HIT_LOW),
                    conf.get(HclOptions.CACHE_WINDOWS)));
            return new Config(
                    rules,
                    conf.get(HclOptions.PLAN_ENABLED) ? policyPlanner(conf) : null,
                    conf.get(HclOptions.STATE_TTL),
                    new SlowUpstreamRule(new SlowUpstreamRule.Config(
                            conf.get(HclOptions.UPSTREAM_SLOW_MS),
                            conf.get(HclOptions.UPSTREAM_SLOW_RATIO),
                            conf.get(HclOptions.UPSTREAM_SLOW_SNAPSHOTS),
                            SlowUpstreamRule.Config.defaults().staleMs(),
                            conf.get(HclOptions.UPSTREAM_ERROR_PCT))));
        }
    }

    /** The capacity policy the options describe ({@code plan.policy} and its settings). */
    public static PolicyPlanner policyPlanner(Configuration conf) {
        PolicyPlanner.Config d = PolicyPlanner.Config.defaults(
                PolicyPlanner.Policy.valueOf(conf.get(HclOptions.PLAN_POLICY).name()));
        double target = conf.get(HclOptions.PLAN_TARGET);
        double predictive = conf.get(HclOptions.PLAN_PREDICTIVE_TARGET);
        if (!(target > 0 && target <= 1) || !(predictive > 0 && predictive <= 1)) {
            throw new IllegalArgumentException(
                    "plan.target-utilization and plan.predictive-target-utilization must be in (0, 1]");
        }
        SacActor sac = null;
        if (d.policy() == PolicyPlanner.Policy.SAC) {
            String dir = conf.get(HclOptions.PLAN_SAC_MODEL);
            sac = dir == null || dir.isBlank()
                    ? SacArtifact.loadBundled()
                    : SacArtifact.load(java.nio.file.Path.of(dir));
        }
        return new PolicyPlanner(
                new PolicyPlanner.Config(
                        d.policy(),
                        conf.get(HclOptions.PLAN_STEP).toMillis(),
                        target,
                        predictive,
                        (int) conf.get(HclOptions.PLAN_STABILIZATION).toSeconds(),
                        d.lowCpu(),
                        d.highCpu(),
                        conf.get(HclOptions.MODE_LATENCY_SLA),
                        conf.get(HclOptions.PLAN_MODE_DWELL).toSeconds(),
                        d.minReplicas(),
                        conf.get(HclOptions.EXECUTE_MAX_REPLICAS),
                        d.maxStepUp(),
                        d.maxStepDown(),
                        d.maxMemory(),
                        conf.get(HclOptions.PLAN_REPLICAS_METRIC)),
                sac);
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
        // one host far slower than its peers leaves the service's load balancer (circuit_breaker)
        proposed.add(analysis.scored()
                .keyBy(s -> s.snapshot().service())
                .process(new SlowUpstreamOperator(config.slowUpstream(), config.stateTtl()))
                .name("plan: slow upstream -> circuit breaker")
                .uid(SlowUpstreamOperator.UID));
        if (config.policy() != null) {
            // Capacity, per service: every plan.step of event time the fuzzy mode and the policy's replica target
            // within the hard safety constraints; a plan when the target differs from the allocation.
            proposed.add(analysis.scored()
                    .keyBy(s -> s.snapshot().service())
                    .process(new PolicyPlanOperator(config.policy(), config.stateTtl()))
                    .name("plan: capacity policy ("
                            + config.policy().config().policy().name().toLowerCase(java.util.Locale.ROOT)
                            + ") + fuzzy mode")
                    .uid(PolicyPlanOperator.UID));
        }
        @SuppressWarnings("unchecked")
        DataStream<ActionPlan>[] others = proposed.toArray(DataStream[]::new);
        return new Outputs(patterns.union(others));
    }
}
