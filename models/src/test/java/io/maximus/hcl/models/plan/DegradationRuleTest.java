package io.maximus.hcl.models.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ServiceWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DegradationRuleTest {

    private static ServiceWindow w(int minute, double p99) {
        return new ServiceWindow(
                "search",
                minute * 60_000L,
                (minute + 1) * 60_000L,
                3,
                12,
                Map.of("latency_p99", p99),
                Map.of("latency_p99", p99),
                0,
                List.of(),
                OperationalMode.BALANCED);
    }

    private static List<ActionPlan> run(double[] p99) {
        DegradationRule rule = DegradationRule.defaults();
        DegradationRule.State state = new DegradationRule.State();
        List<ActionPlan> plans = new ArrayList<>();
        for (int m = 0; m < p99.length; m++) {
            rule.onWindow(state, w(m, p99[m])).ifPresent(plans::add);
        }
        return plans;
    }

    @Test
    void aStepOf45PercentIsReportedOnceWithinFifteenWindowsAndPlacedExactly() {
        SplittableRandom r = new SplittableRandom(3);
        double[] p99 = new double[120];
        for (int m = 0; m < p99.length; m++) {
            p99[m] = (m < 70 ? 120 : 174) + r.nextDouble(-3, 3);
        }
        List<ActionPlan> plans = run(p99);
        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo(DegradationRule.ID);
            assertThat(p.actions().get(0).type()).isEqualTo(ActionType.NOTIFY);
            assertThat(p.actions().get(0).params()).containsEntry("change_at", "1970-01-01T01:10:00Z");
            assertThat((Double) p.actions().get(0).params().get("severity")).isBetween(0.40, 0.50);
            assertThat(p.eventTime() - 70 * 60_000L).isLessThan(15 * 60_000L);
        });
    }

    @Test
    void aSlowDailyRiseAndNoiseAreNotDegradations() {
        SplittableRandom r = new SplittableRandom(4);
        double[] p99 = new double[1440];
        for (int m = 0; m < p99.length; m++) {
            p99[m] = 110 + 40 * Math.sin(2 * Math.PI * m / 1440.0) + r.nextDouble(-4, 4);
        }
        assertThat(run(p99)).isEmpty();
    }
}
