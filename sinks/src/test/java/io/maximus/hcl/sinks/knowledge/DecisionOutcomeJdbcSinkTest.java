package io.maximus.hcl.sinks.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two statements behind decisions and their outcomes, on the real schema: in either order the row ends complete;
 * two actions of one decision with different verdicts give PARTIAL and the lower reward, whatever their order.
 */
class DecisionOutcomeJdbcSinkTest {

    private static final long T = 1_767_225_600_000L;

    private static void outcome(Connection c, DecisionOutcome o) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(DecisionOutcomeJdbcSink.UPSERT)) {
            DecisionOutcomeJdbcSink.statement().accept(ps, o);
            ps.executeUpdate();
        }
    }

    private static void decision(Connection c, Decision d) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(DecisionJdbcSink.INSERT)) {
            DecisionJdbcSink.statement().accept(ps, d);
            ps.executeUpdate();
        }
    }

    private static DecisionOutcome verdict(String id, String key, String outcome, double reward, double latency) {
        return new DecisionOutcome(
                id,
                T,
                key,
                Scope.service("checkout"),
                outcome,
                Map.of("latency_p99", latency),
                reward,
                "FAILED".equals(outcome),
                Map.of(),
                0);
    }

    private static Decision decision(String id) {
        Action a = new Action(ActionType.SCALE_DEPLOYMENT, "checkout", Map.of("replicas", 4));
        return new Decision(
                id,
                T,
                Scope.service("checkout"),
                "cpu high",
                OperationalMode.BALANCED,
                List.of(Decision.ActionTaken.of(new ActionResult(a, ActionStatus.EXECUTED, false, "PATCH", "", T, T))),
                Map.of("latency_p99", 100.0),
                null,
                null,
                null,
                null,
                "cpu-sustained");
    }

    private static String[] row(Connection c, String id) throws Exception {
        try (ResultSet rs = c.createStatement()
                .executeQuery("SELECT trigger, operational_mode, outcome, reward_signal, "
                        + "state_after->>'latency_p99', state_before->>'latency_p99', rule, count(*) OVER () FROM hcl_decisions "
                        + "WHERE id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            return new String[] {
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8)
            };
        }
    }

    @Test
    void eitherOrderEndsWithTheWholeDecisionAndMixedVerdictsArePartial() throws Exception {
        String url = KbDatabase.fresh();
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            String first = UUID.randomUUID().toString();
            outcome(c, verdict(first, "k#0", "SUCCESS", 0.3, 80)); // the verdict before its decision: a stub
            assertThat(row(c, first)[0]).isEqualTo(DecisionOutcomeJdbcSink.STUB_TRIGGER);
            decision(c, decision(first)); // completes the stub
            decision(c, decision(first)); // a replay: nothing changes
            assertThat(row(c, first))
                    .containsExactly("cpu high", "BALANCED", "SUCCESS", "0.3", "80.0", "100.0", "cpu-sustained", "1");

            String second = UUID.randomUUID().toString();
            decision(c, decision(second));
            outcome(c, verdict(second, "k#0", "SUCCESS", 0.3, 80));
            outcome(c, verdict(second, "k#1", "FAILED", -1.4, 130));
            outcome(c, verdict(second, "k#0", "SUCCESS", 0.3, 80)); // replayed
            String[] r = row(c, second);
            assertThat(r[2]).isEqualTo("PARTIAL");
            assertThat(r[3]).isEqualTo("-1.4");
            assertThat(r[0]).isEqualTo("cpu high");
        }
    }
}
