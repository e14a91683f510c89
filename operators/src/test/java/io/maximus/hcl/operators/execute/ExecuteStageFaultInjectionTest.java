package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.RedisServerProcess;
import io.maximus.hcl.sinks.execute.ActionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * The execute stage against a real redis-server on a local Flink cluster: every action's effect happens exactly once
 * although the job is killed mid-stream and restarted from its checkpoint, and the actions made to hurt are rolled
 * back (and only those). Writes its figures to {@code target/execute-fault-injection.json}.
 * {@code -Dhcl.harness.actions=N} runs a bigger script (default 120).
 */
class ExecuteStageFaultInjectionTest {

    private static final Logger LOG = LoggerFactory.getLogger(ExecuteStageFaultInjectionTest.class);

    @TempDir
    static Path dir;

    static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start(dir.resolve("redis"));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void killedMidStreamNoActionRunsTwiceAndWhatHurtIsRolledBack() throws Exception {
        int n = Integer.getInteger("hcl.harness.actions", 120);
        ExecuteHarness.Script script = new ExecuteHarness.Script(n, 0.25, 42, "fi:");
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            j.flushAll();
            j.configResetStat();
        }
        long started = System.nanoTime();
        ExecuteHarness.run(
                script,
                ExecuteHarness.liveConfig(
                        redis.port(), dir.resolve("action-log").toString()),
                n / 2,
                4);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<ActionEvent> events = new ArrayList<>(ExecuteHarness.EVENTS);

        Set<Integer> hurt = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (script.hurts(i)) {
                hurt.add(i);
            }
        }
        long sets;
        long dels;
        Set<Integer> present = new java.util.TreeSet<>();
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            Map<String, Long> calls = commandCalls(j.info("commandstats"));
            sets = calls.getOrDefault("set", 0L);
            dels = calls.getOrDefault("del", 0L);
            for (int i = 0; i < n; i++) {
                if (j.exists(script.key(i))) {
                    present.add(i);
                }
            }
        }
        Set<Integer> reverted = events.stream()
                .filter(e -> e.result().status() == ActionStatus.REVERTED)
                .map(e -> index(e.idempotencyKey()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        long replayed = events.stream().filter(e -> e.path().equals("replayed")).count();
        long rolledBackCorrectly = reverted.stream().filter(hurt::contains).count();
        long falseRollbacks = reverted.stream().filter(i -> !hurt.contains(i)).count();
        // Executed twice: more SETs than actions on the real server (each action sets one new key exactly once).
        long executedTwice = sets - n;

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("actions", n);
        figures.put("hurting", hurt.size());
        figures.put("rolled_back_correctly", rolledBackCorrectly);
        figures.put("share_rolled_back", hurt.isEmpty() ? 1.0 : (double) rolledBackCorrectly / hurt.size());
        figures.put("false_rollbacks", falseRollbacks);
        figures.put("redis_set_calls", sets);
        figures.put("redis_del_calls", dels);
        figures.put("executed_twice", executedTwice);
        figures.put("events_replayed_from_action_log", replayed);
        figures.put("restarted", ExecuteHarness.FailOnce.failed);
        figures.put("latency_ms_by_path", percentiles(events));
        figures.put("wall_seconds", Math.round(seconds * 10) / 10.0);
        String json = Json.write(figures);
        LOG.info("execute fault injection: {}", json);
        Files.writeString(Path.of("target", "execute-fault-injection.json"), json);

        assertThat(ExecuteHarness.FailOnce.failed)
                .as("the job was killed once mid-stream")
                .isTrue();
        assertThat(replayed)
                .as("actions after the checkpoint came again and were found in the action log")
                .isPositive();
        assertThat(sets)
                .as("each warm_cache SET ran exactly once on the real server")
                .isEqualTo(n);
        assertThat(reverted).as("exactly the actions that hurt were reverted").isEqualTo(hurt);
        assertThat(dels).as("each revert ran exactly once").isEqualTo(hurt.size());
        Set<Integer> kept = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (!hurt.contains(i)) {
                kept.add(i);
            }
        }
        assertThat(present)
                .as("keys of harmless actions stay, keys of reverted ones are gone")
                .isEqualTo(kept);
        assertThat(hurt.size()).isBetween(n / 8, n / 2);
    }

    static int index(String idempotencyKey) {
        String k = idempotencyKey.substring(idempotencyKey.lastIndexOf(':') + 1);
        return Integer.parseInt(k.substring(0, k.indexOf('#')));
    }

    static Map<String, Long> commandCalls(String info) {
        Map<String, Long> out = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String calls = line.substring(line.indexOf("calls=") + 6);
                out.put(name, Long.parseLong(calls.substring(0, calls.indexOf(','))));
            }
        }
        return out;
    }

    /** p50/p99 of each path's latency, in milliseconds. */
    static Map<String, Map<String, Long>> percentiles(List<ActionEvent> events) {
        Map<String, List<Long>> by = new TreeMap<>();
        for (ActionEvent e : events) {
            by.computeIfAbsent(e.path() + "/" + e.result().status(), k -> new ArrayList<>())
                    .add(e.latencyMillis());
        }
        Map<String, Map<String, Long>> out = new TreeMap<>();
        by.forEach((k, v) -> {
            Collections.sort(v);
            out.put(
                    k,
                    Map.of(
                            "n",
                            (long) v.size(),
                            "p50",
                            v.get((int) Math.floor(0.5 * (v.size() - 1))),
                            "p99",
                            v.get((int) Math.floor(0.99 * (v.size() - 1)))));
        });
        return out;
    }
}
