package io.maximus.hcl.models.failure.exhaustion;

/**
 * Predicts when a metric with a known ceiling runs out, per key and metric, with no training: one-minute points, the
 * lower-envelope trend ({@link EnvelopeTrend}) and a warning with hysteresis (raised after {@code raiseAfter}
 * confirming minutes, cleared after {@code clearAfter} disconfirming ones). Stateless itself; all state is in
 * {@link ExhaustionState}, so the same values in the same order always give the same warnings.
 */
public final class ExhaustionPredictor {

    private static final long MINUTE_MS = 60_000L;

    private final ExhaustionSettings settings;
    private final EnvelopeTrend trend;
    private final long pointMs;

    /** A predictor with these settings on one-minute points. */
    public ExhaustionPredictor(ExhaustionSettings settings) {
        this(settings, MINUTE_MS);
    }

    /**
     * A predictor with these settings on points of {@code pointMs} (every "minute" of the settings is one point): the
     * lab compresses time with 2-s points; the time to exhaustion and the slope per minute are still in real time.
     */
    public ExhaustionPredictor(ExhaustionSettings settings, long pointMs) {
        if (pointMs < 1000) {
            throw new IllegalArgumentException("an exhaustion point is at least one second, got " + pointMs + " ms");
        }
        this.settings = settings;
        this.trend = new EnvelopeTrend(settings);
        this.pointMs = pointMs;
    }

    /** The length of one point, ms. */
    public long pointMs() {
        return pointMs;
    }

    /** The settings. */
    public ExhaustionSettings settings() {
        return settings;
    }

    /** A fresh state for one key and metric. */
    public ExhaustionState newState() {
        return ExhaustionState.ofCapacity(settings.windowMinutes());
    }

    /**
     * Adds one value. The minutes before the value's minute are judged when it is the first value of a new minute.
     *
     * @return a warning when one is raised, holds or clears at this value; null otherwise
     */
    public ExhaustionWarning update(
            ExhaustionState s, String key, String metric, long timestamp, double value, double ceiling) {
        if (!Double.isFinite(value) || !Double.isFinite(ceiling) || ceiling <= 0) {
            s.setIgnored(s.getIgnored() + 1);
            return null;
        }
        double[] min = s.getMinuteMin();
        int cap = min.length;
        long minute = Math.floorDiv(timestamp, pointMs);
        long newest = s.getNewestMinute();
        ExhaustionWarning out = null;
        if (newest == ExhaustionState.EMPTY) {
            s.setNewestMinute(minute);
        } else if (minute > newest) {
            out = judge(s, key, metric);
            for (long m = newest + 1; m <= minute && m <= newest + cap; m++) {
                int i = slot(m, cap);
                min[i] = Double.NaN;
                s.getMinuteMax()[i] = Double.NaN;
            }
            s.setNewestMinute(minute);
        } else if (minute <= newest - cap) {
            s.setIgnored(s.getIgnored() + 1);
            return null;
        }
        int i = slot(minute, cap);
        double[] max = s.getMinuteMax();
        min[i] = Double.isNaN(min[i]) ? value : Math.min(min[i], value);
        max[i] = Double.isNaN(max[i]) ? value : Math.max(max[i], value);
        if (minute == s.getNewestMinute()) {
            s.setLastValue(value);
        }
        s.setCeiling(ceiling);
        return out;
    }

    /** The trend over the complete minutes up to and including the newest one (for diagnostics and tests). */
    public TrendFit assess(ExhaustionState s) {
        double[] min = s.getMinuteMin();
        int cap = min.length;
        double[] lo = new double[cap];
        double[] hi = new double[cap];
        long newest = s.getNewestMinute();
        for (int j = 0; j < cap; j++) {
            int i = slot(newest - cap + 1 + j, cap);
            lo[j] = min[i];
            hi[j] = s.getMinuteMax()[i];
        }
        return trend.fit(lo, hi, s.getCeiling());
    }

    private ExhaustionWarning judge(ExhaustionState s, String key, String metric) {
        TrendFit fit = assess(s);
        long now = (s.getNewestMinute() + 1) * pointMs;
        boolean holds = fit.usable()
                && fit.minutesToExhaustion() <= settings.horizonMinutes()
                && fit.level() + fit.slopePerMinute() * settings.horizonMinutes() >= s.getCeiling();
        if (holds) {
            s.setConfirmations(s.getConfirmations() + 1);
            s.setMisses(0);
            if (s.isWarning()) {
                return warning(ExhaustionWarning.Phase.ONGOING, s, key, metric, now, fit);
            }
            if (s.getConfirmations() >= settings.raiseAfter()) {
                s.setWarning(true);
                return warning(ExhaustionWarning.Phase.RAISED, s, key, metric, now, fit);
            }
            return null;
        }
        s.setMisses(s.getMisses() + 1);
        s.setConfirmations(0);
        if (s.isWarning() && s.getMisses() >= settings.clearAfter()) {
            s.setWarning(false);
            return new ExhaustionWarning(
                    ExhaustionWarning.Phase.CLEARED,
                    key,
                    metric,
                    now,
                    s.getLastValue(),
                    fit.level(),
                    s.getCeiling(),
                    perMinute(fit.slopePerMinute()),
                    -1,
                    -1,
                    fit.evidence());
        }
        return null;
    }

    /** A slope per point as a slope per real minute. */
    private double perMinute(double perPoint) {
        return perPoint * MINUTE_MS / pointMs;
    }

    private ExhaustionWarning warning(
            ExhaustionWarning.Phase phase, ExhaustionState s, String key, String metric, long now, TrendFit fit) {
        long tte = Math.round(fit.minutesToExhaustion() * pointMs / 1000.0);
        return new ExhaustionWarning(
                phase,
                key,
                metric,
                now,
                s.getLastValue(),
                fit.level(),
                s.getCeiling(),
                perMinute(fit.slopePerMinute()),
                tte,
                now + tte * 1000,
                fit.evidence());
    }

    private static int slot(long minute, int cap) {
        return (int) Math.floorMod(minute, (long) cap);
    }
}
