package io.maximus.hcl.operators.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.plan.RemediationRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Runs the CEP stage on a local Flink cluster over hand-made windows of two services. */
class RemediationPatternsTest {

    private static ServiceWindow w(String service, int minute, double cpu, double errors) {
        return new ServiceWindow(
                service,
                minute * 60_000L,
                (minute + 1) * 60_000L,
                3,
                12,
                Map.of("cpu_usage", cpu, "error_rate", errors),
                Map.of("cpu_usage", cpu, "error_rate", errors),
                0,
                List.of(),
                OperationalMode.BALANCED);
    }

    @Test
    void sustainedCpuScalesOnlyTheHotServiceAndRisingErrorsRestart() throws Exception {
        List<ServiceWindow> input = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            // checkout: hot for minutes 5..14 (10 windows → two non-overlapping scale-ups)
            input.add(w("checkout", m, m >= 5 && m < 15 ? 92 : 50, 0.1));
            // search: hot for only 4 minutes (never 5 in a row); errors rise 0.5 → 0.8 → 1.2 → 1.9 at minutes 10..13
            double errors = switch (m) {
                case 10 -> 0.5;
                case 11 -> 0.8;
                case 12 -> 1.2;
                case 13 -> 1.9;
                default -> 0.1;
            };
            input.add(w("search", m, m >= 3 && m < 7 ? 95 : 40, errors));
            // payments: errors wobble below the floor, rising three times in a row but never reaching 1/s
            input.add(w("payments", m, 30, 0.1 + 0.05 * (m % 4)));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        var windows = env.fromData(input)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ServiceWindow>forBoundedOutOfOrderness(Duration.ZERO)
                        .withTimestampAssigner((x, t) -> x.windowEnd() - 1))
                .keyBy(ServiceWindow::service);
        List<ActionPlan> plans = RemediationPatterns.plans(
                        windows, new RemediationRules(RemediationRules.Config.defaults()))
                .executeAndCollect(100);

        assertThat(plans)
                .filteredOn(p -> p.rule().equals(RemediationRules.CPU_SUSTAINED))
                .hasSize(2)
                .allSatisfy(p -> {
                    assertThat(p.scope().service()).isEqualTo("checkout");
                    assertThat(p.actions().get(0).type()).isEqualTo(ActionType.SCALE_DEPLOYMENT);
                })
                .extracting(ActionPlan::eventTime)
                .containsExactlyInAnyOrder(10 * 60_000L - 1, 15 * 60_000L - 1);
        assertThat(plans)
                .filteredOn(p -> p.rule().equals(RemediationRules.ERRORS_RISING))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.scope().service()).isEqualTo("search");
                    assertThat(p.actions().get(0).type()).isEqualTo(ActionType.RESTART);
                    assertThat(p.trigger()).contains("0.50 -> 0.80 -> 1.20");
                });
        assertThat(plans).noneMatch(p -> p.scope().service().equals("payments"));
    }
}
