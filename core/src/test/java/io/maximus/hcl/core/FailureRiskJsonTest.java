package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureRiskJsonTest {

    @Test
    void aFailurePredictionOnTheAnalysisTopicCarriesItsKindAndRoundTrips() throws Exception {
        FailureRisk r = new FailureRisk(
                null,
                new Scope("checkout", "checkout-1"),
                1_772_417_265_000L,
                "failure-fleet-1",
                0.82,
                0.56,
                true,
                "raised",
                10,
                30,
                List.of(new FailureRisk.Driver("memory_usage.slope_long", 0.4, 2.1)),
                Map.of("memory_usage", 71.5));
        String json = Json.write(r);
        JsonNode n = Json.MAPPER.readTree(json);
        assertThat(n.get("kind").asText()).isEqualTo("failure_risk");
        assertThat(n.fieldNames())
                .toIterable()
                .contains(
                        "scope",
                        "event_time",
                        "probability",
                        "threshold",
                        "alarm",
                        "transition",
                        "lead_min_minutes",
                        "lead_max_minutes",
                        "drivers",
                        "metrics");
        assertThat(n.at("/drivers/0/feature").asText()).isEqualTo("memory_usage.slope_long");
        assertThat(Json.read(json, FailureRisk.class)).isEqualTo(r);
        assertThat(n.get("evidence")).as("a model alarm says so").hasSize(1);
        assertThat(n.at("/evidence/0").asText()).isEqualTo("model");

        // an exhaustion warning adds the metric, the time to exhaustion and the instant
        FailureRisk e = new FailureRisk(
                null,
                new Scope("ledger", "db-7f3a"),
                1_772_417_265_000L,
                "none",
                0,
                0,
                true,
                "raised",
                0,
                0,
                List.of(),
                Map.of("memory_usage", 74.2),
                List.of(FailureRisk.EVIDENCE_EXHAUSTION),
                "memory_usage",
                3284L,
                1_772_420_549_000L);
        JsonNode en = Json.MAPPER.readTree(Json.write(e));
        assertThat(en.at("/evidence/0").asText()).isEqualTo("exhaustion");
        assertThat(en.get("exhausting_metric").asText()).isEqualTo("memory_usage");
        assertThat(en.get("time_to_exhaustion_s").asLong()).isEqualTo(3284);
        assertThat(en.get("exhaustion_at").asLong()).isEqualTo(1_772_420_549_000L);
        assertThat(Json.read(Json.write(e), FailureRisk.class)).isEqualTo(e);
        // an anomaly score says its own kind: consumers of hcl.analysis tell the kinds apart by it, and the field
        // does not stop an anomaly score from reading back
        AnomalyScore score =
                new AnomalyScore(new Scope("checkout", "checkout-1"), 0, "robust-z", 0.9, 0.5, Map.of(), List.of());
        JsonNode a = Json.MAPPER.readTree(Json.write(score));
        assertThat(a.get("kind").asText()).isEqualTo("anomaly");
        assertThat(Json.read(Json.write(score), AnomalyScore.class)).isEqualTo(score);
    }
}
