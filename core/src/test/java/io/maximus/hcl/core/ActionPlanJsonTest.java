package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An {@link ActionPlan} written before {@code arrivedAt} existed (as the execute gate keeps awaiting approvals in its
 * state, as JSON) still reads, with arrival 0; a stamped plan keeps its arrival through JSON.
 */
class ActionPlanJsonTest {

    private static final ActionPlan PLAN = new ActionPlan(
            Scope.service("cart"),
            1_000L,
            "cpu-high",
            "cpu high",
            OperationalMode.BALANCED,
            List.of(new Action(ActionType.RESTART, "shop/cart", Map.of())),
            1,
            true,
            "k1",
            Map.of("cpu_usage", 90.0));

    @Test
    void aPlanWithoutArrivalReadsAsUnknownArrival() {
        String json = Json.write(PLAN).replace(",\"arrived_at\":0", "");
        assertThat(json).doesNotContain("arrived_at");
        ActionPlan read = Json.read(json, ActionPlan.class);
        assertThat(read).isEqualTo(PLAN);
        assertThat(read.arrivedAt()).isZero();
    }

    @Test
    void theArrivalTimeSurvivesJson() {
        ActionPlan stamped = PLAN.arrived(1_234L);
        assertThat(Json.read(Json.write(stamped), ActionPlan.class).arrivedAt()).isEqualTo(1_234L);
        assertThat(stamped.arrived(0L)).isEqualTo(PLAN);
    }
}
