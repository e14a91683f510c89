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
        // an anomaly score says its own kind: consumers of hcl.analysis tell the kinds apart by it, and the field
        // does not stop an anomaly score from reading back
        AnomalyScore score =
                new AnomalyScore(new Scope("checkout", "checkout-1"), 0, "robust-z", 0.9, 0.5, Map.of(), List.of());
        JsonNode a = Json.MAPPER.readTree(Json.write(score));
        assertThat(a.get("kind").asText()).isEqualTo("anomaly");
        assertThat(Json.read(Json.write(score), AnomalyScore.class)).isEqualTo(score);
    }
}
