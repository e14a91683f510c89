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
    void aDecisionOnModelEvidenceNamesTheModelAndSinceWhenAndOnlyThenHasAnEvidenceField() throws Exception {
        Action a = new Action(ActionType.SET_MODE, "ledger-db", Map.of("mode", "HIGH_PERFORMANCE"));
        ModelEvidence online = ModelEvidence.ofAnomaly(
                "ledger-db-01",
                "online-knn since 2026-06-02T04:20:00Z (fit 1, 240 rows, learning since 2026-06-02T03:00:00Z)",
                0.97123);
        Decision d = new Decision(
                "e0c9c084-7fcc-341c-942f-479fd8a5805a",
                1780374599999L,
                Scope.service("ledger-db"),
                "fuzzy mode",
                OperationalMode.HIGH_PERFORMANCE,
                List.of(Decision.ActionTaken.of(new ActionResult(a, ActionStatus.DRY_RUN, true, "mode", "dry", 1, 2))),
                Map.of("fuzzy_alerts", 97.0),
                null,
                null,
                null,
                null,
                "plan-mode",
                List.of(online));
        JsonNode n = Json.MAPPER.readTree(Json.write(d));
        assertThat(n.fieldNames()).toIterable().endsWith("rule", "evidence");
        JsonNode e = n.at("/evidence/0");
        assertThat(e.get("source").asText()).isEqualTo("anomaly");
        assertThat(e.get("host").asText()).isEqualTo("ledger-db-01");
        assertThat(e.get("model").asText()).isEqualTo("online");
        assertThat(e.get("version").asText()).isEqualTo("1");
        assertThat(e.get("since").asText()).isEqualTo("2026-06-02T04:20:00Z");
        assertThat(e.get("learning_since").asText()).isEqualTo("2026-06-02T03:00:00Z");
        assertThat(e.get("score").asDouble()).isEqualTo(0.9712);
        assertThat(e.get("fired")).isEmpty();

        ModelEvidence artifact = ModelEvidence.ofAnomaly("h", "foveal:fleet-20261125", 0.9);
        assertThat(artifact.model()).isEqualTo("artifact");
        assertThat(artifact.version()).isEqualTo("fleet-20261125");
        assertThat(artifact.since()).isNull();
        ModelEvidence warming =
                ModelEvidence.ofAnomaly("h", "baseline-ewma-z (online-knn warming up, 12 snapshots left)", 0.9);
        assertThat(warming.model()).isEqualTo("baseline");
        assertThat(warming.detector()).contains("warming up");

        FailureRisk risk = new FailureRisk(
                FailureRisk.KIND,
                new Scope("ledger-db", "ledger-db-01"),
                1780374599999L,
                "failure-20261201",
                0.1,
                0.56,
                true,
                "raised",
                10,
                30,
                null,
                null,
                List.of(FailureRisk.EVIDENCE_EXHAUSTION),
                "mem_used_percent",
                3000L,
                1780377599999L);
        ModelEvidence exhaustion = ModelEvidence.ofFailureRisk(risk);
        assertThat(exhaustion.model()).isEqualTo("exhaustion");
        assertThat(exhaustion.fired()).containsExactly("exhaustion");
        assertThat(exhaustion.score()).isNull();
        JsonNode plain = Json.MAPPER.readTree(Json.write(new Decision(
                "x",
                0,
                Scope.service("s"),
                "t",
                OperationalMode.BALANCED,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                "r")));
        assertThat(plain.has("evidence"))
                .as("no evidence field on a threshold decision")
                .isFalse();
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
