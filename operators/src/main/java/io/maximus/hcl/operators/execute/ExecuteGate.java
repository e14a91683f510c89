package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.ActuatorRegistry;
import io.maximus.hcl.sinks.execute.ActionLog;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.GateInput;
import io.maximus.hcl.sinks.execute.GatedAction;
import io.maximus.hcl.sinks.execute.GatedPlan;
import io.maximus.hcl.sinks.execute.RolledBack;
import io.maximus.hcl.sinks.safety.RateLimitState;
import io.maximus.hcl.sinks.safety.SafetyManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety gate, keyed by the plan's scope: hard limits (clip or refuse), rate limit and cool-down (a
 * {@link RateLimitState} in keyed state, so it survives restarts), approval for high-impact actions, and a first
 * line against duplicates (the idempotency keys seen, in keyed state with a TTL; the {@link ActionLog} is the
 * authority across restarts).
 *
 * <p>Rate limits count what will really be executed, at the plan's event time, recorded when the action is let
 * through (before its outcome is known: a failed critical action still holds the scope for the interval, which is
 * the cautious choice). Dry runs are never recorded. An action needing approval waits in keyed state until an
 * {@link ApprovalAnswer} for its key arrives or the approval timeout (processing time) denies it; in a dry run it is
 * described with the note that it would need approval.
 *
 * <p>The gate remembers rollbacks: a {@link RolledBack} (read back from the action events) marks its rule's action type
 * on its scope, and for {@code afterRollbackQuiet} after the rolled-back action (plus the rollback delay, when the
 * watcher judged it) a new action of the same rule and type on the same scope is refused (DENIED, with the reason),
 * so a misconfigured rule that keeps matching cannot act, be rolled back and act again (a sawtooth). Other rules and
 * other action types on the scope are not held. Kept in its own map state ({@code rolled-back}, TTL the quiet period
 * plus the delay), so savepoints of older versions restore with it empty.
 */
