package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ActionLog;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.RevertRequest;
import io.maximus.hcl.sinks.execute.RollbackWatch;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reverts the actions the rollback watcher found harmful, through the actuator registry, asynchronously and at most
 * once (the revert claims {@code <key>#revert} in the {@link ActionLog} first). Emits REVERTED (or FAILED) events.
 */
public class AsyncRevert extends ActuatingFunction<RevertRequest, ActionEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AsyncRevert.class);

    private transient org.apache.flink.metrics.Counter revertFailed;

    /** A reverter with the given configuration on the system clock. */
    public AsyncRevert(ExecuteConfig config) {
        this(config, Clock.systemUTC());
    }

    /** A reverter with the given configuration whose results are timed by {@code clock}. */
    public AsyncRevert(ExecuteConfig config, Clock clock) {
        super(config, clock);
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) throws Exception {
        super.open(ctx);
        revertFailed = getRuntimeContext()
                .getMetricGroup()
                .addGroup("verdict", "revert_failed")
                .counter("hcl_rollbacks_total", new org.apache.flink.metrics.ThreadSafeSimpleCounter());
    }

    @Override
    public void asyncInvoke(RevertRequest in, ResultFuture<ActionEvent> rf) {
        CompletableFuture.supplyAsync(() -> revert(in), executor).whenComplete((e, err) -> {
            ActionEvent out = e != null ? e : event(in, failed(in, "revert error: " + err), "revert");
            if (out.result().status() == io.maximus.hcl.core.ActionStatus.FAILED) {
                revertFailed.inc();
            }
            rf.complete(List.of(out));
        });
    }

    @Override
    public void timeout(RevertRequest in, ResultFuture<ActionEvent> rf) {
        rf.complete(List.of(event(
                in,
                failed(
                        in,
                        "revert timed out after " + config.timeout().toMillis()
                                + " ms; it may still finish (see the action log)"),
                "revert")));
    }

    private ActionEvent revert(RevertRequest in) {
        RollbackWatch w = in.watch();
        String key = w.idempotencyKey() + "#revert";
        try {
            Optional<ActionLog.Entry> prior = log.claim(key);
            if (prior.isPresent()) {
                ActionLog.Entry e = prior.get();
                ActionResult done = e.state() == ActionLog.State.DONE
                        ? Json.read(e.result(), ActionResult.class)
                        : failed(in, "not repeated: an earlier revert attempt was interrupted (see the action log)");
                LOG.info("revert of {} already in the action log: not repeated", w.idempotencyKey());
                return event(in, done, "replayed");
            }
            Execution ex = Json.read(w.execution(), Execution.class);
            ActionResult r = registry.revert(ex);
            r = new ActionResult(
                    r.action(),
                    r.status(),
                    false,
                    r.call(),
                    in.reason() + "; " + r.detail(),
                    r.startedAt(),
                    r.finishedAt());
            log.complete(key, r, null);
            LOG.info("reverted {} ({}): {}", w.idempotencyKey(), r.status(), r.detail());
            return event(in, r, "revert");
        } catch (Exception e) {
            LOG.error("revert of {} failed", w.idempotencyKey(), e);
            return event(in, failed(in, "revert failed: " + e.getMessage()), "revert");
        }
    }

    private ActionResult failed(RevertRequest in, String why) {
        long now = clock.millis();
        Execution ex = Json.read(in.watch().execution(), Execution.class);
        return new ActionResult(
                ex.action(), ActionStatus.FAILED, false, "", in.reason() + "; " + why, in.firedAt(), now);
    }

    private ActionEvent event(RevertRequest in, ActionResult r, String path) {
        RollbackWatch w = in.watch();
        return new ActionEvent(
                w.decisionId(),
                w.idempotencyKey(),
                w.scope(),
                w.actionTime(),
                w.rule(),
                r,
                path,
                clock.millis() - in.firedAt());
    }
}
