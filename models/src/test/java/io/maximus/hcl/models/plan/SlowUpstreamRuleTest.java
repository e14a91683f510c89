package io.maximus.hcl.models.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlowUpstreamRuleTest {

    private final SlowUpstreamRule rule = new SlowUpstreamRule(new SlowUpstreamRule.Config(600, 3, 3, 30_000));

    private List<ActionPlan> feed(SlowUpstreamRule.State s, int from, int to, double a, double b) {
        List<ActionPlan> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long t = i * 2_000L;
            rule.onSnapshot(s, snap(t, "127.0.0.1:2001", a), OperationalMode.BALANCED)
                    .ifPresent(out::add);
            rule.onSnapshot(s, snap(t, "127.0.0.1:2002", b), OperationalMode.BALANCED)
                    .ifPresent(out::add);
        }
        return out;
    }

    private static TelemetrySnapshot snap(long t, String host, double p99) {
        return new TelemetrySnapshot(t, host, "app", Map.of("latency_p99", p99), Map.of());
    }

    @Test
    void oneSlowHostIsTakenOutOnceAfterItsStreak() {
        SlowUpstreamRule.State s = new SlowUpstreamRule.State();
        assertThat(feed(s, 0, 2, 100, 2500)).isEmpty();
        List<ActionPlan> plans = feed(s, 2, 10, 100, 2500);
        assertThat(plans).hasSize(1);
        ActionPlan p = plans.get(0);
        assertThat(p.rule()).isEqualTo(SlowUpstreamRule.ID);
        assertThat(p.scope().host()).isEqualTo("127.0.0.1:2002");
        assertThat(p.actions().get(0).type()).isEqualTo(ActionType.CIRCUIT_BREAKER);
        assertThat(p.actions().get(0).target()).isEqualTo("app");
        assertThat(p.actions().get(0).params())
                .containsEntry("server", "127.0.0.1:2002")
                .containsEntry("state", "open");
        // fine once, then slow again: a new streak acts again
        assertThat(feed(s, 10, 11, 100, 100)).isEmpty();
        assertThat(feed(s, 11, 14, 100, 2500)).hasSize(1);
    }

    @Test
    void aSlowServiceIsNotAnOutlierAndALoneHostHasNoPeers() {
        assertThat(feed(new SlowUpstreamRule.State(), 0, 20, 2000, 2500)).isEmpty();
        SlowUpstreamRule.State alone = new SlowUpstreamRule.State();
        for (int i = 0; i < 20; i++) {
            assertThat(rule.onSnapshot(alone, snap(i * 2_000L, "127.0.0.1:2001", 5000), OperationalMode.BALANCED))
                    .isEmpty();
        }
    }

    @Test
    void aPeerNotHeardFromLatelyIsLeftOut() {
        SlowUpstreamRule.State s = new SlowUpstreamRule.State();
        rule.onSnapshot(s, snap(0, "127.0.0.1:2001", 100), OperationalMode.BALANCED);
        for (int i = 20; i < 30; i++) {
            assertThat(rule.onSnapshot(s, snap(i * 2_000L, "127.0.0.1:2002", 2500), OperationalMode.BALANCED))
                    .isEmpty();
        }
    }

    private static TelemetrySnapshot snap(long t, String host, double p99, double errorPct) {
        return new TelemetrySnapshot(t, host, "app", Map.of("latency_p99", p99, "error_ratio", errorPct), Map.of());
    }

    /** Two hosts with latency and error ratio; {@code b} fails fast: its latency stays as low as its peer's. */
    private List<ActionPlan> feedErrors(SlowUpstreamRule.State s, int from, int to, double errA, double errB) {
        List<ActionPlan> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long t = i * 2_000L;
            rule.onSnapshot(s, snap(t, "127.0.0.1:2001", 90, errA), OperationalMode.BALANCED)
                    .ifPresent(out::add);
            rule.onSnapshot(s, snap(t, "127.0.0.1:2002", 30, errB), OperationalMode.BALANCED)
                    .ifPresent(out::add);
        }
        return out;
    }

    @Test
    void aFastFailingHostIsTakenOutOnItsErrorRatio() {
        SlowUpstreamRule.State s = new SlowUpstreamRule.State();
        assertThat(feedErrors(s, 0, 2, 0, 85)).isEmpty();
        List<ActionPlan> plans = feedErrors(s, 2, 10, 0, 85);
        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(SlowUpstreamRule.ID);
            assertThat(p.scope().host()).isEqualTo("127.0.0.1:2002");
            assertThat(p.actions().get(0).type()).isEqualTo(ActionType.CIRCUIT_BREAKER);
            assertThat(p.actions().get(0).params())
                    .containsEntry("server", "127.0.0.1:2002")
                    .containsEntry("state", "open");
            assertThat(p.trigger())
                    .startsWith("error_ratio of host 127.0.0.1:2002 of service app at 85.0%, its 1 peers' median 0.0%")
                    .contains("latency_p99 30 ms, not slow");
        });
    }

    @Test
    void errorsBelowTheMarkOrShared() {
        // 10% errors on one host: under the 20% mark
        assertThat(feedErrors(new SlowUpstreamRule.State(), 0, 20, 0, 10)).isEmpty();
        // every host fails alike (a shared dependency is down): not one bad upstream
        assertThat(feedErrors(new SlowUpstreamRule.State(), 0, 20, 60, 70)).isEmpty();
        // hosts reporting no error ratio: the latency rule alone, as before
        assertThat(feed(new SlowUpstreamRule.State(), 0, 20, 100, 120)).isEmpty();
    }

    @Test
    void aStateFromBeforeErrorRatiosRestoresWithoutThem() {
        SlowUpstreamRule.State s = new SlowUpstreamRule.State();
        feed(s, 0, 2, 100, 100);
        s.errors = null; // as a Flink POJO restored from a savepoint taken before the field existed
        assertThat(feedErrors(s, 2, 4, 0, 85)).isEmpty();
        assertThat(s.errors).hasSize(2);
        assertThat(feedErrors(s, 4, 10, 0, 85)).hasSize(1);
    }
}