public class ExecuteGate extends KeyedProcessFunction<String, GateInput, GatedPlan> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExecuteGate.class);

    /**
     * An action waiting for a human, as kept in state (JSON).
     *
     * @param plan its plan
     * @param index its index in the plan
     * @param action the (possibly clipped) action
     * @param detail why it waits
     * @param deadline processing time it is denied at, epoch milliseconds
     */
    public record Awaiting(ActionPlan plan, int index, Action action, String detail, long deadline) {}

    /** How the detail of an action denied by the approval timeout begins. */
    public static final String TIMED_OUT = ApprovalAnswer.TIMED_OUT;

    private final ExecuteConfig config;
    private final java.time.Duration afterRollbackQuiet;
    private transient SafetyManager safety;
    private transient MapState<String, Long> rolledBack;
    private transient ActuatorRegistry registry;
    private transient ValueState<RateLimitState> limits;
    private transient MapState<String, Long> seen;
    private transient MapState<String, String> awaiting;
    /** Actions this subtask put in the approval wait since it started (not restored from state: 0 after a restart). */
    private transient java.util.concurrent.atomic.AtomicLong pendingApprovals;

    private transient Counter duplicates;

    /** A gate with the given configuration that does not remember rollbacks. */
    public ExecuteGate(ExecuteConfig config) {
        this(config, java.time.Duration.ZERO);
    }

    /**
     * A gate with the given configuration that refuses a rule's action type on a scope for {@code afterRollbackQuiet}
     * after such an action was rolled back (zero: never).
     */
    public ExecuteGate(ExecuteConfig config, java.time.Duration afterRollbackQuiet) {
        this.config = config;
        this.afterRollbackQuiet = afterRollbackQuiet;
    }

    @Override
    public void open(OpenContext ctx) {
        safety = config.safetyManager();
        // The registry only answers which types would really run; its clients connect lazily and are never used here.
        registry = new ActuatorRegistry(config.actuators().create(), config.globalDryRun());
        limits = getRuntimeContext().getState(new ValueStateDescriptor<>("rate-limit", RateLimitState.class));
        MapStateDescriptor<String, Long> seenDesc = new MapStateDescriptor<>("seen-keys", Types.STRING, Types.LONG);
        seenDesc.enableTimeToLive(
                StateTtlConfig.newBuilder(config.executedKeysTtl()).build());
        seen = getRuntimeContext().getMapState(seenDesc);
        awaiting = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("awaiting-approval", Types.STRING, Types.STRING));
        MapStateDescriptor<String, Long> rb = new MapStateDescriptor<>("rolled-back", Types.STRING, Types.LONG);
        rb.enableTimeToLive(StateTtlConfig.newBuilder(
                        afterRollbackQuiet.plus(config.rollbackDelay()).plusMinutes(1))
                .build());
        rolledBack = getRuntimeContext().getMapState(rb);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateActionsSuppressed");
        pendingApprovals = new java.util.concurrent.atomic.AtomicLong();
        getRuntimeContext().getMetricGroup().gauge("hcl_approvals_pending", (org.apache.flink.metrics.Gauge<Long>)
                pendingApprovals::get);
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    public void processElement(GateInput in, Context ctx, Collector<GatedPlan> out) throws Exception {
        if (in.plan() != null) {
            gate(in.plan(), ctx, out);
        } else if (in.rolledBack() != null) {
            RolledBack r = in.rolledBack();
            Long before = rolledBack.get(r.ruleAndType());
            long at = r.actionTime() + config.rollbackDelay().toMillis();
            rolledBack.put(r.ruleAndType(), before == null ? at : Math.max(before, at));
            LOG.info(
                    "rule {}'s {} on scope {} was rolled back: refused there for {} s",
                    r.rule(),
                    r.type(),
                    r.scopeKey(),
                    afterRollbackQuiet.toSeconds());
        } else {
            answer(in.answer(), ctx, out);
        }
    }

    private void gate(ActionPlan plan, Context ctx, Collector<GatedPlan> out) throws Exception {
        RateLimitState st = limits.value() == null ? new RateLimitState() : limits.value();
        long now = ctx.timerService().currentProcessingTime();
        List<GatedAction> gated = new ArrayList<>();
        for (int i = 0; i < plan.actions().size(); i++) {
            Action a = plan.actions().get(i);
            String key = plan.idempotencyKey() + "#" + i;
            if (seen.contains(key)) {
                duplicates.inc();
                LOG.info(
                        "action {} seen before in scope {}: not gated again",
                        key,
                        plan.scope().key());
                continue;
            }
            seen.put(key, plan.eventTime());
            String quiet = quietAfterRollback(plan, a);
            if (quiet != null) {
                gated.add(new GatedAction(i, a, SafetyManager.Gate.REFUSED, quiet, key, "denied"));
                continue;
            }
            boolean live = registry.willExecute(a.type());
            SafetyManager.Verdict v = safety.check(a, st, plan.eventTime(), false);
            switch (v.gate()) {
                case REFUSED ->
                    gated.add(new GatedAction(i, v.action(), SafetyManager.Gate.REFUSED, v.detail(), key, "denied"));
                case AWAITING_APPROVAL -> {
                    if (live) {
                        long deadline = now + config.approvalTimeout().toMillis();
                        awaiting.put(key, Json.write(new Awaiting(plan, i, v.action(), v.detail(), deadline)));
                        pendingApprovals.incrementAndGet();
                        ctx.timerService().registerProcessingTimeTimer(deadline);
                        gated.add(new GatedAction(
                                i,
                                v.action(),
                                SafetyManager.Gate.AWAITING_APPROVAL,
                                v.detail(),
                                key,
                                "awaiting_approval"));
                    } else {
                        gated.add(new GatedAction(
                                i,
                                v.action(),
                                SafetyManager.Gate.RUN,
                                "would need approval before running: " + v.detail(),
                                key,
                                "dry_run"));
                    }
                }
                case RUN -> {
                    gated.add(new GatedAction(
                            i, v.action(), SafetyManager.Gate.RUN, v.detail(), key, live ? "executed" : "dry_run"));
                    if (live) {
                        st = safety.record(st, v.action(), plan.eventTime());
                    }
                }
            }
        }
        limits.update(st);
        if (!gated.isEmpty()) {
            out.collect(new GatedPlan(plan, gated, false, now, plan.eventTime()));
        }
    }

    /** Why the action is refused as its rule's same action was rolled back on this scope lately, or null. */
    private String quietAfterRollback(ActionPlan plan, Action a) throws Exception {
        if (afterRollbackQuiet.isZero() || afterRollbackQuiet.isNegative()) {
            return null;
        }
        Long at = rolledBack.get(RolledBack.ruleAndType(plan.rule(), a.type().wireName()));
        if (at == null || plan.eventTime() >= at + afterRollbackQuiet.toMillis()) {
            return null;
        }
        return "refused after rollback: rule " + plan.rule() + "'s " + a.type().wireName() + " on scope "
                + plan.scope().key() + " was rolled back " + Math.max(0, plan.eventTime() - at) / 1000
                + " s ago; quiet for " + afterRollbackQuiet.toSeconds() + " s after a rollback "
                + "(execute.after-rollback-quiet)";
    }

    private void answer(ApprovalAnswer answer, Context ctx, Collector<GatedPlan> out) throws Exception {
        String json = awaiting.get(answer.approvalId());
        long now = ctx.timerService().currentProcessingTime();
        if (json == null) {
            LOG.warn(
                    "approval answer for {} in scope {} matches no waiting action (answered twice, or timed out)",
                    answer.approvalId(),
                    answer.scopeKey());
            return;
        }
        awaiting.remove(answer.approvalId());
        pendingApprovals.updateAndGet(n -> Math.max(0, n - 1));
        Awaiting w = Json.read(json, Awaiting.class);
        GatedAction g;
        long at = Math.max(answer.answeredAt(), w.plan().eventTime());
        if (!answer.approved()) {
            g = new GatedAction(
                    w.index(),
                    w.action(),
                    SafetyManager.Gate.REFUSED,
                    "denied by " + answer.by()
                            + (answer.comment() == null || answer.comment().isBlank() ? "" : ": " + answer.comment()),
                    answer.approvalId(),
                    "approval_denied");
        } else {
            RateLimitState st = limits.value() == null ? new RateLimitState() : limits.value();
            SafetyManager.Verdict v = safety.check(w.action(), st, at, true);
            if (v.gate() == SafetyManager.Gate.RUN) {
                limits.update(safety.record(st, v.action(), at));
                g = new GatedAction(
                        w.index(),
                        v.action(),
                        SafetyManager.Gate.RUN,
                        "approved by " + answer.by() + (v.detail().isEmpty() ? "" : "; " + v.detail()),
                        answer.approvalId(),
                        "approved");
            } else {
                g = new GatedAction(
                        w.index(),
                        v.action(),
                        SafetyManager.Gate.REFUSED,
                        "approved by " + answer.by() + " but " + v.detail(),
                        answer.approvalId(),
                        "approval_denied");
            }
        }
        out.collect(new GatedPlan(w.plan(), List.of(g), true, now, at));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GatedPlan> out) throws Exception {
        Iterator<Map.Entry<String, String>> it = awaiting.iterator();
        List<String> expired = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<String, String> e = it.next();
            Awaiting w = Json.read(e.getValue(), Awaiting.class);
            if (w.deadline() <= timestamp) {
                expired.add(e.getKey());
                out.collect(new GatedPlan(
                        w.plan(),
                        List.of(new GatedAction(
                                w.index(),
                                w.action(),
                                SafetyManager.Gate.REFUSED,
                                TIMED_OUT + config.approvalTimeout().toSeconds() + " s: denied",
                                e.getKey(),
                                "approval_denied")),
                        true,
                        timestamp,
                        w.plan().eventTime()));
            }
        }
        for (String k : expired) {
            awaiting.remove(k);
            pendingApprovals.updateAndGet(n -> Math.max(0, n - 1));
        }
    }
}
