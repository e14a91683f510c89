/**
 * The execute stage's safety rules: hard limits, the rate limiter and cool-down, the approval policy, the rollback
 * judge, and the {@link io.maximus.hcl.sinks.safety.SafetyManager} that combines them; plus the webhook notifier.
 *
 * <p>This is decision logic without Flink and would read best in {@code hcl-models}, but it stays here, on evidence:
 * <ul>
 *   <li>{@link io.maximus.hcl.sinks.safety.RateLimitState} is kept in the gate's keyed state ({@code ValueState},
 *       uid {@code execute-gate}) as a Flink POJO: savepoints name its class, so it must keep this name.</li>
 *   <li>{@link io.maximus.hcl.sinks.safety.SafetyManager.Gate} is a field of every {@code GatedAction}, which the
 *       async executor checkpoints with its in-flight records (uid {@code execute-actuate}): the enum's name, and
 *       so its enclosing class's, is in the savepoint too.</li>
 *   <li>{@link io.maximus.hcl.sinks.safety.RateLimiter} works on {@code RateLimitState}, and
 *       {@link io.maximus.hcl.sinks.safety.HardLimits} parses Kubernetes quantities with fabric8's {@code Quantity}
 *       (moving it would bring the Kubernetes model into {@code hcl-models}).</li>
 *   <li>Moving only the free ones ({@code ApprovalPolicy}, {@code RollbackJudge}) would make {@code hcl-sinks}
 *       depend on {@code hcl-models} (the safety manager and {@code DecisionOutcome} use them), pulling ONNX Runtime
 *       and XGBoost into the writers' module for two small classes.</li>
 * </ul>
 */
package io.maximus.hcl.sinks.safety;
