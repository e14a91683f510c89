package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.operators.metrics.HclMetrics;
import io.maximus.hcl.operators.types.HclTypes;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.GatedAction;
import io.maximus.hcl.sinks.execute.PlanOutcome;
import io.maximus.hcl.sinks.execute.RollbackWatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns each plan's outcome into its decision (main output; an approval's follow-up makes none), one
 * {@link ActionEvent} per action (side output {@link #EVENTS}) and a {@link RollbackWatch} per executed revertible
 * action (side output {@link #WATCHES}). Counts decisions and actions in the accumulators the replay reads.
 */
public class OutcomeSplitter extends ProcessFunction<PlanOutcome, Decision> {

    private static final long serialVersionUID = 1L;

    /** Every action's result as an event. */
    public static final OutputTag<ActionEvent> EVENTS =
            new OutputTag<>("action-events", HclTypes.of(ActionEvent.class));
    /** Executed actions for the rollback watcher. */
    public static final OutputTag<RollbackWatch> WATCHES =
            new OutputTag<>("rollback-watches", HclTypes.of(RollbackWatch.class));
    /** Accumulator name: decisions made. */
    public static final String DECISIONS = "hcl.decisions";
    /** Accumulator name: actions recorded. */
    public static final String ACTIONS = "hcl.actions";

    private final Clock clock;
    private transient LongCounter decisions;
    private transient LongCounter actions;
    private transient Counter decisionsMetric;
    private transient HclMetrics metrics;

    /** A splitter on the system clock. */
    public OutcomeSplitter() {
        this(Clock.systemUTC());
    }

    /** A splitter that measures the events' latency with {@code clock} (processing time). */
    public OutcomeSplitter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext ctx) {
        decisions = getRuntimeContext().getLongCounter(DECISIONS);
        actions = getRuntimeContext().getLongCounter(ACTIONS);
        decisionsMetric = getRuntimeContext().getMetricGroup().counter("decisions");
        metrics = newMetrics();
    }

    /** The metrics this function reports to: the operator's metric group (a test may record them instead). */
    HclMetrics newMetrics() {
        return new HclMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(PlanOutcome o, Context ctx, Collector<Decision> out) {
        ActionPlan plan = o.gated().plan();
        String id = decisionId(plan.idempotencyKey());
        long now = clock.millis();
        long actionTime = o.gated().effectiveAt();
        List<Decision.ActionTaken> taken = new ArrayList<>();
        for (int i = 0; i < o.results().size(); i++) {
            ActionResult r = o.results().get(i);
            GatedAction g = o.gated().actions().get(i);
            taken.add(Decision.ActionTaken.of(r));
            String type = r.action().type().wireName();
            for (ActionStatus s : ActionStatus.values()) { // a known type has every status, at 0 until it happens
                metrics.counter("hcl_actions_total", "type", type, "status", status(s));
            }
            metrics.inc("hcl_actions_total", "type", type, "status", status(r.status()));
            ctx.output(
                    EVENTS,
                    new ActionEvent(
                            id,
                            g.idempotencyKey(),
                            plan.scope(),
                            plan.eventTime(),
                            plan.rule(),
                            r,
                            o.paths().get(i),
                            now - o.gated().gatedAt()));
            if (!o.executions().get(i).isEmpty()) {
                ctx.output(
                        WATCHES,
                        new RollbackWatch(
                                id,
                                g.idempotencyKey(),
                                plan.scope(),
                                plan.rule(),
                                actionTime,
                                plan.stateBefore(),
                                o.executions().get(i),
                                r.finishedAt(),
                                0,
                                plan.eventTime()));
            }
        }
        if (!o.gated().followUp()) {
            decisions.add(1);
            actions.add(taken.size());
            decisionsMetric.inc();
            String action = o.results().isEmpty()
                    ? "none"
                    : o.results().get(0).action().type().wireName();
            metrics.inc("hcl_decisions_total", "policy", plan.rule() == null ? "none" : plan.rule(), "action", action);
            metrics.observeSeconds(
                    "hcl_decision_latency_seconds", Math.max(0, now - plan.eventTime()) / 1000.0, "clock", "event");
            if (plan.arrivedAt() > 0) {
                // wall clock from the job having the plan's evidence (see ActionPlan.arrivedAt) to the decision
                metrics.observeSeconds(
                        "hcl_decision_latency_seconds",
                        Math.max(0, now - plan.arrivedAt()) / 1000.0,
                        "clock",
                        "processing");
            }
            metrics.observeSeconds(
                    "hcl_decision_latency_seconds",
                    Math.max(0, now - o.gated().gatedAt()) / 1000.0,
                    "clock",
                    "execute");
            out.collect(new Decision(
                    id,
                    plan.eventTime(),
                    plan.scope(),
                    plan.trigger(),
                    plan.mode(),
                    taken,
                    plan.stateBefore(),
                    null,
                    null,
                    null,
                    null,
                    plan.rule(),
                    plan.evidence()));
        }
    }

    /** The {@code status} label of an action's status: its lower-case name, e.g. {@code dry_run}. */
    static String status(ActionStatus s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The decision id for an idempotency key: a name-based UUID, so the same inputs always give the same id. */
    public static String decisionId(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("hcl-decision:" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
