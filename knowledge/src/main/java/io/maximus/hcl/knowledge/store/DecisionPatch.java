package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of a decision that become known later; null means "leave as is".
 *
 * @param outcome the outcome
 * @param stateAfter metrics after the actions took effect (JSON object)
 * @param rewardSignal reward for learning
 * @param humanFeedback an operator's comment
 */
public record DecisionPatch(Outcome outcome, JsonNode stateAfter, Double rewardSignal, String humanFeedback) {

    /** Whether the patch changes nothing. */
    public boolean isEmpty() {
        return outcome == null && stateAfter == null && rewardSignal == null && humanFeedback == null;
    }
}
