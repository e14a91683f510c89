package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.plan.DegradationRule;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keyed by service: keeps the service's latency window in Flink state and reports degradations as plans. */
public class DegradationWatch extends KeyedProcessFunction<String, ServiceWindow, ActionPlan> {

    private static final long serialVersionUID = 1L;

    private final DegradationRule rule;
    private transient ValueState<DegradationRule.State> state;

    /** A watch applying {@code rule}. */
    public DegradationWatch(DegradationRule rule) {
        this.rule = rule;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("degradation", DegradationRule.State.class));
    }

    @Override
    public void processElement(ServiceWindow w, Context ctx, Collector<ActionPlan> out) throws Exception {
        DegradationRule.State s = state.value();
        if (s == null) {
            s = new DegradationRule.State();
        }
        rule.onWindow(s, w)
                .map(p -> p.arrived(ctx.timerService().currentProcessingTime()))
                .ifPresent(out::collect);
        state.update(s);
    }
}
