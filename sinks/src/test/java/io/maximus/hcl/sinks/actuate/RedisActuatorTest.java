package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/** The Redis actuator against a real redis-server started for the test. */
class RedisActuatorTest extends ActuatorContractTest {

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

    @BeforeEach
    void seed() {
        try (Jedis j = jedis()) {
            j.flushAll();
            for (int i = 0; i < 1200; i++) {
                j.set("session:" + i, "v" + i);
            }
            j.setex("session:ttl", 3600, "with-ttl");
            for (int i = 0; i < 50; i++) {
                j.set("product:" + i, "p" + i);
            }
            j.set("warm:existing", "keep-me");
        }
    }

    static Jedis jedis() {
        return new Jedis("127.0.0.1", redis.port());
    }

    @Override
    protected Actuator actuator(boolean dryRun) {
        return new RedisActuator(RedisActuator.Options.local(redis.port(), dryRun));
    }

    @Override
    protected Actuator fromEmptyEnvironment() {
        return new RedisActuator(RedisActuator.Options.fromEnv(new Env(Map.of())));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(
                new Action(ActionType.FLUSH_CACHE, "session:*", Map.of()),
                new Action(
                        ActionType.WARM_CACHE,
                        "warm:",
                        Map.of("values", Map.of("a", "1", "b", "2", "existing", "x"), "ttl_seconds", 600)));
    }

    @Override
    protected List<Action> invalidActions() {
        return List.of(
                new Action(ActionType.FLUSH_CACHE, "*", Map.of()),
                new Action(ActionType.FLUSH_CACHE, "", Map.of()),
                new Action(ActionType.WARM_CACHE, "warm:", Map.of()),
                new Action(ActionType.WARM_CACHE, "warm:", Map.of("keys", "not-a-list")));
    }

    /** Every key with its value (and whether it has a TTL) under the action's pattern or prefix. */
    @Override
    protected Object observe(Action action) {
        String pattern = action.type() == ActionType.FLUSH_CACHE ? action.target() : action.target() + "*";
        Map<String, String> out = new TreeMap<>();
        try (Jedis j = jedis()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = j.scan(cursor, new ScanParams().match(pattern).count(1000));
                cursor = page.getCursor();
                for (String k : page.getResult()) {
                    out.put(k, j.get(k) + (j.ttl(k) > 0 ? " (ttl)" : ""));
                }
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return out;
    }

    @Test
    void flushDeletesOnlyMatchingKeysAndTheSnapshotIsBounded() {
        try (RedisActuator a = new RedisActuator(
                new RedisActuator.Options("127.0.0.1", redis.port(), null, null, false, 100, 1000, 2000))) {
            Execution e = a.execute(new Action(ActionType.FLUSH_CACHE, "session:*", Map.of()));
            assertThat(e.success()).isTrue();
            assertThat(e.undo()).containsEntry("deleted", "1201").containsEntry("snapshot_complete", "false");
            try (Jedis j = jedis()) {
                assertThat(j.dbSize()).isEqualTo(51); // 50 product keys + warm:existing
                assertThat(j.get("product:7")).isEqualTo("p7");
            }
            Execution r = a.revert(e);
            assertThat(r.success()).isTrue();
            assertThat(r.detail()).startsWith("restored 1000 keys");
            try (Jedis j = jedis()) {
                assertThat(j.dbSize()).isEqualTo(1051);
            }
        }
    }

    @Test
    void revertKeepsValuesWrittenSinceTheFlush() {
        try (RedisActuator a = new RedisActuator(RedisActuator.Options.local(redis.port(), false))) {
            Execution e = a.execute(new Action(ActionType.FLUSH_CACHE, "product:*", Map.of()));
            try (Jedis j = jedis()) {
                j.set("product:3", "fresh");
            }
            Execution r = a.revert(e);
            assertThat(r.detail()).startsWith("restored 49 keys, kept 1");
            try (Jedis j = jedis()) {
                assertThat(j.get("product:3")).isEqualTo("fresh");
                assertThat(j.get("product:4")).isEqualTo("p4");
            }
        }
    }

    @Test
    void warmNeverOverwritesAndRevertDeletesOnlyWhatItCreated() {
        try (RedisActuator a = new RedisActuator(RedisActuator.Options.local(redis.port(), false))) {
            Execution e = a.execute(new Action(
                    ActionType.WARM_CACHE, "warm:", Map.of("keys", List.of("existing", "x", "y"), "value", "hot")));
            assertThat(e.detail()).startsWith("created 2 of 3");
            a.revert(e);
            try (Jedis j = jedis()) {
                assertThat(j.get("warm:existing")).isEqualTo("keep-me");
                assertThat(j.exists("warm:x", "warm:y")).isZero();
            }
        }
    }
}
