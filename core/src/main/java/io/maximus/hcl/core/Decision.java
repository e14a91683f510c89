package io.maximus.hcl.core;

import java.util.List;
import java.util.Map;

/**
 * The public record of one decision, as written to {@code hcl.decisions} and the {@code hcl_decisions} table.
 *
 * @param id a UUID derived from the plan's idempotency key, so a replayed decision keeps its id
 * @param timestamp event time of the decision, epoch milliseconds
 * @param scope what it is about
 * @param trigger why, in words
 * @param operationalMode the mode in force
 * @param actionsTaken each action with its dry-run flag and status
 * @param stateBefore the metrics the decision was taken on
 * @param stateAfter the metrics after the actions took effect, once known
 * @param outcome SUCCESS, PARTIAL or FAILED once known
 * @param rewardSignal the reward for learning, once known
 * @param humanFeedback an operator's comment, if any
 * @param rule the rule or policy that produced the decision
 * @param evidence which model produced the evidence the decision was taken on, and since when (see
 *     {@link ModelEvidence}); empty (and left out of the JSON) when it rests on metric thresholds alone
 */
public record Decision(
        String id,
        long timestamp,
        Scope scope,
        String trigger,
        OperationalMode operationalMode,
        List<ActionTaken> actionsTaken,
        Map<String, Double> stateBefore,
        Map<String, Double> stateAfter,
        String outcome,
        Double rewardSignal,
        String humanFeedback,
        String rule,
        List<ModelEvidence> evidence) {

    public Decision {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A decision with no model evidence. */
    public Decision(
            String id,
            long timestamp,
            Scope scope,
            String trigger,
            OperationalMode operationalMode,
            List<ActionTaken> actionsTaken,
            Map<String, Double> stateBefore,
            Map<String, Double> stateAfter,
            String outcome,
            Double rewardSignal,
            String humanFeedback,
            String rule) {
        this(
                id,
                timestamp,
                scope,
                trigger,
                operationalMode,
                actionsTaken,
                stateBefore,
                stateAfter,
                outcome,
                rewardSignal,
                humanFeedback,
                rule,
                List.of());
    }

    /**
     * One entry of {@code actions_taken}.
     *
     * @param type action type (wire name in JSON)
     * @param target what it acted on
     * @param params its parameters
     * @param dryRun whether it was only described
     * @param status what happened
     * @param call the exact call made or that would be made
     * @param detail extra words (clip, error, approval)
     */
    public record ActionTaken(
            ActionType type,
            String target,
            Map<String, Object> params,
            boolean dryRun,
            ActionStatus status,
            String call,
            String detail) {

        /** The entry for an action result. */
        public static ActionTaken of(ActionResult r) {
            return new ActionTaken(
                    r.action().type(),
                    r.action().target(),
                    r.action().params(),
                    r.dryRun(),
                    r.status(),
                    r.call(),
                    r.detail());
        }
    }
}
