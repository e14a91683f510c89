package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker actuator latency (call → verified effect), p50/p99, against podman's Engine API. Not part of the normal run:
 * {@code ./mvnw -o -pl sinks test -Dtest=DockerLatencyBench -Dhcl.bench=true [-Dhcl.bench.runs=20]}.
 */
@EnabledIfSystemProperty(named = "hcl.bench", matches = "true")
class DockerLatencyBench {

    @TempDir
    Path dir;

    @Test
    void latencies() throws Exception {
        int runs = Integer.getInteger("hcl.bench.runs", 20);
        try (PodmanService podman = PodmanService.start(dir.resolve("podman"));
                ActuatorRegistry reg = new ActuatorRegistry(
                        List.of(new DockerActuator(new DockerActuator.Options(podman.host(), false, 30_000, 1))),
                        false)) {
            String c = podman.runSleeper("hcl-bench");
            report("docker update_container_resources", runs, () -> {
                long t0 = System.nanoTime();
                Attempt at = reg.run(
                        new Action(ActionType.UPDATE_CONTAINER_RESOURCES, c, Map.of("cpus", 0.5, "memory", "64Mi")));
                double ms = (System.nanoTime() - t0) / 1e6;
                assertThat(at.result().status()).as(at.result().detail()).isEqualTo(ActionStatus.EXECUTED);
                assertThat(at.verification().ok()).isTrue();
                assertThat(reg.revert(at.execution()).status()).isEqualTo(ActionStatus.REVERTED); // not timed
                return ms;
            });
            report("docker restart_container", runs, () -> {
                long t0 = System.nanoTime();
                Attempt at = reg.run(new Action(ActionType.RESTART_CONTAINER, c, Map.of("timeout_seconds", 0)));
                assertThat(at.result().status()).as(at.result().detail()).isEqualTo(ActionStatus.EXECUTED);
                assertThat(at.verification().ok()).isTrue();
                return (System.nanoTime() - t0) / 1e6;
            });
        }
    }

    /** Runs {@code once} (which returns the milliseconds of call + verified effect) and prints p50/p99. */
    private static void report(String name, int runs, java.util.function.DoubleSupplier once) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = once.getAsDouble();
        }
        Arrays.sort(ms);
        System.out.printf(
                "BENCH %-36s runs=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
                name, runs, ms[(int) Math.ceil(0.50 * runs) - 1], ms[(int) Math.ceil(0.99 * runs) - 1], ms[runs - 1]);
    }
}
