package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionPlan;
import java.util.List;

/**
 * A plan after the safety gate, on its way to the actuators.
 *
 * @param plan the plan as planned
 * @param actions the gated actions (all of the plan's, or the one an approval answer concerns)
 * @param followUp true for an approval answer's run: it updates an earlier decision and makes no new one
 * @param gatedAt processing time the gate took it up, epoch milliseconds
 * @param effectiveAt event time its actions take effect: the plan's, or for an approval the answer's (epoch ms)
 */
public record GatedPlan(ActionPlan plan, List<GatedAction> actions, boolean followUp, long gatedAt, long effectiveAt) {

    public GatedPlan {
        actions = List.copyOf(actions);
    }
}
