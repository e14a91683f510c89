package io.maximus.hcl.operators.plan;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.models.plan.PolicyPlanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by service: the plan stage's capacity decision every step of event time ({@link PolicyPlanner}). Each scored
 * snapshot goes into the open step; the step closes on an event-time timer at its end, when the watermark says every
 * host's snapshots of it have arrived. A snapshot of a later step that arrives first (the scorers upstream are parallel
 * subtasks, and one may run ahead of another by more than a step, as in a replay) is held in {@code
 * plan-policy-pending} until then, so a step is never decided on the hosts of the fastest subtask alone. A step yields a {@code scale_deployment} plan when the policy's target, within the hard safety
 * constraints, differs from the allocation, and a {@code set_mode} plan when the fuzzy mode changed. State: {@link PolicyPlanner.State}, a Flink POJO.
 */
public class PolicyPlanOperator extends KeyedProcessFunction<String, ScoredSnapshot, ActionPlan> {

    private static final long serialVersionUID = 1L;

    /** The operator's uid in the job. */
    public static final String UID = "plan-policy";

    private final PolicyPlanner planner;
    private final Duration stateTtl;

    private transient ValueState<PolicyPlanner.State> state;
    private transient ListState<ScoredSnapshot> pending;
    private transient Counter decisions;

    /** An operator deciding with {@code planner}; a service's state is dropped after {@code stateTtl} without data. */
    public PolicyPlanOperator(PolicyPlanner planner, Duration stateTtl) {
        this.planner = planner;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<PolicyPlanner.State> d =
                new ValueStateDescriptor<>("plan-policy", PolicyPlanner.State.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        state = getRuntimeContext().getState(d);
        ListStateDescriptor<ScoredSnapshot> p = new ListStateDescriptor<>("plan-policy-pending", ScoredSnapshot.class);
        p.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        pending = getRuntimeContext().getListState(p);
        decisions = getRuntimeContext().getMetricGroup().counter("planPolicyPlans");
    }

    @Override
    public void processElement(ScoredSnapshot in, Context ctx, Collector<ActionPlan> out) throws Exception {
        PolicyPlanner.State s = state.value();
        if (s == null) {
            s = new PolicyPlanner.State();
        }
        if (planner.needsClose(s, in.snapshot().timestamp())) {
            if (ctx.timerService().currentWatermark() >= planner.endOf(s.stepStart) - 1) {
                emit(planner.close(s, ctx.getCurrentKey()), ctx.timerService().currentProcessingTime(), out);
            } else {
                // the open step's other hosts may still be on their way: hold this one until the watermark closes it
                pending.add(in);
                return;
            }
        }
        add(s, in, ctx);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActionPlan> out) throws Exception {
        PolicyPlanner.State s = state.value();
        if (s == null) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        long now = ctx.timerService().currentProcessingTime();
        if (s.stepStart != Long.MIN_VALUE && planner.endOf(s.stepStart) - 1 <= timestamp) {
            emit(planner.close(s, ctx.getCurrentKey()), now, out);
        }
        List<ScoredSnapshot> held = new ArrayList<>();
        for (ScoredSnapshot h : pending.get()) {
            held.add(h);
        }
        if (!held.isEmpty()) {
            pending.clear();
            held.sort(Comparator.comparingLong(h -> h.snapshot().timestamp()));
            for (ScoredSnapshot h : held) {
                if (planner.needsClose(s, h.snapshot().timestamp())) {
                    if (watermark >= planner.endOf(s.stepStart) - 1) {
                        emit(planner.close(s, ctx.getCurrentKey()), now, out);
                    } else {
                        pending.add(h);
                        continue;
                    }
                }
                add(s, h, ctx);
            }
        }
        state.update(s);
    }

    /** Adds a scored snapshot to the open step (opening one if none), with a timer at the step's end. */
    private void add(PolicyPlanner.State s, ScoredSnapshot in, Context ctx) {
        AnomalyScore a = in.anomaly();
        double alert = a == null || !(a.threshold() > 0) ? 0 : a.score() / a.threshold();
        if (planner.add(s, in.snapshot(), alert, a == null ? null : a.detector())) {
            ctx.timerService().registerEventTimeTimer(planner.endOf(s.stepStart) - 1);
        }
    }

    private void emit(List<ActionPlan> plans, long processingTime, Collector<ActionPlan> out) {
        for (ActionPlan plan : plans) {
            decisions.inc();
            out.collect(plan.arrived(processingTime));
        }
    }
}
