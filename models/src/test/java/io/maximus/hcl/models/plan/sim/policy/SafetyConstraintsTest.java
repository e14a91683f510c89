package io.maximus.hcl.models.plan.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.OperationalMode;
import org.junit.jupiter.api.Test;

class SafetyConstraintsTest {

    private final SafetyConstraints safety = new SafetyConstraints(1, 20, 8, 4, 0.1, 0.9, 80, 0.35, 0.45, 0.0005);

    private static Observation obs(double demand, double queue, int current) {
        return new Observation(
                0, demand, 0.5, queue, 100, 0.5, current, current, Double.NaN, 0, 0, OperationalMode.BALANCED);
    }

    @Test
    void anActionInsideTheLimitsPassesUntouched() {
        SafetyConstraints.Result r = safety.apply(new Action(6, 0.8, OperationalMode.BALANCED), obs(300, 0, 5));
        assertThat(r.action()).isEqualTo(new Action(6, 0.8, OperationalMode.BALANCED));
        assertThat(r.bound()).isEmpty();
    }

    @Test
    void cpuNeverBelowTenPercent() {
        SafetyConstraints.Result r =
                safety.apply(new Action(6, 0.02, OperationalMode.ENERGY_EFFICIENT), obs(300, 0, 5));
        assertThat(r.action().cpuLimit()).isEqualTo(0.1);
        assertThat(r.bound()).containsExactly(SafetyConstraints.CPU_MIN);
    }

    @Test
    void stepSizeAndBoundsAreClippedAndRecorded() {
        SafetyConstraints.Result up = safety.apply(new Action(30, 1, OperationalMode.BALANCED), obs(300, 0, 5));
        assertThat(up.action().targetReplicas()).isEqualTo(13);
        assertThat(up.bound()).containsExactly(SafetyConstraints.MAX_STEP);
        SafetyConstraints.Result down = safety.apply(new Action(1, 1, OperationalMode.BALANCED), obs(50, 0, 10));
        assertThat(down.action().targetReplicas()).isEqualTo(6);
        assertThat(down.bound()).containsExactly(SafetyConstraints.MAX_STEP);
        SafetyConstraints.Result ceiling = safety.apply(new Action(24, 1, OperationalMode.BALANCED), obs(300, 0, 18));
        assertThat(ceiling.action().targetReplicas()).isEqualTo(20);
        assertThat(ceiling.bound()).containsExactly(SafetyConstraints.REPLICA_BOUNDS);
    }

    @Test
    void memoryNeverAboveNinetyPercent() {
        // 4 replicas at 1000 req/s with a 2000-request queue: 0.35 + 0.45 + 0.25 = 1.05 > 0.9
        Observation o = obs(1000, 2000, 4);
        assertThat(safety.memory(o, 4)).isGreaterThan(0.9);
        SafetyConstraints.Result r = safety.apply(new Action(4, 1, OperationalMode.BALANCED), o);
        assertThat(r.bound()).containsExactly(SafetyConstraints.MEMORY_MAX);
        assertThat(safety.memory(o, r.action().targetReplicas())).isLessThanOrEqualTo(0.9);
        assertThat(safety.memory(o, r.action().targetReplicas() - 1)).isGreaterThan(0.9);
    }
}
