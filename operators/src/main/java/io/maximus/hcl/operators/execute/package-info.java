/**
 * EXECUTE, the Flink side: every function of the execute stage, wired by {@link
 * io.maximus.hcl.operators.execute.ExecuteStage#build}: the safety gate ({@code ExecuteGate}, keyed by scope), the
 * actuators through async I/O ({@code AsyncExecute}), the split into decisions, action events and rollback watches
 * ({@code OutcomeSplitter}), the rollback watcher ({@code RollbackWatcher}, keyed by service) and the reverts
 * ({@code AsyncRevert}); {@code ParseApprovalAnswer} reads the approvals topic. The actuators, the action log and the
 * safety rules they drive live in {@code hcl-sinks} ({@code sinks.actuate}, {@code sinks.execute},
 * {@code sinks.safety}); this module depends on it, never the other way round.
 *
 * <p>Processing time comes from a {@link java.time.Clock} given to each function (the system's UTC clock by default),
 * so tests can stamp results with a manual clock. Event time comes from the records and the service windows.
 *
 * <p>The records an action's result passes through, and why each one is kept. The data records stay in
 * {@code io.maximus.hcl.sinks.execute} (and {@code sinks.actuate}) under their old names: several are held in Flink
 * state, whose savepoints look classes up by name, others are JSON contracts; see that package's description.
 *
 * <table>
 *   <caption>One action's result, from the actuator to the knowledge base</caption>
 *   <tr><th>Record</th><th>Role</th><th>Where it is kept or sent</th><th>Why not merged</th></tr>
 *   <tr><td>{@code core.ActionResult}</td><td>the result of one action: status, dry run, exact call, detail,
 *       start and finish</td><td>inside every record below; JSON in the action log</td><td>the one result type;
 *       the others wrap it</td></tr>
 *   <tr><td>{@code sinks.actuate.Execution}</td><td>what one actuator call did and what undoing it needs
 *       ({@code undo})</td><td>JSON in the action log and in {@code RollbackWatch.execution} (keyed state)</td>
 *       <td>durable JSON read back after a restart</td></tr>
 *   <tr><td>{@code sinks.actuate.Verification}</td><td>the read-back after executing</td><td>nowhere (returned by
 *       an actuator)</td><td>part of the actuator contract</td></tr>
 *   <tr><td>{@code sinks.actuate.Attempt}</td><td>one pass through the registry: result, execution, verification
 *       </td><td>nowhere (returned by {@code ActuatorRegistry.run})</td><td>the registry's return triple, used by
 *       {@code hcl actuate} too</td></tr>
 *   <tr><td>{@code sinks.execute.GatedAction}</td><td>one action after the safety gate: run, refused or waiting,
 *       its key and path</td><td>field of {@code GatedPlan}: Flink state</td><td>state type: keeps its name</td></tr>
 *   <tr><td>{@code sinks.execute.GatedPlan}</td><td>a plan after the gate, on its way to the actuators</td>
 *       <td>the async executor's in-flight records are checkpointed in operator state (uid
 *       {@code execute-actuate})</td><td>state type: keeps its name</td></tr>
 *   <tr><td>{@code sinks.execute.PlanOutcome}</td><td>what the actuators did with a gated plan: a result, an
 *       execution (JSON) and a path per action</td><td>between two operators only</td><td>carries the gated plan
 *       and the per-action paths the splitter needs</td></tr>
 *   <tr><td>{@code core.Decision} ({@code ActionTaken})</td><td>the public record of one decision</td><td>Kafka
 *       {@code hcl.decisions}, table {@code hcl_decisions}</td><td>public JSON contract</td></tr>
 *   <tr><td>{@code sinks.execute.ActionEvent}</td><td>one update about one action (every result, later approval,
 *       denial, revert)</td><td>Kafka {@code hcl.actions}, the action and approval tables</td><td>public JSON
 *       contract</td></tr>
 *   <tr><td>{@code sinks.execute.RollbackWatch}</td><td>an executed, revertible action being watched</td><td>JSON
 *       in the watcher's keyed state; field of {@code RevertRequest}</td><td>state type: keeps its name</td></tr>
 *   <tr><td>{@code sinks.execute.RevertRequest}</td><td>the watcher's verdict to revert</td><td>the async
 *       reverter's in-flight records in operator state (uid {@code execute-revert})</td><td>state type: keeps its
 *       name</td></tr>
 *   <tr><td>{@code sinks.execute.DecisionOutcome}</td><td>what became of a watched action: outcome, state after,
 *       reward</td><td>the decision's outcome columns in {@code hcl_decisions}</td><td>a different fact (the
 *       verdict, a minute later) than the action's result</td></tr>
 * </table>
 */
package io.maximus.hcl.operators.execute;
