package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonContractTest {

    @Test
    void decisionHasTheDocumentedFieldsWithAnIsoTimestampAndWireActionTypes() throws Exception {
        Action a = new Action(ActionType.SCALE_DEPLOYMENT, "checkout", Map.of("replicas_delta", 1));
        Decision d = new Decision(
                "e0c9c084-7fcc-341c-942f-479fd8a5805a",
                1772416799999L,
                Scope.service("checkout"),
                "cpu high",
                OperationalMode.HIGH_PERFORMANCE,
                List.of(Decision.ActionTaken.of(
                        new ActionResult(a, ActionStatus.DRY_RUN, true, "kubectl scale", "dry", 1, 2))),
                Map.of("cpu_usage", 94.0),
                null,
                null,
                null,
                null,
                "cpu-sustained-high");
        JsonNode n = Json.MAPPER.readTree(Json.write(d));
        assertThat(n.fieldNames())
                .toIterable()
                .containsExactly(
                        "id",
                        "timestamp",
                        "scope",
                        "trigger",
                        "operational_mode",
                        "actions_taken",
                        "state_before",
                        "state_after",
                        "outcome",
                        "reward_signal",
                        "human_feedback",
                        "rule");
        assertThat(n.get("timestamp").asText()).isEqualTo("2026-03-02T01:59:59.999Z");
        assertThat(n.at("/scope/service").asText()).isEqualTo("checkout");
        JsonNode action = n.at("/actions_taken/0");
        assertThat(action.get("type").asText()).isEqualTo("scale_deployment");
        assertThat(action.get("dry_run").asBoolean()).isTrue();
        assertThat(action.get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(action.at("/params/replicas_delta").asInt()).isEqualTo(1);
    }

    @Test
    void actionTypesRoundTripThroughTheirWireNames() {
        for (ActionType t : ActionType.values()) {
            assertThat(ActionType.fromWireName(t.wireName())).isEqualTo(t);
        }
        assertThat(ActionType.values())
                .extracting(ActionType::wireName)
                .contains(
                        "scale_deployment",
                        "adjust_hpa",
                        "update_resources",
                        "restart",
                        "drain_node",
                        "restart_container",
                        "update_container_resources",
                        "resize_pool",
                        "kill_slow_queries",
                        "vacuum",
                        "flush_cache",
                        "warm_cache",
                        "shift_traffic",
                        "circuit_breaker",
                        "set_mode",
                        "notify")
                .hasSize(16);
        assertThatThrownBy(() -> ActionType.fromWireName("reboot_everything"))
                .hasMessage("unknown action type: reboot_everything");
    }
}
