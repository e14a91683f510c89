package io.maximus.hcl.knowledge.store;

import java.time.Instant;
import java.util.Map;

/** Result rows of the knowledge base's analytics, all read from the hourly aggregates. */
public final class Analytics {

    private Analytics() {}

    /**
     * Success counts of one operational mode.
     *
     * @param mode operational mode
     * @param total decisions
     * @param successes outcome SUCCESS
     * @param partials outcome PARTIAL
     * @param failures outcome FAILED
     */
    public record ModeSuccess(String mode, long total, long successes, long partials, long failures) {
        /** Successes over all decisions (the seed's definition: an unknown outcome counts as not a success). */
        public double successRate() {
            return total == 0 ? 0.0 : (double) successes / total;
        }

        /** Successes over decisions whose outcome is known. */
        public double successRateOfDecided() {
            long decided = successes + partials + failures;
            return decided == 0 ? 0.0 : (double) successes / decided;
        }
    }

    /**
     * Rewards of one hour.
     *
     * @param hour start of the hour (UTC)
     * @param decisions decisions in the hour
     * @param rewards decisions with a reward
     * @param avgReward mean reward, null when none
     * @param minReward least reward, null when none
     * @param maxReward greatest reward, null when none
     */
    public record RewardBucket(
            Instant hour, long decisions, long rewards, Double avgReward, Double minReward, Double maxReward) {}

    /**
     * Actions of one type.
     *
     * @param type action type wire name
     * @param total actions of that type
     * @param dryRuns of which only described
     * @param byStatus count per action status
     */
    public record ActionTypeCount(String type, long total, long dryRuns, Map<String, Long> byStatus) {}
}
