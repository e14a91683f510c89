package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionResult;
import java.util.List;

/**
 * What the actuators did with a gated plan.
 *
 * @param gated the gated plan
 * @param results one result per gated action, in order
 * @param executions per gated action, the JSON of its {@link io.maximus.hcl.sinks.actuate.Execution} when it was
 *                   executed and can be reverted (what the rollback watcher needs), else an empty string
 * @param paths per gated action, its path (see {@link ActionEvent#path})
 * @param finishedAt processing time the last action finished, epoch milliseconds
 */
public record PlanOutcome(
        GatedPlan gated, List<ActionResult> results, List<String> executions, List<String> paths, long finishedAt) {

    public PlanOutcome {
        results = List.copyOf(results);
        executions = List.copyOf(executions);
        paths = List.copyOf(paths);
    }
}
