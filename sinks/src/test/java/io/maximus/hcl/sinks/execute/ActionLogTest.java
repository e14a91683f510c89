package io.maximus.hcl.sinks.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.actuate.PostgresFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both action logs: one claim wins among concurrent claimers (and across re-opened logs), outcomes read back. */
class ActionLogTest {

    @TempDir
    Path dir;

    private static final Action ACTION = new Action(ActionType.WARM_CACHE, "p:", Map.of("keys", List.of("a")));

    @Test
    void fileLogOneClaimWinsAndTheOutcomeSurvivesReopening() throws Exception {
        contract(() -> new FileActionLog(dir.resolve("log")));
    }

    @Test
    void jdbcLogOneClaimWinsAndTheOutcomeSurvivesReopening() throws Exception {
        PostgresFixture pg = PostgresFixture.shared();
        contract(() -> new JdbcActionLog(pg.url(), "postgres", ""));
    }

    private void contract(Callable<ActionLog> open) throws Exception {
        String key = "plan-" + System.nanoTime() + "#0";
        int claimers = 8;
        List<ActionLog> logs = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
            logs.add(open.call()); // separate instances, as after a restart or on several task managers
        }
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<Optional<ActionLog.Entry>>> claims = new ArrayList<>();
        for (ActionLog log : logs) {
            claims.add(pool.submit(() -> log.claim(key)));
        }
        int won = 0;
        for (Future<Optional<ActionLog.Entry>> f : claims) {
            Optional<ActionLog.Entry> e = f.get();
            if (e.isEmpty()) {
                won++;
            } else {
                assertThat(e.get().state()).isEqualTo(ActionLog.State.CLAIMED);
            }
        }
        pool.shutdown();
        assertThat(won).as("exactly one claimer owns the key").isEqualTo(1);

        // The owner records its intent; a claimer that comes after an interruption reads it back.
        logs.get(0).intend(key, Json.write(ACTION));
        ActionLog.Entry interrupted = logs.get(1).claim(key).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(ActionLog.State.CLAIMED);
        assertThat(Json.read(interrupted.intent(), io.maximus.hcl.core.Action.class))
                .isEqualTo(ACTION);

        ActionResult r =
                new ActionResult(ACTION, ActionStatus.EXECUTED, false, "redis SET", "created 1 of 1 keys", 1L, 2L);
        Execution ex = Execution.ok(ACTION, "redis SET", "created 1", Map.of("created", "YQ=="), 1L);
        logs.get(0).complete(key, r, ex);
        for (ActionLog log : logs) {
            log.close();
        }
        try (ActionLog again = open.call()) {
            ActionLog.Entry e = again.claim(key).orElseThrow();
            assertThat(e.state()).isEqualTo(ActionLog.State.DONE);
            assertThat(Json.read(e.result(), ActionResult.class)).isEqualTo(r);
            assertThat(Json.read(e.execution(), Execution.class).undo()).containsEntry("created", "YQ==");
            assertThat(again.claim("other-" + key)).isEmpty();
        }
    }
}
