package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.core.OperationalMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@link AnalyticsQueries} on the hourly aggregates ({@code hcl_decisions_hourly}, {@code hcl_actions_hourly}). */
public final class JdbcAnalyticsQueries implements AnalyticsQueries {

    private final DataSource dataSource;
    private final Clock clock;

    /** Queries over {@code dataSource}; {@code clock} gives "now" for the windows of the last days. */
    public JdbcAnalyticsQueries(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public List<Analytics.ModeSuccess> successRate(OperationalMode mode) throws SQLException {
        String sql = "SELECT operational_mode, sum(decisions), sum(successes), sum(partials), sum(failures)"
                + " FROM hcl_decisions_hourly" + (mode == null ? "" : " WHERE operational_mode = ?")
                + " GROUP BY operational_mode ORDER BY operational_mode";
        List<Analytics.ModeSuccess> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (mode != null) {
                ps.setString(1, mode.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Analytics.ModeSuccess(
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    @Override
    public List<Analytics.RewardBucket> rewardTrend(int days) throws SQLException {
        String sql = "SELECT hour, sum(decisions), sum(reward_count), sum(reward_sum) / NULLIF(sum(reward_count), 0),"
                + " min(reward_min), max(reward_max) FROM hcl_decisions_hourly WHERE hour >= ?"
                + " GROUP BY hour ORDER BY hour DESC";
        List<Analytics.RewardBucket> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rows.utc(daysAgo(days)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Analytics.RewardBucket(
                            Rows.instant(rs, 1),
                            rs.getLong(2),
                            rs.getLong(3),
                            Rows.nullableDouble(rs, 4),
                            Rows.nullableDouble(rs, 5),
                            Rows.nullableDouble(rs, 6)));
                }
            }
        }
        return out;
    }

    @Override
    public List<Analytics.ActionTypeCount> actionsByType(Integer days) throws SQLException {
        String sql = "SELECT action_type, status, sum(actions), sum(dry_runs) FROM hcl_actions_hourly"
                + (days == null ? "" : " WHERE hour >= ?") + " GROUP BY 1, 2 ORDER BY 1, 2";
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, Map<String, Long>> byStatus = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (days != null) {
                ps.setObject(1, Rows.utc(daysAgo(days)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    long[] t = totals.computeIfAbsent(type, k -> new long[2]);
                    t[0] += rs.getLong(3);
                    t[1] += rs.getLong(4);
                    byStatus.computeIfAbsent(type, k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        List<Analytics.ActionTypeCount> out = new ArrayList<>();
        totals.forEach((type, t) -> out.add(new Analytics.ActionTypeCount(type, t[0], t[1], byStatus.get(type))));
        return out;
    }

    /** The start of the current hour, {@code days} days back. */
    private Instant daysAgo(int days) {
        return clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days));
    }
}
