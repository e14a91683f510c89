package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.GateInput;
import io.maximus.hcl.sinks.execute.GatedPlan;
import io.maximus.hcl.sinks.execute.PlanOutcome;
import io.maximus.hcl.sinks.execute.RevertRequest;
import io.maximus.hcl.sinks.execute.RolledBack;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The EXECUTE stage of the topology: safety gate keyed by scope → actuators through async I/O (unordered, with a
 * timeout) → decisions and action events; executed actions → rollback watcher keyed by service, connected to the
 * service windows → reverts through async I/O. Every stateful operator has a fixed uid.
 *
 * <pre>
 *  plans ─┐                                                 ┌─▶ decisions
 *         ├─ keyBy(scope) ─ gate ─ async actuate ─ split ───┼─▶ action events ◀──────────────┐
 *  approvals (optional) ┘                                    └─▶ watches ─┐                   │
 *  windows ─ keyBy(service) ─────────────────────────────────────────────┴─ watcher ─ async revert
 * </pre>
 */
public final class ExecuteStage {

    /**
     * What the stage produces.
     *
     * @param decisions one decision per plan (with each action's result)
     * @param events every action result as an event, including later ones (approved, denied, reverted)
     * @param outcomes the rollback watcher's verdicts (kept or reverted) as decision outcomes with state_after and reward
     */
    public record Outputs(
            DataStream<Decision> decisions, DataStream<ActionEvent> events, DataStream<DecisionOutcome> outcomes) {}

    private ExecuteStage() {}

    /**
     * Rollbacks the gate remembers: the actions the rollback watcher reverted (read back from the action events; a
     * Flink job graph cannot loop back onto itself), and how long after one the same rule's action type on the same
     * scope is refused.
     *
     * @param events the reverted actions
     * @param quiet the quiet period after a rollback (zero: never refused)
     */
    public record Rollbacks(DataStream<RolledBack> events, Duration quiet) {}

    /** Builds the stage; {@code approvals} may be null (nothing ever gets approved: waiting actions time out). */
    public static Outputs build(
            DataStream<ActionPlan> plans,
            DataStream<ServiceWindow> windows,
            DataStream<ApprovalAnswer> approvals,
            ExecuteConfig config) {
        return build(plans, windows, approvals, config, Clock.systemUTC());
    }

    /**
     * Builds the stage with the processing-time clock its operators stamp results with ({@code approvals} may be
     * null); the clock travels with the job graph, so it must be serializable.
     */
    public static Outputs build(
            DataStream<ActionPlan> plans,
            DataStream<ServiceWindow> windows,
            DataStream<ApprovalAnswer> approvals,
            ExecuteConfig config,
            Clock clock) {
        return build(plans, windows, approvals, null, config, clock);
    }

    /**
     * Builds the stage with the processing-time clock its operators stamp results with; {@code approvals} and
     * {@code rollbacks} may be null (no rollbacks: the gate does not remember them).
     */
    public static Outputs build(
            DataStream<ActionPlan> plans,
            DataStream<ServiceWindow> windows,
            DataStream<ApprovalAnswer> approvals,
            Rollbacks rollbacks,
            ExecuteConfig config,
            Clock clock) {
        config.validate();
        DataStream<GateInput> in =
                plans.map(GateInput::of).name("execute: plans").uid("execute-plans");
        Duration quiet = Duration.ZERO;
        if (rollbacks != null && rollbacks.events() != null) {
            quiet = rollbacks.quiet();
            in = in.union(rollbacks
                    .events()
                    .map(GateInput::of)
                    .name("execute: rollbacks")
                    .uid("execute-rollbacks"));
        }
        if (approvals != null) {
            in = in.union(approvals
                    .map(GateInput::of)
                    .name("execute: approval answers")
                    .uid("execute-approvals"));
        }
        DataStream<GatedPlan> gated = in.keyBy(GateInput::key)
                .process(new ExecuteGate(config, quiet))
                .name("execute: safety gate")
                .uid("execute-gate");
        // Async I/O never lets a result overtake a watermark: with watermarks flowing in, one slow action would hold
        // back every later scope's results until its timeout. The stage needs no watermark after the gate (the
        // rollback watcher's clock is the service windows' own event time), so they are dropped here; records keep
        // their timestamps, and the end of a bounded input still passes.
        gated = gated.assignTimestampsAndWatermarks(WatermarkStrategy.<GatedPlan>noWatermarks())
                .name("execute: results not held by watermarks")
                .uid("execute-no-watermarks");
        SingleOutputStreamOperator<PlanOutcome> outcomes = AsyncDataStream.unorderedWait(
                        gated,
                        new AsyncExecute(config, clock),
                        config.timeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        config.capacity())
                .name("execute: actuators (async)")
                .uid("execute-actuate");
        SingleOutputStreamOperator<Decision> decisions = outcomes.process(new OutcomeSplitter(clock))
                .name("execute: decisions + events")
                .uid("execute-outcomes");
        SingleOutputStreamOperator<RevertRequest> reverts = decisions
                .getSideOutput(OutcomeSplitter.WATCHES)
                .keyBy(w -> w.scope().service())
                .connect(windows.keyBy(ServiceWindow::service))
                .process(new RollbackWatcher(config, clock))
                .name("execute: rollback watcher")
                .uid("execute-rollback-watch");
        DataStream<ActionEvent> reverted = AsyncDataStream.unorderedWait(
                        reverts,
                        new AsyncRevert(config, clock),
                        config.timeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        config.capacity())
                .name("execute: revert (async)")
                .uid("execute-revert");
        DataStream<ActionEvent> events =
                decisions.getSideOutput(OutcomeSplitter.EVENTS).union(reverted);
        return new Outputs(decisions, events, reverts.getSideOutput(RollbackWatcher.OUTCOMES));
    }
}
