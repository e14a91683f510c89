package io.maximus.hcl.operators.plan;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.plan.RemediationRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

/** The Flink CEP stage: remediation patterns over each service's windows, turned into action plans. */
public final class RemediationPatterns {

    private RemediationPatterns() {}

    /** "cpu_usage above the high mark for N consecutive windows": one match per run, runs do not overlap. */
    public static Pattern<ServiceWindow, ?> cpuSustained(RemediationRules rules) {
        return Pattern.<ServiceWindow>begin("hot", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(rules::cpuHot))
                .times(rules.config().cpuWindows())
                .consecutive();
    }

    /** "query_latency above the slow mark for N consecutive windows": one match per run, runs do not overlap. */
    public static Pattern<ServiceWindow, ?> queriesSlow(RemediationRules rules) {
        return Pattern.<ServiceWindow>begin("slow", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(rules::queriesSlow))
                .times(rules.config().slowQueryWindows())
                .consecutive();
    }

    /** "cache full and its hit rate low for N consecutive windows": one match per run, runs do not overlap. */
    public static Pattern<ServiceWindow, ?> cachePressure(RemediationRules rules) {
        return Pattern.<ServiceWindow>begin("pressed", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(rules::cachePressed))
                .times(rules.config().cacheWindows())
                .consecutive();
    }

    /** "error_rate rising over N consecutive windows", ending at or above the floor. */
    public static Pattern<ServiceWindow, ?> errorsRising(RemediationRules rules) {
        int n = rules.config().errorWindows();
        Pattern<ServiceWindow, ServiceWindow> p = Pattern.<ServiceWindow>begin(
                        "w0", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(w -> !Double.isNaN(w.meanOf("error_rate"))));
        for (int i = 1; i < n; i++) {
            String prev = "w" + (i - 1);
            boolean last = i == n - 1;
            p = p.next("w" + i).where(new IterativeCondition<>() {
                @Override
                public boolean filter(ServiceWindow w, Context<ServiceWindow> ctx) throws Exception {
                    for (ServiceWindow before : ctx.getEventsForPattern(prev)) {
                        boolean rose = rules.errorRoseFrom(before, w);
                        return last ? rose && rules.errorAboveFloor(w) : rose;
                    }
                    return false;
                }
            });
        }
        return p;
    }

    /** Applies the patterns to windows keyed by service and returns the plans they produce. */
    public static DataStream<ActionPlan> plans(KeyedStream<ServiceWindow, String> windows, RemediationRules rules) {
        PatternStream<ServiceWindow> cpu =
                CEP.pattern(windows, cpuSustained(rules)).inEventTime();
        PatternStream<ServiceWindow> errors =
                CEP.pattern(windows, errorsRising(rules)).inEventTime();
        DataStream<ActionPlan> scale = cpu.process(new ToPlan(rules, RemediationRules.CPU_SUSTAINED))
                .name("plan: cpu sustained -> scale up")
                .uid("cep-cpu-sustained");
        DataStream<ActionPlan> restart = errors.process(new ToPlan(rules, RemediationRules.ERRORS_RISING))
                .name("plan: error rate rising -> restart")
                .uid("cep-errors-rising");
        DataStream<ActionPlan> kill = CEP.pattern(windows, queriesSlow(rules))
                .inEventTime()
                .process(new ToPlan(rules, RemediationRules.SLOW_QUERIES))
                .name("plan: slow queries -> kill them")
                .uid("cep-slow-queries");
        DataStream<ActionPlan> flush = CEP.pattern(windows, cachePressure(rules))
                .inEventTime()
                .process(new ToPlan(rules, RemediationRules.CACHE_PRESSURE))
                .name("plan: cache pressure -> flush keys")
                .uid("cep-cache-pressure");
        return scale.union(restart, kill, flush);
    }

    /** Turns a match into the plan its rule prescribes. */
    static final class ToPlan extends PatternProcessFunction<ServiceWindow, ActionPlan> {
        private static final long serialVersionUID = 1L;
        private final RemediationRules rules;
        private final String rule;

        ToPlan(RemediationRules rules, String rule) {
            this.rules = rules;
            this.rule = rule;
        }

        @Override
        public void processMatch(Map<String, List<ServiceWindow>> match, Context ctx, Collector<ActionPlan> out) {
            List<ServiceWindow> run = new ArrayList<>();
            if (RemediationRules.CPU_SUSTAINED.equals(rule)) {
                run.addAll(match.get("hot"));
                out.collect(rules.scaleUp(run).arrived(ctx.currentProcessingTime()));
            } else if (RemediationRules.SLOW_QUERIES.equals(rule)) {
                run.addAll(match.get("slow"));
                out.collect(rules.killSlowQueries(run).arrived(ctx.currentProcessingTime()));
            } else if (RemediationRules.CACHE_PRESSURE.equals(rule)) {
                run.addAll(match.get("pressed"));
                out.collect(rules.flushCache(run).arrived(ctx.currentProcessingTime()));
            } else {
                for (int i = 0; match.containsKey("w" + i); i++) {
                    run.addAll(match.get("w" + i));
                }
                out.collect(rules.restart(run).arrived(ctx.currentProcessingTime()));
            }
        }
    }
}
