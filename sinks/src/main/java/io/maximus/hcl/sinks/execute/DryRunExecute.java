package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Decision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * The skeleton's execute stage: records exactly what each action would do and turns the plan into a decision.
 * Nothing is carried out; the safety manager and the actuators replace this stage.
 */
public class DryRunExecute extends RichMapFunction<ActionPlan, Decision> {

    private static final long serialVersionUID = 1L;

    /** Accumulator name: decisions made. */
    public static final String DECISIONS = "hcl.decisions";
    /** Accumulator name: actions recorded. */
    public static final String ACTIONS = "hcl.actions";

    private transient LongCounter decisions;
    private transient LongCounter actions;
    private transient Counter decisionsMetric;

    @Override
    public void open(OpenContext ctx) {
        decisions = getRuntimeContext().getLongCounter(DECISIONS);
        actions = getRuntimeContext().getLongCounter(ACTIONS);
        decisionsMetric = getRuntimeContext().getMetricGroup().counter("decisions");
    }

    @Override
    public Decision map(ActionPlan plan) {
        decisions.add(1);
        actions.add(plan.actions().size());
        decisionsMetric.inc();
        return toDecision(plan, System.currentTimeMillis());
    }

    /** The decision recording a dry run of every action of the plan. */
    public static Decision toDecision(ActionPlan plan, long now) {
        List<Decision.ActionTaken> taken = new ArrayList<>();
        for (Action a : plan.actions()) {
            taken.add(Decision.ActionTaken.of(new ActionResult(a, ActionStatus.DRY_RUN, true,
                    DryRunDescriber.describe(a), "dry run: nothing was changed", now, now)));
        }
        return new Decision(decisionId(plan.idempotencyKey()), plan.eventTime(), plan.scope(), plan.trigger(),
                plan.mode(), taken, plan.stateBefore(), null, null, null, null, plan.rule());
    }

    /** The decision id for an idempotency key: a name-based UUID, so the same inputs always give the same id. */
    public static String decisionId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("hcl-decision:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
