/**
 * EXECUTE, the parts without Flink: the action log (file or PostgreSQL; what makes an action's effect at most once
 * across restarts), the actuator and action-log factories that travel with the job graph, the stage's configuration,
 * and the records the stage's operators ({@code io.maximus.hcl.operators.execute}) pass along.
 *
 * <p>Why the records stay here, under their old names, although the operators moved: savepoints look state classes
 * up by their fully-qualified names, so a type held in Flink state, or a field of one, must not move.
 * <ul>
 *   <li>{@link io.maximus.hcl.sinks.execute.GatedPlan} and its {@link io.maximus.hcl.sinks.execute.GatedAction}s
 *       are the async executor's input: its in-flight records are checkpointed in operator state (uid
 *       {@code execute-actuate}), serialized with the serializer of these classes.</li>
 *   <li>{@link io.maximus.hcl.sinks.execute.RevertRequest} and its {@link io.maximus.hcl.sinks.execute.RollbackWatch}
 *       are the async reverter's input, checkpointed the same way (uid {@code execute-revert}); the rollback watcher
 *       also keeps watches in keyed state (as JSON).</li>
 *   <li>{@link io.maximus.hcl.sinks.execute.ActionEvent} is the JSON on the {@code hcl.actions} topic and
 *       {@link io.maximus.hcl.sinks.execute.DecisionOutcome} feeds the knowledge base's JDBC sinks, both in this
 *       module; {@link io.maximus.hcl.sinks.execute.ApprovalAnswer} is what the approvals sink and the gate share.</li>
 *   <li>{@link io.maximus.hcl.sinks.execute.PlanOutcome} and {@link io.maximus.hcl.sinks.execute.GateInput} are
 *       not in state; they stay beside the records they carry.</li>
 * </ul>
 * The roles of the action-result records are tabled in the description of {@code io.maximus.hcl.operators.execute}.
 */
package io.maximus.hcl.sinks.execute;
