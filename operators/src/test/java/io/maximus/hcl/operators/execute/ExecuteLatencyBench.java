package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.sinks.actuate.RedisServerProcess;
import io.maximus.hcl.sinks.execute.ActionEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Latency of each path through the execute stage (gate → async actuators → decision/event), at a steady arrival rate
 * that does not queue, against a real redis-server: executed (with the file action log), dry run (global), revert
 * (watcher's verdict → REVERTED). Not part of the normal run: {@code ./mvnw -o -pl sinks -am test
 * -Dtest=ExecuteLatencyBench -Dhcl.bench=true -Dsurefire.failIfNoSpecifiedTests=false [-Dhcl.bench.actions=200]
 * [-Dhcl.bench.step-ms=20]}. Prints one line per path.
 */
@EnabledIfSystemProperty(named = "hcl.bench", matches = "true")
class ExecuteLatencyBench {

    @TempDir
    Path dir;

    @Test
    void latencyPerPath() throws Exception {
        int n = Integer.getInteger("hcl.bench.actions", 200);
        long step = Long.getLong("hcl.bench.step-ms", 20);
        ExecuteHarness.Script script = new ExecuteHarness.Script(n, 0.25, 7, "lb:");
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"))) {
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                j.flushAll();
            }
            ExecuteHarness.run(
                    script,
                    ExecuteHarness.liveConfig(redis.port(), dir.resolve("log").toString()),
                    0,
                    step);
            List<ActionEvent> live = new ArrayList<>(ExecuteHarness.EVENTS);
            assertThat(live).anyMatch(e -> e.result().status() == ActionStatus.REVERTED);
            print("live", ExecuteStageFaultInjectionTest.percentiles(live));
            ExecuteHarness.run(
                    script,
                    ExecuteHarness.liveConfig(redis.port(), dir.resolve("log2").toString())
                            .withActuators(io.maximus.hcl.sinks.execute.ActuatorFactory.none(), true, null),
                    0,
                    step);
            print("dry", ExecuteStageFaultInjectionTest.percentiles(new ArrayList<>(ExecuteHarness.EVENTS)));
        }
    }

    private static void print(String run, Map<String, Map<String, Long>> p) {
        p.forEach((path, v) -> System.out.printf(
                "BENCH execute %-4s %-22s n=%d p50=%d ms p99=%d ms%n",
                run, path, v.get("n"), v.get("p50"), v.get("p99"))); // the benchmark's result output
    }
}
