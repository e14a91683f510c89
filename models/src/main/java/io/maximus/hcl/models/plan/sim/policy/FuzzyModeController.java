package io.maximus.hcl.models.plan.sim.policy;

import io.maximus.hcl.core.OperationalMode;

/**
 * The seed's fuzzy mode controller: three inputs on 0..100 (traffic, alerts, SLA risk), each with the triangular sets
 * low = (0, 0, 50), medium = (25, 50, 75), high = (50, 100, 100); a Mamdani rule base (AND = min, OR = max, NOT = 1 - x);
 * output sets on 0..2 energy_efficient = (0, 0, 1), balanced = (0, 1, 2), high_performance = (1, 2, 2), clipped at
 * their rule strengths, aggregated by max, and defuzzified by the centroid (on 201 points).
 *
 * <p>Rules: (1) traffic high OR alerts high OR SLA risk high -> high_performance (the seed's first rule); (2) traffic
 * low AND alerts low AND SLA risk low -> energy_efficient (the seed's second); (3) traffic medium AND NOT alerts high
 * AND NOT SLA risk high -> balanced; (4) alerts medium OR SLA risk medium -> balanced.
 *
 * <p>The crisp output (about 0.33..1.67) maps to a mode with hysteresis: HIGH_PERFORMANCE is entered above 1.30 and
 * left below 1.0; ENERGY_EFFICIENT is entered below 0.70 and left above 1.0. Moving up (towards performance) needs
 * the output on two consecutive decisions by default (one decision's blip does not count); moving down needs
 * {@code downDwellSeconds} since the last change and the lower mode called for continuously over half of that, so a
 * noisy constant input does not make the mode flap.
 */
public final class FuzzyModeController {

    private static final double[] LOW = {0, 0, 50};
    private static final double[] MEDIUM = {25, 50, 75};
    private static final double[] HIGH = {50, 100, 100};
    private static final double[] OUT_EE = {0, 0, 1};
    private static final double[] OUT_BAL = {0, 1, 2};
    private static final double[] OUT_HP = {1, 2, 2};
    private static final int POINTS = 201;
    private static final int UP_CONFIRMATIONS = 2;

    private final long downDwellSeconds;
    private final int upConfirmations;
    private OperationalMode mode = OperationalMode.BALANCED;
    private long lastChange = Long.MIN_VALUE / 2;
    private int pending;
    private long downSince = Long.MIN_VALUE;

    /** A controller whose downward changes wait {@code downDwellSeconds} after any change. */
    public FuzzyModeController(long downDwellSeconds) {
        this(downDwellSeconds, UP_CONFIRMATIONS);
    }

    /**
     * A controller whose downward changes wait {@code downDwellSeconds} after any change and whose upward changes
     * need the higher mode called for on {@code upConfirmations} consecutive decisions (at least 1).
     */
    public FuzzyModeController(long downDwellSeconds, int upConfirmations) {
        if (upConfirmations < 1) {
            throw new IllegalArgumentException("upConfirmations must be >= 1");
        }
        this.downDwellSeconds = downDwellSeconds;
        this.upConfirmations = upConfirmations;
    }

    /** Membership of {@code x} in the triangle {@code (a, b, c)}; shoulders where a = b or b = c. */
    public static double triangle(double x, double[] abc) {
        double a = abc[0];
        double b = abc[1];
        double c = abc[2];
        if (x == b) {
            return 1.0;
        }
        if (x < b) {
            return x <= a ? 0.0 : (x - a) / (b - a);
        }
        return x >= c ? 0.0 : (c - x) / (c - b);
    }

    /** Memberships (low, medium, high) of an input on 0..100. */
    public static double[] memberships(double x) {
        double v = clamp(x, 0, 100);
        return new double[] {triangle(v, LOW), triangle(v, MEDIUM), triangle(v, HIGH)};
    }

