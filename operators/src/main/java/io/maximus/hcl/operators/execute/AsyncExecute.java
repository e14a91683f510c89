package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.Secrets;
import io.maximus.hcl.sinks.actuate.Actuator;
import io.maximus.hcl.sinks.actuate.Attempt;
import io.maximus.hcl.sinks.actuate.Execution;
import io.maximus.hcl.sinks.actuate.Verification;
import io.maximus.hcl.sinks.execute.ActionLog;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.DryRunDescriber;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.GatedAction;
import io.maximus.hcl.sinks.execute.GatedPlan;
import io.maximus.hcl.sinks.execute.PlanOutcome;
import io.maximus.hcl.sinks.safety.WebhookNotifier;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs gated plans through the actuators asynchronously (Flink async I/O): one plan's actions in order on a pool
 * thread, so a slow system delays only its own plans. An action that will really be executed first claims its
 * idempotency key in the {@link ActionLog} and records its intent right before the actuator call; a key already claimed
 * is never executed again (its recorded outcome is returned instead, path {@code replayed}; a claim an interrupted
 * attempt left without outcome is reconciled with the system, see {@link ActionLog}). Dry runs describe the exact call and touch nothing. An action waiting for
 * approval is announced on the Slack-compatible webhook named by {@code HCL_APPROVAL_WEBHOOK_URL}, when set.
 */
