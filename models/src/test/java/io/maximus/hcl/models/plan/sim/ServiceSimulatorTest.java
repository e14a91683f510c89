package io.maximus.hcl.models.plan.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.models.plan.sim.policy.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceSimulatorTest {

    private static final ServiceConfig CONFIG = ServiceConfig.defaults();

    private static Trace constant(double rps, int steps) {
        double[] v = new double[steps];
        Arrays.fill(v, rps);
        return new Trace("const", 0, CONFIG.stepSeconds(), v);
    }

    private static List<StepResult> run(Trace load, int replicas, long seed) {
        ServiceSimulator sim = new ServiceSimulator(CONFIG, load, replicas, seed);
        List<StepResult> out = new ArrayList<>();
        int i = 0;
        while (sim.hasNext()) {
            int target = i++ < 20 ? replicas : replicas + 2;
            out.add(sim.step(new Action(target, 1.0, OperationalMode.BALANCED)));
        }
        return out;
    }

    @Test
    void sameSeedSameRunOtherSeedOtherNoise() {
        Trace load = constant(500, 60);
        assertThat(run(load, 8, 7)).isEqualTo(run(load, 8, 7));
        assertThat(run(load, 8, 7)).isNotEqualTo(run(load, 8, 8));
    }

    @Test
    void latencyRisesSteeplyNearSaturation() {
        int c = 40;
        double mu = CONFIG.workerRate();
        double p50 = Queueing.responseQuantile(c, 0.5 * c * mu, mu, 0.99, 30);
        double p90 = Queueing.responseQuantile(c, 0.9 * c * mu, mu, 0.99, 30);
        double p99 = Queueing.responseQuantile(c, 0.99 * c * mu, mu, 0.99, 30);
        // at low load the p99 is the service time's own p99: ln(100) * 50 ms
        assertThat(p50).isCloseTo(Math.log(100) / mu, org.assertj.core.data.Offset.offset(0.01));
        assertThat(p90).isGreaterThan(p50);
        assertThat(p99 - p90).isGreaterThan(5 * (p90 - p50));
        // Erlang C sanity: one server, the wait probability is rho
        assertThat(Queueing.erlangC(1, 0.6)).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Queueing.tail(4, 100, 50, 0.0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void overloadBuildsABacklogThatDrainsAndViolatesTheSlo() {
        ServiceConfig quiet = new ServiceConfig(30, 4, 50, 90, 400, 30_000, 0.35, 0.45, 0.0005, 0.0, 1, 60);
        double[] v = new double[40];
        Arrays.fill(v, 0, 10, 100);
        Arrays.fill(v, 10, 20, 200); // 2.5x the 1 replica's 80 req/s
        Arrays.fill(v, 20, 40, 100);
        ServiceSimulator sim = new ServiceSimulator(quiet, new Trace("step", 0, 30, v), 2, 1);
        List<StepResult> r = new ArrayList<>();
        while (sim.hasNext()) {
            r.add(sim.step(new Action(2, 1.0, OperationalMode.BALANCED)));
        }
        assertThat(r.get(5).violated()).isFalse();
        assertThat(r.get(15).backlog()).isGreaterThan(r.get(11).backlog());
        assertThat(r.get(15).violated()).isTrue();
        assertThat(r.get(15).utilization()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.get(39).backlog()).isZero();
        assertThat(r.get(39).violated()).isFalse();
    }

    @Test
    void newReplicasServeOnlyAfterTheStartUpDelayButAreBilledAtOnce() {
        ServiceSimulator sim = new ServiceSimulator(CONFIG, constant(100, 10), 1, 3);
        StepResult first = sim.step(new Action(3, 1.0, OperationalMode.BALANCED));
        assertThat(first.replicas()).isEqualTo(3);
        assertThat(first.ready()).isEqualTo(1);
        StepResult second = sim.step(new Action(3, 1.0, OperationalMode.BALANCED));
        StepResult third = sim.step(new Action(3, 1.0, OperationalMode.BALANCED));
        StepResult fourth = sim.step(new Action(3, 1.0, OperationalMode.BALANCED));
        assertThat(second.ready()).isEqualTo(1);
        assertThat(third.ready()).isEqualTo(1);
        assertThat(fourth.ready()).as("ready 90 s after asking").isEqualTo(3);
        // scaling down cancels starting replicas first and removes ready ones at once
        StepResult down = sim.step(new Action(1, 1.0, OperationalMode.BALANCED));
        assertThat(down.ready()).isEqualTo(1);
        assertThat(down.replicas()).isEqualTo(1);
    }

    @Test
    void cpuLimitCapsThroughputAndMemoryGrowsWithLoad() {
        ServiceConfig quiet = new ServiceConfig(30, 4, 50, 90, 400, 30_000, 0.35, 0.45, 0.0005, 0.0, 1, 60);
        ServiceSimulator full = new ServiceSimulator(quiet, new Trace("c", 0, 30, new double[] {60, 60}), 1, 1);
        ServiceSimulator half = new ServiceSimulator(quiet, new Trace("c", 0, 30, new double[] {60, 60}), 1, 1);
        StepResult f = full.step(new Action(1, 1.0, OperationalMode.BALANCED));
        StepResult h = half.step(new Action(1, 0.5, OperationalMode.ENERGY_EFFICIENT));
        assertThat(f.violated()).isFalse();
        assertThat(h.served()).isLessThan(f.served());
        assertThat(h.utilization()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.backlog()).isPositive();
        ServiceSimulator light = new ServiceSimulator(quiet, new Trace("c", 0, 30, new double[] {10, 10}), 1, 1);
        assertThat(light.step(new Action(1, 1.0, OperationalMode.BALANCED)).memory())
                .isLessThan(f.memory());
    }
}
