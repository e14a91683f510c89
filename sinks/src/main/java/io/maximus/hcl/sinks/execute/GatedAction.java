package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.sinks.safety.SafetyManager;

/**
 * One action of a plan after the safety gate.
 *
 * @param index its position in the plan
 * @param action the action to run (clipped when the hard limits clipped it)
 * @param gate run, refused, or waiting for approval
 * @param detail the clip, refusal or approval reason in words (empty when none)
 * @param idempotencyKey the plan's key plus {@code #index}
 * @param path how it goes through the stage (see {@link ActionEvent#path})
 */
public record GatedAction(
        int index, Action action, SafetyManager.Gate gate, String detail, String idempotencyKey, String path) {}
