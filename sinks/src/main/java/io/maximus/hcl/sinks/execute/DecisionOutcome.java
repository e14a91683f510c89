package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.Scope;
import io.maximus.hcl.sinks.safety.RollbackJudge;
import java.util.Map;

/**
 * What became of a decision's executed action once the rollback watcher reached its verdict (kept or reverted): the
 * knowledge base fills the decision's outcome, state_after and reward_signal from it.
 *
 * <p>The rule, per watched action, over the key metrics known before and after ({@code execute.rollback-metrics}),
 * each metric's improvement being its direction-aware relative change (positive = better; latency down, throughput
 * up), clipped to [-1, 1]:
 * <ul>
 *   <li>{@code FAILED}: reverted (a key metric worse by more than the rollback threshold);</li>
 *   <li>{@code SUCCESS}: kept, the mean improvement is positive and no key metric is worse by more than
 *       {@link #TOLERANCE} (5%);</li>
 *   <li>{@code PARTIAL}: kept otherwise (no better on average, or one metric somewhat worse).</li>
 * </ul>
 * reward = mean clipped improvement − 1 when reverted (so in [-2, 1]: 0 is "no change", a revert costs a full point).
 * A decision with several watched actions gets PARTIAL when their outcomes differ and the lowest reward (see
 * {@code DecisionOutcomeJdbcSink}).
 *
 * @param decisionId the decision's id
 * @param decisionTime the decision's event time (its row's timestamp), epoch milliseconds
 * @param idempotencyKey the watched action's key
 * @param scope its scope
 * @param outcome SUCCESS, PARTIAL or FAILED
 * @param stateAfter the scope's metrics at the verdict: means of the windows after the action
 * @param reward the reward signal
 * @param reverted whether the watcher asked for a revert
 * @param improvements each key metric's clipped improvement
 * @param decidedAt processing time of the verdict, epoch milliseconds
 */
public record DecisionOutcome(
        String decisionId,
        long decisionTime,
        String idempotencyKey,
        Scope scope,
        String outcome,
        Map<String, Double> stateAfter,
        double reward,
        boolean reverted,
        Map<String, Double> improvements,
        long decidedAt) {

    /** How much worse one key metric may get for a kept action to still count as a success. */
    public static final double TOLERANCE = 0.05;

    public DecisionOutcome {
        stateAfter = stateAfter == null ? Map.of() : Map.copyOf(stateAfter);
        improvements = improvements == null ? Map.of() : Map.copyOf(improvements);
    }

    /** The outcome of a judgement ({@code reverted}: the watcher asked for a revert). */
    public static String outcome(RollbackJudge.Judgement j, boolean reverted) {
        if (reverted) {
            return "FAILED";
        }
        return mean(j) > 0 && j.worstChange() <= TOLERANCE ? "SUCCESS" : "PARTIAL";
    }

    /** The reward of a judgement: mean clipped improvement, minus 1 when reverted. */
    public static double reward(RollbackJudge.Judgement j, boolean reverted) {
        return mean(j) - (reverted ? 1.0 : 0.0);
    }

    /** Each key metric's improvement (minus its worsening), clipped to [-1, 1]. */
    public static Map<String, Double> improvements(RollbackJudge.Judgement j) {
        java.util.LinkedHashMap<String, Double> out = new java.util.LinkedHashMap<>();
        j.changes().forEach((k, worse) -> out.put(k, Math.max(-1.0, Math.min(1.0, -worse))));
        return out;
    }

    private static double mean(RollbackJudge.Judgement j) {
        return improvements(j).values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(0.0);
    }
}
