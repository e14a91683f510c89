package io.maximus.hcl.sinks.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.knowledge.store.ApprovalRepository;
import io.maximus.hcl.knowledge.store.KnowledgeStore;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job's approval events land in the real {@code hcl_approvals} table through the batched JDBC sink on a local
 * Flink cluster: pending rows with the stage's expiry, then approved / denied / expired; replaying the same events
 * (a restart) changes nothing, and an answer the API recorded first is never overwritten by the job.
 */
class ApprovalJdbcSinkTest {

    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private static ActionEvent event(String key, String path, ActionStatus status, String detail, long at) {
        Action a = new Action(ActionType.RESTART, "shop/checkout", Map.of());
        return new ActionEvent(
                UUID.nameUUIDFromBytes(key.getBytes()).toString(),
                key,
                Scope.service("checkout"),
                T,
                "rule",
                new ActionResult(a, status, false, "PATCH deployment", detail, at, at + 5),
                path,
                5);
    }

    private static ActionEvent waiting(String key, long at) {
        return event(
                key,
                "awaiting_approval",
                ActionStatus.AWAITING_APPROVAL,
                "restart of the whole service needs a human's approval; approval id " + key,
                at);
    }

    private static void run(String url, List<ActionEvent> events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        env.fromData(events)
                .filter(e -> ApprovalJdbcSink.concernsApproval(e))
                .name("approvals only")
                .sinkTo(ApprovalJdbcSink.create(
                        new JdbcSettings(url, "postgres", "", 3, Duration.ofMillis(100), 3, Duration.ofMinutes(1)),
                        TIMEOUT))
                .name("approvals");
        env.execute("approval sink test");
    }

    private static Map<String, String[]> rows(String url) throws Exception {
        Map<String, String[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT idempotency_key, id::text, status, decided_by, "
                                + "reason, extract(epoch FROM expires_at - requested_at)::bigint, floor(extract(epoch FROM requested_at))::bigint, "
                                + "action->>'type', service FROM hcl_approvals")) {
            while (rs.next()) {
                out.put(rs.getString(1), new String[] {
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getString(9)
                });
            }
        }
        return out;
    }

    @Test
    void approvalLifeCycleIsWrittenIdempotentlyAndNeverOverwritesAHumansAnswer() throws Exception {
        String url = KbDatabase.fresh();
        long now = System.currentTimeMillis();
        List<ActionEvent> events = new ArrayList<>();
        for (String k : List.of("p1#0", "p2#0", "p3#0", "p4#0", "p6#0")) {
            events.add(waiting(k, now));
        }
        events.add(
                event("p1#0", "approved", ActionStatus.EXECUTED, "approved by alice; rolling restart", now + 60_000));
        events.add(event(
                "p2#0", "approval_denied", ActionStatus.DENIED, "denied by bob: not during the sale", now + 60_000));
        events.add(event(
                "p3#0",
                "approval_denied",
                ActionStatus.DENIED,
                "approval timed out after 900 s: denied",
                now + 900_000));
        // The async stage may emit a final event before its pending one: the final status must stay.
        events.add(event("p5#0", "approval_denied", ActionStatus.DENIED, "denied by carol", now + 1_000));
        events.add(waiting("p5#0", now));
        // Not an approval: ignored.
        events.add(event("p7#0", "executed", ActionStatus.EXECUTED, "", now));

        run(url, events);
        Map<String, String[]> first = rows(url);
        assertThat(first).containsOnlyKeys("p1#0", "p2#0", "p3#0", "p4#0", "p5#0", "p6#0");
        assertThat(first.get("p1#0")[1]).isEqualTo("APPROVED");
        assertThat(first.get("p1#0")[3]).startsWith("approved by alice");
        assertThat(first.get("p2#0")[1]).isEqualTo("DENIED");
        assertThat(first.get("p3#0")[1]).isEqualTo("EXPIRED");
        assertThat(first.get("p4#0")[1]).isEqualTo("PENDING");
        assertThat(first.get("p4#0")[2]).isNull();
        assertThat(first.get("p5#0")[1]).isEqualTo("DENIED");
        assertThat(first.get("p6#0")[1]).isEqualTo("PENDING");
        assertThat(first.values()).allSatisfy(r -> {
            assertThat(r[4]).as("expires_at - requested_at").isEqualTo(String.valueOf(TIMEOUT.toSeconds()));
            assertThat(r[6]).isEqualTo("restart");
            assertThat(r[7]).isEqualTo("checkout");
        });
        assertThat(first.get("p4#0")[0]).isEqualTo(ApprovalAnswer.rowId("p4#0"));
        assertThat(Long.parseLong(first.get("p4#0")[5])).isEqualTo(now / 1000);

        // A human approves p6 through the store (as the API does), then the job reports it denied by a rate limit.
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        KnowledgeStore store = KnowledgeStore.jdbc(ds, Clock.systemUTC());
        assertThat(store.approvals().decide(UUID.fromString(ApprovalAnswer.rowId("p6#0")), true, "dave", "go"))
                .isEqualTo(ApprovalRepository.Answer.DONE);
        List<ActionEvent> replay = new ArrayList<>(events);
        replay.add(event(
                "p6#0", "approval_denied", ActionStatus.DENIED, "approved by dave but rate limited", now + 2_000));
        run(url, replay); // the same events again, as after a restart from a checkpoint

        Map<String, String[]> second = rows(url);
        assertThat(second).hasSize(6);
        for (String k : List.of("p1#0", "p2#0", "p3#0", "p4#0", "p5#0")) {
            assertThat(second.get(k)).as(k).containsExactly(first.get(k));
        }
        assertThat(second.get("p6#0")[1]).isEqualTo("APPROVED");
        assertThat(second.get("p6#0")[2]).isEqualTo("dave");
    }
}
