package io.maximus.hcl.operators.plan;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.models.plan.SlowUpstreamRule;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by service: the {@link SlowUpstreamRule} over each host's snapshots, a {@code circuit_breaker} plan when one
 * host is far slower than its peers. State: {@link SlowUpstreamRule.State}, a Flink POJO.
 */
public class SlowUpstreamOperator extends KeyedProcessFunction<String, ScoredSnapshot, ActionPlan> {

    private static final long serialVersionUID = 1L;

    /** The operator's uid in the job. */
    public static final String UID = "plan-slow-upstream";

    private final SlowUpstreamRule rule;
    private final Duration stateTtl;

    private transient ValueState<SlowUpstreamRule.State> state;

    /** An operator applying {@code rule}; a service's state is dropped after {@code stateTtl} without data. */
    public SlowUpstreamOperator(SlowUpstreamRule rule, Duration stateTtl) {
        this.rule = rule;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<SlowUpstreamRule.State> d =
                new ValueStateDescriptor<>("slow-upstream", SlowUpstreamRule.State.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        state = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(ScoredSnapshot in, Context ctx, Collector<ActionPlan> out) throws Exception {
        SlowUpstreamRule.State s = state.value();
        if (s == null) {
            s = new SlowUpstreamRule.State();
        }
        rule.onSnapshot(s, in.snapshot(), OperationalMode.BALANCED)
                .ifPresent(p -> out.collect(p.arrived(ctx.timerService().currentProcessingTime())));
        state.update(s);
    }
}
