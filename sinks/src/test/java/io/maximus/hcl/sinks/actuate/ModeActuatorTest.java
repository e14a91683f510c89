package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** set_mode against Debian's redis-server and pgbouncer (in front of a real PostgreSQL) and a real mode folder. */
class ModeActuatorTest extends ActuatorContractTest {

    private static final long REDIS_MEMORY = 200L * 1024 * 1024;

    @TempDir
    static Path dir;

    static RedisServerProcess redis;
    static PgBouncerProcess bouncer;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start(dir.resolve("redis"));
        bouncer = PgBouncerProcess.start(PostgresFixture.shared().port());
    }

    @AfterAll
    static void stop() {
        if (bouncer != null) {
            bouncer.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static ModeActuator.Options options(Set<ModeActuator.Knob> knobs, boolean dryRun) {
        return new ModeActuator.Options(
                knobs,
                dryRun,
                dir.resolve("modes"),
                RedisActuator.Options.local(redis.port(), true),
                REDIS_MEMORY,
                new PgBouncerActuator.Options(
                        "127.0.0.1",
                        bouncer.port(),
                        "hcl",
                        null,
                        true,
                        TestBinaries.require("psql", "/usr/bin/psql").toString()));
    }

    @Override
    protected Actuator actuator(boolean dryRun) {
        return new ModeActuator(options(Set.of(ModeActuator.Knob.values()), dryRun));
    }

    @Override
    protected Actuator fromEmptyEnvironment() {
        return new ModeActuator(ModeActuator.Options.fromEnv(new Env(Map.of())));
    }

    private static Action highPerformance() {
        return new Action(
                ActionType.SET_MODE,
                "checkout",
                Map.of(
                        "mode",
                        "HIGH_PERFORMANCE",
                        "redis_maxmemory_percent",
                        80,
                        "pool_size",
                        40,
                        "log_level",
                        "ERROR",
                        "background_work",
                        false));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(highPerformance());
    }

    @Override
    protected List<Action> invalidActions() {
        return List.of(
                new Action(ActionType.SET_MODE, "checkout", Map.of("mode", "TURBO", "pool_size", 5)),
                new Action(ActionType.SET_MODE, "checkout", Map.of("pool_size", 5)),
                new Action(ActionType.SET_MODE, "../../etc/passwd", Map.of("mode", "BALANCED")),
                new Action(ActionType.SET_MODE, "checkout", Map.of("mode", "BALANCED", "pool_size", 0)),
                new Action(ActionType.SET_MODE, "checkout", Map.of("mode", "BALANCED", "pool_size", "5; SHUTDOWN")),
                new Action(ActionType.SET_MODE, "checkout", Map.of("mode", "BALANCED", "redis_maxmemory_percent", 101)),
                new Action(ActionType.SET_MODE, "checkout", Map.of("mode", "BALANCED", "log_level", "LOUD")));
    }

    /** Redis maxmemory, pgbouncer's default pool size and the service's mode file. */
    @Override
    protected Object observe(Action action) throws Exception {
        List<String> out = new ArrayList<>();
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            out.add("maxmemory=" + j.configGet("maxmemory").get("maxmemory"));
        }
        out.add("pool="
                + new PgBouncerActuator(options(Set.of(), true).pgbouncer())
                        .console()
                        .config()
                        .get("default_pool_size"));
        Path f = dir.resolve("modes").resolve(action.target() + ".json");
        out.add("file=" + (Files.exists(f) ? Files.readString(f) : "<none>"));
        return out;
    }

    @Test
    void appliesTheModesSettingsOnEachSystem() throws Exception {
        try (ModeActuator a = new ModeActuator(options(Set.of(ModeActuator.Knob.values()), false))) {
            Execution e = a.execute(highPerformance());
            assertThat(e.success()).as(e.detail()).isTrue();
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                assertThat(j.configGet("maxmemory").get("maxmemory")).isEqualTo(Long.toString(REDIS_MEMORY * 80 / 100));
            }
            assertThat(new PgBouncerActuator(options(Set.of(), true).pgbouncer())
                            .console()
                            .config())
                    .containsEntry("default_pool_size", "40");
            assertThat(Files.readString(dir.resolve("modes/checkout.json")).strip())
                    .isEqualTo("{\"mode\":\"HIGH_PERFORMANCE\",\"log_level\":\"ERROR\",\"background_work\":false}");
            assertThat(a.verify(e).ok()).isTrue();
            assertThat(a.revert(e).success()).isTrue();
        }
    }

    @Test
    void aFailingKnobPutsBackTheOnesAlreadyTurned() throws Exception {
        // pgbouncer on a port nothing listens on: the file is written first, then the Redis setting, then the
        // pool fails; both earlier knobs must be restored
        PgBouncerActuator.Options dead =
                new PgBouncerActuator.Options("127.0.0.1", TestBinaries.freePort(), "hcl", null, true, "/usr/bin/psql");
        ModeActuator.Options o = new ModeActuator.Options(
                Set.of(ModeActuator.Knob.values()),
                false,
                dir.resolve("modes"),
                RedisActuator.Options.local(redis.port(), true),
                REDIS_MEMORY,
                dead);
        Object before = observe(highPerformance());
        try (ModeActuator a = new ModeActuator(o)) {
            Execution e = a.execute(highPerformance());
            assertThat(e.success()).isFalse();
            assertThat(e.detail()).contains("restored");
        }
        assertThat(observe(highPerformance())).isEqualTo(before);
    }

    @Test
    void onlyTheConfiguredKnobsAreTouchedAndNothingConfiguredIsRefused() throws Exception {
        try (ModeActuator fileOnly = new ModeActuator(options(Set.of(ModeActuator.Knob.FILE), false));
                ActuatorRegistry live = new ActuatorRegistry(List.of(fileOnly), false)) {
            Object before = observe(highPerformance());
            Attempt at = live.run(highPerformance());
            assertThat(at.result().status()).isEqualTo(ActionStatus.EXECUTED);
            @SuppressWarnings("unchecked")
            List<String> after = (List<String>) observe(highPerformance());
            @SuppressWarnings("unchecked")
            List<String> was = (List<String>) before;
            assertThat(after.get(0)).isEqualTo(was.get(0)); // Redis untouched
            assertThat(after.get(1)).isEqualTo(was.get(1)); // pool untouched
            assertThat(after.get(2)).contains("HIGH_PERFORMANCE");
            live.revert(at.execution());
        }
        try (ModeActuator none = new ModeActuator(ModeActuator.Options.fromEnv(new Env(Map.of())))) {
            assertThat(none.validate(highPerformance())).anyMatch(p -> p.contains("HCL_MODE_APPLY"));
        }
    }

    @Test
    void knobsComeFromTheEnvironment() {
        ModeActuator.Options o = ModeActuator.Options.fromEnv(new Env(Map.of(
                "HCL_MODE_APPLY", "file, redis",
                "HCL_MODE_DIR", "/run/hcl/modes",
                "HCL_MODE_REDIS_MEMORY_BYTES", "8589934592")));
        assertThat(o.knobs()).containsExactlyInAnyOrder(ModeActuator.Knob.FILE, ModeActuator.Knob.REDIS);
        assertThat(o.redisMemoryBytes()).isEqualTo(8_589_934_592L);
        assertThat(o.dryRun()).isTrue();
        assertThat(o.pgbouncer()).isNull();
    }
}
