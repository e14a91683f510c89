package io.maximus.hcl.models.plan.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.OperationalMode;
import org.junit.jupiter.api.Test;

class HpaPolicyTest {

    private static Observation obs(long t, double utilization, int current, int ready) {
        return new Observation(
                t, 0, utilization, 0, 100, 0.5, current, ready, Double.NaN, 0, 0, OperationalMode.BALANCED);
    }

    @Test
    void withinTheTenPercentToleranceNothingChanges() {
        HpaPolicy hpa = new HpaPolicy(0.5, 300);
        assertThat(hpa.decide(obs(0, 0.54, 10, 10)).targetReplicas()).isEqualTo(10);
        assertThat(hpa.decide(obs(30, 0.46, 10, 10)).targetReplicas()).isEqualTo(10);
        assertThat(HpaPolicy.recommend(obs(0, 0.56, 10, 10), 0.5)).isEqualTo(12);
    }

    @Test
    void scalesUpAtOnceToCeilOfCurrentTimesRatio() {
        HpaPolicy hpa = new HpaPolicy(0.5, 300);
        assertThat(hpa.decide(obs(0, 0.9, 4, 4)).targetReplicas()).isEqualTo(8); // ceil(4 * 1.8) = 8
        assertThat(hpa.decide(obs(30, 0.7, 8, 8)).targetReplicas()).isEqualTo(12); // ceil(8 * 1.4) = 12
    }

    @Test
    void startingPodsCountAtZeroOnScaleUp() {
        // 4 ready at 60% of a 50% target (ratio 1.2), 4 starting at 0%: over 8 pods it is 0.6, no scale-up
        assertThat(HpaPolicy.recommend(obs(0, 0.6, 8, 4), 0.5)).isEqualTo(8);
        assertThat(HpaPolicy.recommend(obs(0, 1.0, 8, 4), 0.5)).isEqualTo(8);
        assertThat(HpaPolicy.recommend(obs(0, 1.0, 5, 4), 0.5)).isEqualTo(8);
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindow() {
        HpaPolicy hpa = new HpaPolicy(0.5, 300);
        assertThat(hpa.decide(obs(0, 0.5, 10, 10)).targetReplicas()).isEqualTo(10);
        // load halves: the recommendation is 5, but 10 is in the window for 300 s
        for (long t = 30; t <= 300; t += 30) {
            assertThat(hpa.decide(obs(t, 0.25, 10, 10)).targetReplicas())
                    .as("t=%d", t)
                    .isEqualTo(10);
        }
        assertThat(hpa.decide(obs(330, 0.25, 10, 10)).targetReplicas()).isEqualTo(5);
        HpaPolicy eager = new HpaPolicy(0.5, 0);
        assertThat(eager.decide(obs(0, 0.25, 10, 10)).targetReplicas()).isEqualTo(5);
    }

    @Test
    void resetForgetsTheWindow() {
        HpaPolicy hpa = new HpaPolicy(0.5, 300);
        hpa.decide(obs(0, 1.0, 10, 10));
        hpa.reset();
        assertThat(hpa.decide(obs(30, 0.25, 10, 10)).targetReplicas()).isEqualTo(5);
    }
}
