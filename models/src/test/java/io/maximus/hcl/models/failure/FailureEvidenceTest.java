package io.maximus.hcl.models.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionEvidence;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionWarning;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureEvidenceTest {

    private static final FleetFailureModel MODEL = FleetFailureModel.loadBundled();
    private static final FailureMonitor MONITOR = new FailureMonitor(MODEL, FailureMonitor.Config.defaults(MODEL));
    private static final Scope SCOPE = new Scope("ledger", "db-7f3a");
    private static final ExhaustionEvidence FIT =
            new ExhaustionEvidence(ExhaustionEvidence.METHOD, 90, 10, 90, 9, 1.0, 0.2, 1.0);

    private static ExhaustionWarning warning(ExhaustionWarning.Phase phase, String metric, long tte) {
        return new ExhaustionWarning(
                phase, "ledger/db-7f3a", metric, 600_000, 80, 81, 100, 0.45, tte, 600_000 + tte * 1000, FIT);
    }

    private static FailureMonitor.Scored scored(double p, boolean alarmed, FailureMonitor.Transition t) {
        return new FailureMonitor.Scored(
                600_000,
                10,
                p,
                alarmed,
                t,
                List.of(new FailurePrediction.Driver("memory_usage.slope_long", 1.5, 2.0)),
                Map.of("memory_usage", 80.0));
    }

    @Test
    void theEventNamesEveryEvidenceThatHoldsAndTheMetricThatRunsOutFirst() {
        FailureRisk r = FailureEvidence.event(new FailureEvidence.Step(
                SCOPE,
                600_000,
                MONITOR,
                scored(0.9, true, FailureMonitor.Transition.RAISED),
                false,
                true,
                List.of(
                        warning(ExhaustionWarning.Phase.RAISED, "swap_usage", 1800),
                        warning(ExhaustionWarning.Phase.ONGOING, "memory_usage", 1200)),
                false,
                true,
                Map.of()));
        assertThat(r.transition()).isEqualTo("raised");
        assertThat(r.alarm()).isTrue();
        assertThat(r.evidence()).containsExactly("model", "exhaustion");
        assertThat(r.exhaustingMetric()).isEqualTo("memory_usage");
        assertThat(r.timeToExhaustionS()).isEqualTo(1200L);
        assertThat(r.exhaustionAt()).isEqualTo(600_000 + 1_200_000L);
        ActionPlan p = FailureAlarms.plan(r);
        assertThat(p.trigger())
                .startsWith("failure predicted on host db-7f3a of service ledger: P(failure in 10-30 min) = 0.90")
                .contains("; memory_usage runs out in 20 min (time to exhaustion 1200 s, at 1970-01-01T00:30:00Z)")
                .endsWith("; evidence: model, exhaustion");
        assertThat(p.actions().get(0).params())
                .containsEntry("evidence", "model,exhaustion")
                .containsEntry("exhausting_metric", "memory_usage")
                .containsEntry("time_to_exhaustion_s", 1200L)
                .containsEntry("exhaustion_at", "1970-01-01T00:30:00Z");
    }

    @Test
    void theAlarmHoldsWhileEitherEvidenceHoldsAndClearsWhenNeitherDoes() {
        // the model clears while exhaustion still holds: no transition, exhaustion alone
        FailureRisk held = FailureEvidence.event(new FailureEvidence.Step(
                SCOPE,
                600_000,
                MONITOR,
                scored(0.1, false, FailureMonitor.Transition.CLEARED),
                true,
                false,
                List.of(warning(ExhaustionWarning.Phase.ONGOING, "memory_usage", 900)),
                true,
                true,
                Map.of()));
        assertThat(held.transition()).isEqualTo("none");
        assertThat(held.evidence()).containsExactly("exhaustion");
        // then exhaustion clears with the model calm: cleared, no evidence, no exhaustion fields
        FailureRisk cleared = FailureEvidence.event(new FailureEvidence.Step(
                SCOPE,
                660_000,
                null,
                null,
                false,
                false,
                List.of(warning(ExhaustionWarning.Phase.CLEARED, "memory_usage", -1)),
                true,
                false,
                Map.of("memory_usage", 51.0)));
        assertThat(cleared.transition()).isEqualTo("cleared");
        assertThat(cleared.alarm()).isFalse();
        assertThat(cleared.evidence()).isEmpty();
        assertThat(cleared.exhaustingMetric()).isNull();
        assertThat(cleared.model()).isEqualTo("none");
        assertThat(cleared.metrics()).containsEntry("memory_usage", 51.0);
        // nothing held before or after: no event
        assertThat(FailureEvidence.event(new FailureEvidence.Step(
                        SCOPE,
                        720_000,
                        MONITOR,
                        scored(0.1, false, FailureMonitor.Transition.NONE),
                        false,
                        false,
                        List.of(),
                        false,
                        false,
                        Map.of())))
                .isNull();
    }
}
