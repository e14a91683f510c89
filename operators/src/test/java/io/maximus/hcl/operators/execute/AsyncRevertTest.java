package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ActionLog;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.RevertRequest;
import io.maximus.hcl.sinks.execute.RollbackWatch;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The async reverter on Flink's operator harness with a recording actuator, an in-memory action log and a manual
 * clock: a revert request undoes the recorded execution once, a repeated request is answered from the log, and a
 * failed undo is reported as FAILED with the watcher's reason.
 */
class AsyncRevertTest {

    private static final long T = 1_767_225_600_000L;
    private static final Action SCALE = new Action(ActionType.SCALE_DEPLOYMENT, "shop/cart", Map.of("replicas", 4));

    private final ManualClock clock = new ManualClock(T + 62_000);
    private final RecordingActuator actuator = new RecordingActuator(clock, ActionType.SCALE_DEPLOYMENT);
    private final InMemoryActionLog log = new InMemoryActionLog();

    private List<ActionEvent> run(RevertRequest... requests) throws Exception {
        RecordingActuator a = actuator;
        InMemoryActionLog l = log;
        ExecuteConfig config = ExecuteConfig.defaults().withActuators(() -> List.of(a), false, () -> l);
        try (var h = new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(
                        new AsyncRevert(config, clock), 30_000, 10, AsyncDataStream.OutputMode.UNORDERED),
                TypeInformation.of(RevertRequest.class)
                        .createSerializer(new ExecutionConfig().getSerializerConfig()))) {
            h.open();
            for (RevertRequest r : requests) {
                h.processElement(new StreamRecord<>(r, T));
            }
            h.endInput();
            return h.extractOutputValues();
        }
    }

    private static RevertRequest request(String key) {
        Execution ex = new Execution(SCALE, true, "scale shop/cart to 4", "scaled", Map.of("previous", "2"), T, T + 10);
        RollbackWatch w = new RollbackWatch(
                "d-1",
                key,
                Scope.service("cart"),
                "cpu-high",
                T,
                Map.of("latency_p99", 100.0),
                Json.write(ex),
                T + 10,
                0,
                T);
        return new RevertRequest(w, "rolled back: latency_p99 worse by 30%", Map.of("latency_p99", 130.0), T + 60_000);
    }

    @Test
    void aHarmfulActionIsRevertedOnceWithTheWatchersReason() throws Exception {
        ActionEvent e = run(request("p1#0")).get(0);
        List<ActionEvent> again = run(request("p1#0"));

        assertThat(actuator.reverted).hasSize(1);
        assertThat(actuator.reverted.get(0).undo()).containsEntry("previous", "2");
        assertThat(e.result().status()).isEqualTo(ActionStatus.REVERTED);
        assertThat(e.path()).isEqualTo("revert");
        assertThat(e.result().detail()).startsWith("rolled back: latency_p99 worse by 30%; restored previous=2");
        assertThat(e.decisionId()).isEqualTo("d-1");
        assertThat(e.idempotencyKey()).isEqualTo("p1#0");
        assertThat(e.latencyMillis()).isEqualTo(2_000); // from the verdict (T+60 s) to the manual clock (T+62 s)
        assertThat(log.entries.get("p1#0#revert").state()).isEqualTo(ActionLog.State.DONE);

        assertThat(again.get(0).path()).isEqualTo("replayed");
        assertThat(again.get(0).result().status()).isEqualTo(ActionStatus.REVERTED);
    }

    @Test
    void aFailedUndoIsReportedAsFailed() throws Exception {
        actuator.failNextRevert("deployment gone");
        ActionEvent e = run(request("p2#0")).get(0);
        assertThat(e.result().status()).isEqualTo(ActionStatus.FAILED);
        assertThat(e.result().detail()).contains("rolled back: latency_p99").contains("deployment gone");
    }

    @Test
    void withoutTheActionLogNothingIsReverted() throws Exception {
        log.breakDown();
        ActionEvent e = run(request("p3#0")).get(0);
        assertThat(actuator.reverted).isEmpty();
        assertThat(e.result().status()).isEqualTo(ActionStatus.FAILED);
        assertThat(e.result().detail()).contains("revert failed");
        assertThat(e.result().finishedAt()).isEqualTo(T + 62_000);
    }
}
