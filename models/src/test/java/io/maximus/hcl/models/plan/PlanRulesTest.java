package io.maximus.hcl.models.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanRulesTest {

    private final ModeRule modeRule = new ModeRule(ModeRule.Thresholds.defaults());
    private final RemediationRules rules = new RemediationRules(RemediationRules.Config.defaults());

    private static ServiceWindow window(int minute, Map<String, Double> mean, List<String> anomalousHosts) {
        return new ServiceWindow(
                "checkout",
                minute * 60_000L,
                (minute + 1) * 60_000L,
                4,
                16,
                mean,
                mean,
                0.1,
                anomalousHosts,
                OperationalMode.BALANCED);
    }

    @Test
    void modeFollowsLoadAlertsAndSlaRisk() {
        assertThat(modeRule.decide(window(0, Map.of("cpu_usage", 50.0), List.of())))
                .isEqualTo(OperationalMode.BALANCED);
        assertThat(modeRule.decide(window(0, Map.of("cpu_usage", 80.0), List.of())))
                .isEqualTo(OperationalMode.HIGH_PERFORMANCE);
        assertThat(modeRule.decide(window(0, Map.of("cpu_usage", 10.0), List.of())))
                .isEqualTo(OperationalMode.ENERGY_EFFICIENT);
        assertThat(modeRule.decide(window(0, Map.of("cpu_usage", 10.0), List.of("h1"))))
                .isEqualTo(OperationalMode.HIGH_PERFORMANCE);
        assertThat(modeRule.decide(window(0, Map.of("cpu_usage", 40.0, "latency_p99", 900.0), List.of())))
                .isEqualTo(OperationalMode.HIGH_PERFORMANCE);
        assertThat(modeRule.decide(window(0, Map.of("cpu_usage", 10.0, "error_rate", 3.0), List.of())))
                .isEqualTo(OperationalMode.HIGH_PERFORMANCE);
        assertThat(modeRule.decide(window(0, Map.of(), List.of()))).isEqualTo(OperationalMode.BALANCED);
    }

    @Test
    void accumulatorSummarizesMeansMaximaHostsAndAnomalies() {
        ServiceWindowAccumulator a = new ServiceWindowAccumulator();
        a.add(scored("h1", 40, 0.1));
        a.add(scored("h2", 60, 0.9));
        ServiceWindowAccumulator b = new ServiceWindowAccumulator().add(scored("h1", 80, 0.2));
        ServiceWindow w = a.merge(b).toWindow("checkout", 0, 60_000, modeRule);
        assertThat(w.meanOf("cpu_usage")).isEqualTo(60.0);
        assertThat(w.max()).containsEntry("cpu_usage", 80.0);
        assertThat(w.hosts()).isEqualTo(2);
        assertThat(w.samples()).isEqualTo(3);
        assertThat(w.anomalousHosts()).containsExactly("h2");
        assertThat(w.maxAnomalyScore()).isEqualTo(0.9);
        assertThat(w.mode()).isEqualTo(OperationalMode.HIGH_PERFORMANCE);
    }

    private static ScoredSnapshot scored(String host, double cpu, double score) {
        TelemetrySnapshot s = new TelemetrySnapshot(1, host, "checkout", Map.of("cpu_usage", cpu), Map.of());
        return new ScoredSnapshot(
                s, new AnomalyScore(new Scope("checkout", host), 1, "t", score, 0.5, Map.of(), List.of()));
    }

    @Test
    void scaleUpPlanNamesTheServiceTheEvidenceAndAStableKey() {
        List<ServiceWindow> run = List.of(
                window(10, Map.of("cpu_usage", 91.0), List.of()),
                window(11, Map.of("cpu_usage", 93.0), List.of()),
                window(12, Map.of("cpu_usage", 95.0), List.of()),
                window(13, Map.of("cpu_usage", 92.0), List.of()),
                window(14, Map.of("cpu_usage", 94.0), List.of()));
        assertThat(run).allMatch(rules::cpuHot);
        ActionPlan p = rules.scaleUp(run);
        assertThat(p.scope()).isEqualTo(Scope.service("checkout"));
        assertThat(p.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.SCALE_DEPLOYMENT);
            assertThat(a.target()).isEqualTo("checkout");
            assertThat(a.params()).containsEntry("replicas_delta", 1);
        });
        assertThat(p.trigger())
                .isEqualTo("cpu_usage above 80% on service checkout for 5 minutes "
                        + "(mean 93.0%, last window 94.0% over 4 hosts)");
        assertThat(p.eventTime()).isEqualTo(15 * 60_000L - 1);
        assertThat(p.idempotencyKey()).isEqualTo(rules.scaleUp(run).idempotencyKey());
        assertThat(p.stateBefore()).containsEntry("cpu_usage", 94.0);
    }

    @Test
    void errorRateMustRiseByTheStepRatioAndEndAboveTheFloor() {
        ServiceWindow a = window(0, Map.of("error_rate", 0.8), List.of());
        ServiceWindow b = window(1, Map.of("error_rate", 1.0), List.of());
        ServiceWindow c = window(2, Map.of("error_rate", 1.3), List.of());
        assertThat(rules.errorRoseFrom(a, b)).isTrue();
        assertThat(rules.errorRoseFrom(b, c)).isTrue();
        assertThat(rules.errorAboveFloor(c)).isTrue();
        assertThat(rules.errorRoseFrom(b, window(2, Map.of("error_rate", 1.1), List.of())))
                .isFalse();
        assertThat(rules.errorAboveFloor(window(2, Map.of("error_rate", 0.4), List.of())))
                .isFalse();
        assertThat(rules.errorRoseFrom(
                        window(0, Map.of("error_rate", 0.0), List.of()),
                        window(1, Map.of("error_rate", 0.0), List.of())))
                .isFalse();
        ActionPlan p = rules.restart(List.of(a, b, c));
        assertThat(p.actions()).singleElement().extracting(x -> x.type()).isEqualTo(ActionType.RESTART);
        assertThat(p.trigger()).contains("0.80 -> 1.00 -> 1.30");
    }

    @Test
    void aFullCacheWithALowHitRateIsFlushedOfItsConfiguredKeys() {
        ServiceWindow full = window(0, Map.of("redis_memory_usage", 99.0, "cache_hit_rate", 35.0), List.of());
        assertThat(rules.cachePressed(full)).isTrue();
        // full but hitting (an LRU cache doing its job), or missing but with room: no pressure
        assertThat(rules.cachePressed(window(0, Map.of("redis_memory_usage", 99.0, "cache_hit_rate", 95.0), List.of())))
                .isFalse();
        assertThat(rules.cachePressed(window(0, Map.of("redis_memory_usage", 40.0, "cache_hit_rate", 10.0), List.of())))
                .isFalse();
        assertThat(rules.cachePressed(window(0, Map.of("cache_hit_rate", 10.0), List.of())))
                .isFalse();
        ActionPlan p = rules.flushCache(List.of(full, full, full));
        assertThat(p.rule()).isEqualTo(RemediationRules.CACHE_PRESSURE);
        assertThat(p.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.FLUSH_CACHE);
            // the keys come from the Redis actuator's target map, never from telemetry
            assertThat(a.target()).isEqualTo(full.service());
        });
        assertThat(p.trigger()).contains("99% of maxmemory").contains("hit rate 35.0%");
    }
}