    /** The crisp output (0 = energy efficient .. 2 = high performance) for the three inputs on 0..100. */
    public static double infer(double traffic, double alerts, double slaRisk) {
        double[] t = memberships(traffic);
        double[] a = memberships(alerts);
        double[] s = memberships(slaRisk);
        double hp = Math.max(t[2], Math.max(a[2], s[2]));
        double ee = Math.min(t[0], Math.min(a[0], s[0]));
        double bal = Math.max(Math.min(t[1], Math.min(1 - a[2], 1 - s[2])), Math.max(a[1], s[1]));
        return centroid(ee, bal, hp);
    }

    /** Centroid of the output sets clipped at the given strengths; 1 (balanced) when no rule fires. */
    public static double centroid(double ee, double bal, double hp) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < POINTS; i++) {
            double y = 2.0 * i / (POINTS - 1);
            double mu = Math.max(
                    Math.min(ee, triangle(y, OUT_EE)),
                    Math.max(Math.min(bal, triangle(y, OUT_BAL)), Math.min(hp, triangle(y, OUT_HP))));
            num += y * mu;
            den += mu;
        }
        return den == 0 ? 1.0 : num / den;
    }

    /** The mode at {@code timeSeconds} for the inputs, with hysteresis, confirmation and the downward dwell. */
    public OperationalMode decide(long timeSeconds, double traffic, double alerts, double slaRisk) {
        double out = infer(traffic, alerts, slaRisk);
        OperationalMode next = switch (mode) {
            case HIGH_PERFORMANCE ->
                out >= 1.0 ? mode : (out < 0.70 ? OperationalMode.ENERGY_EFFICIENT : OperationalMode.BALANCED);
            case BALANCED ->
                out > 1.30 ? OperationalMode.HIGH_PERFORMANCE : (out < 0.70 ? OperationalMode.ENERGY_EFFICIENT : mode);
            case ENERGY_EFFICIENT ->
                out > 1.30 ? OperationalMode.HIGH_PERFORMANCE : (out > 1.0 ? OperationalMode.BALANCED : mode);
        };
        if (next == mode) {
            pending = 0;
            downSince = Long.MIN_VALUE;
            return mode;
        }
        boolean down = next.ordinal() > mode.ordinal();
        if (!down) {
            pending++;
            downSince = Long.MIN_VALUE;
            if (pending >= upConfirmations) {
                change(next, timeSeconds);
            }
        } else {
            pending = 0;
            if (downSince == Long.MIN_VALUE) {
                downSince = timeSeconds;
            }
            if (timeSeconds - lastChange >= downDwellSeconds && timeSeconds - downSince >= downDwellSeconds / 2) {
                change(next, timeSeconds);
            }
        }
        return mode;
    }

    private void change(OperationalMode next, long timeSeconds) {
        mode = next;
        lastChange = timeSeconds;
        pending = 0;
        downSince = Long.MIN_VALUE;
    }

    /** The current mode. */
    public OperationalMode mode() {
        return mode;
    }

    /** When the mode last changed, seconds (for keeping the controller in keyed state). */
    public long lastChange() {
        return lastChange;
    }

    /** Consecutive decisions calling for a higher mode so far. */
    public int pending() {
        return pending;
    }

    /** Since when a lower mode has been called for, seconds ({@code Long.MIN_VALUE}: not now). */
    public long downSince() {
        return downSince;
    }

    /** Puts the controller back where {@link #mode()}, {@link #lastChange()}, {@link #pending()} and
     * {@link #downSince()} left it (a restore from keyed state). */
    public void restore(OperationalMode savedMode, long savedLastChange, int savedPending, long savedDownSince) {
        mode = savedMode == null ? OperationalMode.BALANCED : savedMode;
        lastChange = savedLastChange;
        pending = savedPending;
        downSince = savedDownSince;
    }

    /** Back to BALANCED with no history. */
    public void reset() {
        mode = OperationalMode.BALANCED;
        lastChange = Long.MIN_VALUE / 2;
        pending = 0;
        downSince = Long.MIN_VALUE;
    }

    private static double clamp(double x, double lo, double hi) {
        return Double.isNaN(x) ? lo : Math.max(lo, Math.min(hi, x));
    }
}
