package io.maximus.hcl.core;

import java.util.List;
import java.util.Map;

/**
 * What the plan stage wants done about one scope, and why.
 *
 * @param scope the service (and host) the plan is about
 * @param eventTime event time of the evidence that completed the pattern, epoch milliseconds
 * @param rule the id of the rule or policy that produced the plan
 * @param trigger why, in words a human can check against the data
 * @param mode the operational mode in force for the scope
 * @param actions what to do, in order
 * @param priority higher is more urgent
 * @param needsApproval whether a human must approve before anything runs
 * @param idempotencyKey derived from the inputs that caused the plan; the same inputs give the same key
 * @param stateBefore the metrics the decision was taken on
 * @param arrivedAt processing time (wall clock, epoch milliseconds) at which the job had the evidence that completed
 *     the plan: the arrival of the triggering record at the operator that planned (for window patterns, the window's
 *     close, which the arrival of a later record causes); 0 when unknown. Not part of the plan's identity; the
 *     decision's processing-time latency is measured from it.
 * @param evidence which model produced the evidence the plan was made on, and since when (anomaly scores: the artifact,
 *     the key's online model with its fit time, or the baseline; failure risks: model and/or exhaustion); empty when
 *     the plan rests on metric thresholds alone. Optional: not part of the plan's identity.
 */
public record ActionPlan(
        Scope scope,
        long eventTime,
        String rule,
        String trigger,
        OperationalMode mode,
        List<Action> actions,
        int priority,
        boolean needsApproval,
        String idempotencyKey,
        Map<String, Double> stateBefore,
        long arrivedAt,
        List<ModelEvidence> evidence) {

    public ActionPlan {
        actions = List.copyOf(actions);
        stateBefore = stateBefore == null ? Map.of() : Map.copyOf(stateBefore);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A plan with no model evidence. */
    public ActionPlan(
            Scope scope,
            long eventTime,
            String rule,
            String trigger,
            OperationalMode mode,
            List<Action> actions,
            int priority,
            boolean needsApproval,
            String idempotencyKey,
            Map<String, Double> stateBefore,
            long arrivedAt) {
        this(
                scope,
                eventTime,
                rule,
                trigger,
                mode,
                actions,
                priority,
                needsApproval,
                idempotencyKey,
                stateBefore,
                arrivedAt,
                List.of());
    }

    /** A plan whose arrival time is not known yet (0); the operator that emits it stamps it with {@link #arrived}. */
    public ActionPlan(
            Scope scope,
            long eventTime,
            String rule,
            String trigger,
            OperationalMode mode,
            List<Action> actions,
            int priority,
            boolean needsApproval,
            String idempotencyKey,
            Map<String, Double> stateBefore) {
        this(scope, eventTime, rule, trigger, mode, actions, priority, needsApproval, idempotencyKey, stateBefore, 0L);
    }

    /** This plan with {@code processingTimeMillis} as its {@link #arrivedAt}. */
    public ActionPlan arrived(long processingTimeMillis) {
        return new ActionPlan(
                scope,
                eventTime,
                rule,
                trigger,
                mode,
                actions,
                priority,
                needsApproval,
                idempotencyKey,
                stateBefore,
                processingTimeMillis,
                evidence);
    }

    /** This plan with {@code modelEvidence} as its {@link #evidence}. */
    public ActionPlan withEvidence(List<ModelEvidence> modelEvidence) {
        return new ActionPlan(
                scope,
                eventTime,
                rule,
                trigger,
                mode,
                actions,
                priority,
                needsApproval,
                idempotencyKey,
                stateBefore,
                arrivedAt,
                modelEvidence);
    }
}