public class AsyncExecute extends ActuatingFunction<GatedPlan, PlanOutcome> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AsyncExecute.class);

    private transient WebhookNotifier notifier;
    private transient java.util.concurrent.ConcurrentHashMap<String, CompletableFuture<?>> tails;

    /** An executor with the given configuration on the system clock. */
    public AsyncExecute(ExecuteConfig config) {
        this(config, Clock.systemUTC());
    }

    /** An executor with the given configuration whose results are timed by {@code clock}. */
    public AsyncExecute(ExecuteConfig config, Clock clock) {
        super(config, clock);
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        super.open(ctx);
        tails = new java.util.concurrent.ConcurrentHashMap<>();
        String url = Secrets.read(System.getenv(), "HCL_APPROVAL_WEBHOOK_URL");
        notifier = url == null || url.isBlank()
                ? null
                : new WebhookNotifier(
                        URI.create(url),
                        config.webhook().timeout(),
                        config.webhook().attempts(),
                        config.webhook().backoff());
    }

    @Override
    public void asyncInvoke(GatedPlan in, ResultFuture<PlanOutcome> rf) {
        // One scope's plans run one after another, in arrival order (two changes to one deployment must not race);
        // different scopes run in parallel on the pool, so a slow system delays only its own scopes.
        String scope = in.plan().scope().key();
        CompletableFuture<PlanOutcome> f = new CompletableFuture<>();
        CompletableFuture<?> prev = tails.put(scope, f);
        (prev == null ? CompletableFuture.completedFuture(null) : prev)
                .handleAsync((x, e) -> run(in), executor)
                .whenComplete((o, e) -> {
                    tails.remove(scope, f);
                    if (e != null) {
                        f.completeExceptionally(e);
                    } else {
                        f.complete(o);
                    }
                });
        f.whenComplete((o, err) -> {
            if (err != null) {
                LOG.error("execute stage failed on plan {}", in.plan().idempotencyKey(), err);
                rf.complete(List.of(failed(in, "execute stage error: " + err)));
            } else {
                rf.complete(List.of(o));
            }
        });
    }

    @Override
    public void timeout(GatedPlan in, ResultFuture<PlanOutcome> rf) {
        LOG.warn(
                "plan {} timed out after {} ms in the actuators",
                in.plan().idempotencyKey(),
                config.timeout().toMillis());
        rf.complete(List.of(failed(
                in,
                "timed out after " + config.timeout().toMillis()
                        + " ms; the call may still finish: its outcome is recorded in the action log")));
    }

    /** Runs one gated plan; never throws. */
    PlanOutcome run(GatedPlan gp) {
        List<ActionResult> results = new ArrayList<>();
        List<String> executions = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (GatedAction g : gp.actions()) {
            long start = clock.millis();
            Action a = g.action();
            String path = g.path();
            String execution = "";
            ActionResult r;
            boolean live = registry.willExecute(a.type());
            switch (g.gate()) {
                case REFUSED ->
                    r = new ActionResult(a, ActionStatus.DENIED, !live, describe(a), g.detail(), start, clock.millis());
                case AWAITING_APPROVAL -> {
                    r = new ActionResult(
                            a,
                            ActionStatus.AWAITING_APPROVAL,
                            false,
                            describe(a),
                            g.detail() + "; approval id " + g.idempotencyKey(),
                            start,
                            clock.millis());
                    if (notifier != null) {
                        notifier.notify("HCL: " + a.type().wireName() + " on " + a.target() + " for "
                                + gp.plan().scope().key() + " waits for approval (" + g.detail() + "). Why: "
                                + gp.plan().trigger() + ". Approval id: " + g.idempotencyKey()
                                + "; answer with POST /approvals/"
                                + ApprovalAnswer.rowId(g.idempotencyKey()) + "/approve or /deny");
                    }
                }
                default -> {
                    if (!live) {
                        r = dryRun(a, start);
                    } else {
                        String[] exec = new String[1];
                        String[] p = new String[] {path};
                        r = executeOnce(g, exec, p);
                        execution = exec[0];
                        path = p[0];
                    }
                    if (!g.detail().isEmpty()) {
                        r = new ActionResult(
                                r.action(),
                                r.status(),
                                r.dryRun(),
                                r.call(),
                                g.detail() + "; " + r.detail(),
                                r.startedAt(),
                                r.finishedAt());
                    }
                }
            }
            results.add(r);
            executions.add(execution);
            paths.add(path);
        }
        return new PlanOutcome(gp, results, executions, paths, clock.millis());
    }

    private ActionResult dryRun(Action a, long start) {
        if (registry.actuatorFor(a.type()).isPresent()) {
            return registry.run(a).result(); // the actuator's own exact call, DRY_RUN (or FAILED when invalid)
        }
        if (registry.globalDryRun()) {
            return new ActionResult(
                    a,
                    ActionStatus.DRY_RUN,
                    true,
                    DryRunDescriber.describe(a),
                    "dry run (global): nothing was changed",
                    start,
                    clock.millis());
        }
        return new ActionResult(
                a,
                ActionStatus.FAILED,
                true,
                DryRunDescriber.describe(a),
                "no actuator configured for " + a.type().wireName(),
                start,
                clock.millis());
    }

    private ActionResult executeOnce(GatedAction g, String[] execution, String[] path) {
        Action a = g.action();
        long start = clock.millis();
        execution[0] = "";
        String key = g.idempotencyKey();
        Optional<ActionLog.Entry> prior;
        try {
            prior = log.claim(key);
        } catch (Exception ex) {
            LOG.error("action log unavailable for {}: not executing", key, ex);
            return new ActionResult(
                    a,
                    ActionStatus.FAILED,
                    false,
                    describe(a),
                    "not executed: action log " + "unavailable: " + ex.getMessage(),
                    start,
                    clock.millis());
        }
        if (prior.isEmpty()) {
            Attempt at = registry.run(a, resolved -> log.intend(key, Json.write(resolved)));
            ActionResult r = at.result();
            try {
                log.complete(key, r, at.execution());
            } catch (Exception ex) {
                // The outcome is known here; only its record is missing. A replay finds the claim with its intent and
                // reconciles it with the system; this result says what happened.
                LOG.error(
                        "action {} ran ({}) but its outcome could not be recorded in the action log",
                        key,
                        r.status(),
                        ex);
                r = new ActionResult(
                        r.action(),
                        r.status(),
                        r.dryRun(),
                        r.call(),
                        r.detail() + "; outcome NOT recorded in the action log (" + ex.getMessage()
                                + "): a replay reconciles it with the system",
                        r.startedAt(),
                        r.finishedAt());
            }
            Optional<Actuator> act = registry.actuatorFor(a.type());
            if (at.execution() != null
                    && r.status() == ActionStatus.EXECUTED
                    && act.isPresent()
                    && act.get().revertible(a.type())) {
                execution[0] = Json.write(at.execution());
            }
            return r;
        }
        path[0] = "replayed";
        ActionLog.Entry e = prior.get();
        if (e.state() == ActionLog.State.CLAIMED) {
            return reconcile(g, e, start);
        }
        LOG.info("action {} already executed (action log): not repeated", key);
        ActionResult done = Json.read(e.result(), ActionResult.class);
        execution[0] = e.execution() == null ? "" : e.execution();
        return new ActionResult(
                done.action(),
                done.status(),
                done.dryRun(),
                done.call(),
                "not repeated, already done (action log): " + done.detail(),
                done.startedAt(),
                done.finishedAt());
    }

    /**
     * An action claimed by an earlier attempt that left no outcome (the task died between claim and record): never
     * executed again. Without an intent, the attempt stopped before calling the actuator: not executed. With one, the
     * actuator may have run: its read-back of the intended action decides (EXECUTED when the system shows the effect,
     * FAILED "not executed" when it does not). The reconciled outcome is recorded, so every later replay says the same.
     */
    private ActionResult reconcile(GatedAction g, ActionLog.Entry e, long start) {
        String key = g.idempotencyKey();
        Action a = g.action();
        ActionResult r;
        if (e.intent() == null || e.intent().isBlank()) {
            r = new ActionResult(
                    a,
                    ActionStatus.FAILED,
                    false,
                    describe(a),
                    "not executed: an earlier attempt claimed it and stopped before calling the actuator (no intent in"
                            + " the action log); not repeated",
                    start,
                    clock.millis());
        } else {
            Action intended = Json.read(e.intent(), Action.class);
            Optional<Actuator> act = registry.actuatorFor(intended.type());
            String call = describe(intended);
            Verification v;
            try {
                v = act.isPresent()
                        ? act.get().verify(new Execution(intended, true, call, "", Map.of(), start, start))
                        : Verification.failed(
                                "no actuator configured for " + intended.type().wireName());
            } catch (RuntimeException ex) {
                v = Verification.failed("read-back failed: " + ex.getMessage());
            }
            String why =
                    "an earlier attempt handed it to the actuator and was interrupted before recording its outcome;"
                            + " reconciled on recovery by reading the system back: ";
            r = v.ok()
                    ? new ActionResult(
                            intended,
                            ActionStatus.EXECUTED,
                            false,
                            call,
                            "executed: " + why + v.detail() + "; not repeated",
                            start,
                            clock.millis())
                    : new ActionResult(
                            intended,
                            ActionStatus.FAILED,
                            false,
                            call,
                            "not executed as far as the system shows: " + why + v.detail() + "; not repeated",
                            start,
                            clock.millis());
        }
        LOG.warn(
                "action {} was claimed by an interrupted attempt: not repeated, reconciled as {}: {}",
                key,
                r.status(),
                r.detail());
        try {
            log.complete(key, r, null);
        } catch (Exception ex) {
            LOG.error("reconciled outcome of {} could not be recorded in the action log", key, ex);
        }
        return r;
    }

    private String describe(Action a) {
        try {
            return registry.actuatorFor(a.type())
                    .map(act -> act.describe(a))
                    .orElseGet(() -> DryRunDescriber.describe(a));
        } catch (RuntimeException e) {
            return DryRunDescriber.describe(a);
        }
    }

    private PlanOutcome failed(GatedPlan gp, String why) {
        long now = clock.millis();
        List<ActionResult> results = new ArrayList<>();
        List<String> none = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (GatedAction g : gp.actions()) { // what the gate decided stands; only what was to run is unknown
            ActionStatus status = switch (g.gate()) {
                case REFUSED -> ActionStatus.DENIED;
                case AWAITING_APPROVAL -> ActionStatus.AWAITING_APPROVAL;
                case RUN -> ActionStatus.FAILED;
            };
            results.add(new ActionResult(
                    g.action(),
                    status,
                    false,
                    "",
                    status == ActionStatus.FAILED ? why : g.detail(),
                    gp.gatedAt(),
                    now));
            none.add("");
            paths.add(status == ActionStatus.FAILED ? "timeout" : g.path());
        }
        return new PlanOutcome(gp, results, none, paths, now);
    }
}
