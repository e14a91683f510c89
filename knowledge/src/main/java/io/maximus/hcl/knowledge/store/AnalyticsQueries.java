package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.core.OperationalMode;
import java.sql.SQLException;
import java.util.List;

/** The analytics read from the hourly aggregates: success rates, reward trend, actions per type. */
public interface AnalyticsQueries {

    /** Success counts per operational mode (or of one mode, when not null). */
    List<Analytics.ModeSuccess> successRate(OperationalMode mode) throws SQLException;

    /** Hourly reward buckets of the last {@code days} days (the current hour included), newest first. */
    List<Analytics.RewardBucket> rewardTrend(int days) throws SQLException;

    /** Actions per type with counts per status, over the last {@code days} days or all time (null). */
    List<Analytics.ActionTypeCount> actionsByType(Integer days) throws SQLException;
}
