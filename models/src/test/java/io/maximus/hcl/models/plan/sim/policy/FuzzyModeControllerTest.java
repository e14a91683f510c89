package io.maximus.hcl.models.plan.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.maximus.hcl.core.OperationalMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FuzzyModeControllerTest {

    @Test
    void triangularMembershipsOfTheSeed() {
        assertThat(FuzzyModeController.memberships(0)).containsExactly(1, 0, 0);
        assertThat(FuzzyModeController.memberships(25)).containsExactly(0.5, 0, 0);
        assertThat(FuzzyModeController.memberships(50)).containsExactly(0, 1, 0);
        assertThat(FuzzyModeController.memberships(62.5)).containsExactly(new double[] {0, 0.5, 0.25}, offset(1e-12));
        assertThat(FuzzyModeController.memberships(100)).containsExactly(0, 0, 1);
        assertThat(FuzzyModeController.memberships(150)).containsExactly(0, 0, 1);
    }

    @Test
    void centroidDefuzzification() {
        assertThat(FuzzyModeController.centroid(1, 0, 0)).isCloseTo(1.0 / 3, offset(5e-3)); // discretized on 201 points
        assertThat(FuzzyModeController.centroid(0, 1, 0)).isCloseTo(1.0, offset(1e-9));
        assertThat(FuzzyModeController.centroid(0, 0, 1)).isCloseTo(5.0 / 3, offset(5e-3));
        assertThat(FuzzyModeController.centroid(0, 0, 0)).isEqualTo(1.0);
        // equal strengths of the two outer sets balance in the middle
        assertThat(FuzzyModeController.centroid(0.5, 0, 0.5)).isCloseTo(1.0, offset(1e-9));
    }

    @Test
    void rulesPickTheSeedsModes() {
        assertThat(FuzzyModeController.infer(95, 0, 0)).isGreaterThan(1.3); // high traffic
        assertThat(FuzzyModeController.infer(10, 95, 0)).isGreaterThan(1.3); // critical alert
        assertThat(FuzzyModeController.infer(10, 0, 95)).isGreaterThan(1.3); // SLA risk
        assertThat(FuzzyModeController.infer(5, 0, 0)).isLessThan(0.7); // quiet
        assertThat(FuzzyModeController.infer(50, 10, 10)).isBetween(0.85, 1.15);
        FuzzyModeController c = new FuzzyModeController(600);
        assertThat(c.decide(0, 95, 0, 0)).isEqualTo(OperationalMode.BALANCED); // one decision: not yet
        assertThat(c.decide(30, 95, 0, 0)).isEqualTo(OperationalMode.HIGH_PERFORMANCE); // confirmed
    }

    @Test
    void noisyConstantInputDoesNotFlap() {
        // traffic hovering around the HIGH_PERFORMANCE entry threshold (output ~1.3) with noise
        SplittableRandom r = new SplittableRandom(5);
        for (double level : new double[] {5, 25, 50, 62, 70, 80}) {
            FuzzyModeController c = new FuzzyModeController(600);
            int changes = 0;
            OperationalMode last = c.mode();
            for (int i = 0; i < 2880; i++) {
                OperationalMode m = c.decide(
                        i * 30L, level + 8 * r.nextGaussian(), 5 + 3 * r.nextGaussian(), 10 + 5 * r.nextGaussian());
                if (m != last) {
                    changes++;
                    last = m;
                }
            }
            assertThat(changes).as("changes in a day at traffic %s", level).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void downwardChangesWaitTheDwell() {
        FuzzyModeController c = new FuzzyModeController(600);
        c.decide(0, 95, 0, 0);
        c.decide(30, 95, 0, 0);
        assertThat(c.mode()).isEqualTo(OperationalMode.HIGH_PERFORMANCE);
        long t = 60;
        while (c.decide(t, 5, 0, 0) == OperationalMode.HIGH_PERFORMANCE) {
            t += 30;
        }
        assertThat(t - 30).isGreaterThanOrEqualTo(600);
    }
}
