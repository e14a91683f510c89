package io.maximus.hcl.sinks.safety;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import java.util.Optional;

/**
 * The non-Flink part of the execute stage's gate: hard limits, then the rate limiter and cool-down, then approval.
 * The caller (a Flink operator, or {@code hcl actuate}) keeps the {@link RateLimitState} per scope and runs what is
 * allowed through the actuators.
 */
public final class SafetyManager {

    /** What the gate says about one action. */
    public enum Gate {
        RUN,
        REFUSED,
        AWAITING_APPROVAL
    }

    /**
     * The gate's answer.
     *
     * @param gate run it, refuse it, or wait for a human
     * @param action the action to run (clipped by the hard limits when they clipped it)
     * @param detail the clip, the refusal or the reason for approval, in words
     */
    public record Verdict(Gate gate, Action action, String detail) {

        /** The result record for a refused or waiting action (null when it is to run). */
        public ActionResult toResult(long now) {
            return switch (gate) {
                case REFUSED -> new ActionResult(action, ActionStatus.DENIED, true, "", detail, now, now);
                case AWAITING_APPROVAL ->
                    new ActionResult(action, ActionStatus.AWAITING_APPROVAL, true, "", detail, now, now);
                case RUN -> null;
            };
        }
    }

    private final HardLimits limits;
    private final RateLimiter rateLimiter;
    private final ApprovalPolicy approvals;

    /** A gate of the given parts. */
    public SafetyManager(HardLimits limits, RateLimiter rateLimiter, ApprovalPolicy approvals) {
        this.limits = limits;
        this.rateLimiter = rateLimiter;
        this.approvals = approvals;
    }

    /**
     * Checks an action at {@code now}. {@code approved} says a human already approved it (the approval's answer came
     * back): then the approval step is passed, the limits and rate limits still apply.
     */
    public Verdict check(Action action, RateLimitState state, long now, boolean approved) {
        HardLimits.Check c = limits.check(action);
        if (c.verdict() == HardLimits.Verdict.REFUSED) {
            return new Verdict(Gate.REFUSED, action, c.detail());
        }
        Action a = c.action();
        RateLimiter.Allowance r = rateLimiter.check(state, a, now);
        if (!r.allowed()) {
            return new Verdict(Gate.REFUSED, a, join(c.detail(), r.detail()));
        }
        Optional<String> why = approved ? Optional.empty() : approvals.reason(a);
        if (why.isPresent()) {
            return new Verdict(Gate.AWAITING_APPROVAL, a, join(c.detail(), why.get()));
        }
        return new Verdict(Gate.RUN, a, c.detail());
    }

    /** The state after an allowed action ran at {@code now} (record only what really ran, dry runs excluded). */
    public RateLimitState record(RateLimitState state, Action ran, long now) {
        return rateLimiter.record(state, ran, now);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }
}
