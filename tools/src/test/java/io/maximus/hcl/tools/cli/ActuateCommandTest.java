package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;

/** {@code hcl actuate} on a real redis-server: dry run by default, --execute acts, the safety rules apply. */
class ActuateCommandTest {

    @TempDir
    static Path dir;

    static RedisServerProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start(dir.resolve("redis"));
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    private JsonNode run(String planJson, String... args) throws Exception {
        Path plan = Files.writeString(Files.createTempFile(dir, "plan", ".json"), planJson);
        ActuateCommand cmd = new ActuateCommand();
        cmd.environment = Map.of("HCL_REDIS_PORT", Integer.toString(redis.port()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        cmd.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 4];
        all[0] = "--plan";
        all[1] = plan.toString();
        all[2] = "--actuators";
        all[3] = "redis";
        System.arraycopy(args, 0, all, 4, args.length);
        int code = new CommandLine(cmd).execute(all);
        JsonNode out = Json.MAPPER.readTree(bytes.toString(StandardCharsets.UTF_8));
        ((com.fasterxml.jackson.databind.node.ObjectNode) out).put("exit", code);
        return out;
    }

    @Test
    void dryRunUnlessExecuteThenActsAndTheRateLimitHolds() throws Exception {
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            j.set("s:1", "a");
            j.set("s:2", "b");
        }
        String plan = """
                [{"type": "flush_cache", "target": "s:*", "params": {}},
                 {"type": "flush_cache", "target": "t:*", "params": {}},
                 {"type": "drain_node", "target": "node-1", "params": {}},
                 {"type": "scale_deployment", "target": "shop/checkout", "params": {"replicas": 0}}]""";
        JsonNode dry = run(plan);
        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        JsonNode r = dry.get("results");
        assertThat(r.get(0).get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(r.get(0).get("call").asText()).contains("SCAN <cursor> MATCH s:*");
        assertThat(r.get(1).get("status").asText()).isEqualTo("DRY_RUN"); // a dry run does not count against the limit
        assertThat(r.get(2).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(r.get(3).get("status").asText()).isEqualTo("FAILED"); // no kubernetes actuator configured here
        assertThat(r.get(3).get("detail").asText()).contains("replicas 0 -> 1 (never below 1 replica)");
        assertThat(r.get(3).get("params").get("replicas").asInt()).isEqualTo(1);
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertThat(j.exists("s:1", "s:2")).isEqualTo(2);
        }

        JsonNode live = run(plan, "--execute");
        assertThat(live.get("dry_run").asBoolean()).isFalse();
        r = live.get("results");
        assertThat(r.get(0).get("status").asText()).isEqualTo("EXECUTED");
        assertThat(r.get(0).get("detail").asText()).startsWith("deleted 2 keys");
        assertThat(r.get(1).get("status").asText()).isEqualTo("DENIED");
        assertThat(r.get(1).get("detail").asText()).contains("rate limited");
        assertThat(live.get("exit").asInt()).isEqualTo(2);
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertThat(j.exists("s:1", "s:2")).isZero();
        }
    }

    @Test
    void readsAnObjectWithActionsTakenToo() throws Exception {
        JsonNode out = run("""
                {"actions_taken": [{"type": "warm_cache", "target": "w:", "params": {"keys": ["a"]}}]}""");
        assertThat(out.get("results").get(0).get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(out.get("exit").asInt()).isZero();
    }
}
