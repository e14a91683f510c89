package io.maximus.hcl.models.forecast.select;

import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.models.forecast.RefitCpu;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses, per service and per horizon, the forecaster that has been most accurate on the service's own recent
 * history: a rolling-origin backtest run online. At every closed point each {@link Candidate} makes its forecasts at
 * every horizon; when the target point closes, each forecast's absolute error enters an exponentially weighted mean
 * (half-life {@link Config#halfLifeSteps}). A candidate's backtest MASE is its weighted error over that of the daily
 * seasonal-naive forecast (same time yesterday) on the same stream of targets. The forecast a horizon reports is the
 * candidate with the lowest MASE among those scored on at least {@link Config#minScored} targets; the choice changes
 * only when another candidate is better by {@link Config#switchMargin} (so it does not flap between equals).
 *
 * <p>Every origin is scored (the backtest never waits for a refit) and nothing is trained on a target before it is
 * scored: each origin's forecasts are made from the points up to it with the models fitted before it. The cheap
 * candidates (Holt-Winters, seasonal AR, naive forecasts) are refitted by {@link #refit} on the held window in a few
 * milliseconds; SARIMA's forecasts come from the caller (the job's fitted model).
 *
 * <p>All per-key data lives in {@link State}, a Flink POJO; this class holds only configuration.
 */
public final class ForecastSelector implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Configuration.
     *
     * @param daySteps steps per day (the season)
     * @param horizons horizons in steps (e.g. 4, 24, 96)
     * @param halfLifeSteps half-life of the error weights, in scored targets (672 = a week of 15-minute points)
     * @param minScored targets a candidate must have been scored on before it can be chosen
     * @param switchMargin relative MASE advantage a challenger needs to replace the chosen candidate
     */
    public record Config(int daySteps, int[] horizons, double halfLifeSteps, int minScored, double switchMargin)
            implements Serializable {

        /** Validates and copies. */
        public Config {
            horizons = horizons.clone();
            if (daySteps < 2 || horizons.length == 0 || halfLifeSteps <= 0 || minScored < 1 || switchMargin < 0) {
                throw new IllegalArgumentException("bad selector configuration");
            }
        }

        /** Defaults for a series of {@code daySteps} points a day and these horizons. */
        public static Config defaults(int daySteps, int[] horizons) {
            return new Config(daySteps, horizons, 7.0 * daySteps, daySteps, 0.05);
        }
    }

    /** Per-key state: a Flink POJO (public fields, no-arg constructor); arrays are flattened [candidate][horizon]. */
    public static class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Newest step fed to {@link #step}; {@code Long.MIN_VALUE} when none. */
        public long lastStep = Long.MIN_VALUE;
        /** Pending forecasts per candidate and horizon, a ring of {@code h} slots per horizon (slot = target mod h). */
        public double[] pending;
        /** Target step of each pending slot, per horizon (shared by the candidates). */
        public long[] pendingTarget;
        /** Weighted sums of absolute errors and of weights, [candidate][horizon]. */
        public double[] errSum;

        public double[] weightSum;
        /** Targets scored, [candidate][horizon]. */
        public int[] scored;
        /** The chosen candidate (ordinal) per horizon, -1 when none yet, and the step it was chosen at. */
        public int[] chosen;

        public long[] chosenSince;
        /** Holt-Winters state and constants (see {@link HoltWinters}). */
        public double hwLevel;

        public double hwTrend;
        public double[] hwSeason;
        public double hwAlpha;
        public double hwBeta;
        public double hwGamma;
        /** Seasonal AR coefficients [variant (daily, weekly)][horizon][{@link SeasonalAr#WIDTH}]; NaN when unfitted. */
        public double[] sar;
        /** Refits so far, and the step of the newest point the last refit saw ({@code Long.MIN_VALUE}: none). */
        public int refits;

        public long refittedStep = Long.MIN_VALUE;

        /** A fresh state. */
        public State() {}
    }

    /**
     * What a horizon reports.
     *
     * @param horizon steps ahead
     * @param candidate the chosen forecaster, or null when no candidate has a forecast
     * @param value its forecast
     * @param mase its backtest MASE on this key's history (NaN while unscored)
     * @param since step from which it has been the choice
     * @param scored targets it has been scored on
     */
    public record Choice(int horizon, Candidate candidate, double value, double mase, long since, int scored) {}

    private final Config config;
    private final double decay;

    /** A selector with this configuration. */
    public ForecastSelector(Config config) {
        this.config = config;
        this.decay = Math.pow(0.5, 1.0 / config.halfLifeSteps());
    }

    /** Its configuration. */
    public Config config() {
        return config;
    }

    private int nh() {
        return config.horizons().length;
    }

    private int ringOffset(int hi) {
        int off = 0;
        for (int i = 0; i < hi; i++) {
            off += config.horizons()[i];
        }
        return off;
    }

    private int ringTotal() {
        return ringOffset(nh());
    }

    private void init(State s) {
        int nh = nh();
        int ring = ringTotal();
        if (s.pending == null || s.pending.length != Candidate.COUNT * ring) {
            s.pending = new double[Candidate.COUNT * ring];
            Arrays.fill(s.pending, Double.NaN);
            s.pendingTarget = new long[ring];
            Arrays.fill(s.pendingTarget, Long.MIN_VALUE);
            s.errSum = new double[Candidate.COUNT * nh];
            s.weightSum = new double[Candidate.COUNT * nh];
            s.scored = new int[Candidate.COUNT * nh];
            s.chosen = new int[nh];
            Arrays.fill(s.chosen, -1);
            s.chosenSince = new long[nh];
            s.sar = new double[2 * nh * SeasonalAr.WIDTH];
            Arrays.fill(s.sar, Double.NaN);
        }
    }

    /**
     * Refits the cheap candidates on the held window {@code [from, to]} (Holt-Winters' constants and state, the
     * seasonal AR coefficients). Call it before {@link #step} of the point after {@code to}, or right after the
     * {@link #step} of {@code to}.
     */
    public void refit(State s, SeriesView y, long from, long to) {
        long cpu0 = RefitCpu.threadNanos();
        init(s);
        int day = config.daySteps();
        HoltWinters.fit(s, y, from, to, day, config.horizons());
        s.refittedStep = to;
        for (int v = 0; v < 2; v++) {
            boolean weekly = v == 1;
            for (int hi = 0; hi < nh(); hi++) {
                double[] c = SeasonalAr.fit(y, from, to, config.horizons()[hi], day, weekly);
                int at = (v * nh() + hi) * SeasonalAr.WIDTH;
                for (int k = 0; k < SeasonalAr.WIDTH; k++) {
                    s.sar[at + k] = c == null ? Double.NaN : c[k];
                }
            }
        }
        s.refits++;
        RefitCpu.record(cpu0);
    }

    /**
     * One closed point {@code value} at {@code step} (NaN when the point has no value): filters it into Holt-Winters,
     * scores the forecasts that targeted it, makes every candidate's forecasts from it and chooses per horizon.
     * {@code y} must already hold the point. {@code sarima} holds SARIMA's mean forecast per horizon (same order as
     * {@link Config#horizons}), or is null when no SARIMA model exists.
     */
    public Choice[] step(State s, SeriesView y, long step, double value, double[] sarima) {
        init(s);
        int day = config.daySteps();
        if (s.lastStep != Long.MIN_VALUE && step <= s.lastStep) {
            throw new IllegalArgumentException("steps must increase: " + step + " after " + s.lastStep);
        }
        if (HoltWinters.ready(s)) {
            if (s.lastStep != Long.MIN_VALUE) {
                for (long g = s.lastStep + 1; g < step && g - s.lastStep <= day; g++) {
                    HoltWinters.update(s, g, Double.NaN, day); // a gap: carry the forecast through
                }
            }
            HoltWinters.update(s, step, value, day);
        }
        s.lastStep = step;
        if (Double.isFinite(value)) {
            score(s, step, value);
        }
        double[] fc = forecasts(s, y, step, sarima);
        record(s, step, fc);
        return choose(s, step, fc);
    }

    private void score(State s, long step, double value) {
        int nh = nh();
        for (int hi = 0; hi < nh; hi++) {
            int h = config.horizons()[hi];
            int slot = ringOffset(hi) + (int) Math.floorMod(step, (long) h);
            if (s.pendingTarget[slot] != step) {
                continue;
            }
            boolean naiveScored = Double.isFinite(s.pending[Candidate.SEASONAL_NAIVE.ordinal() * ringTotal() + slot]);
            for (int c = 0; c < Candidate.COUNT; c++) {
                double f = s.pending[c * ringTotal() + slot];
                int at = c * nh + hi;
                // every candidate's weights decay per scored target of the reference, so MASEs compare like with like
                if (naiveScored) {
                    s.errSum[at] *= decay;
                    s.weightSum[at] *= decay;
                }
                if (Double.isFinite(f) && naiveScored) {
                    s.errSum[at] += Math.abs(value - f);
                    s.weightSum[at] += 1;
                    s.scored[at]++;
                }
            }
        }
    }

    /** Forecasts per [candidate][horizon] at origin {@code step}; NaN where a candidate has none. */
    private double[] forecasts(State s, SeriesView y, long step, double[] sarima) {
        int nh = nh();
        int day = config.daySteps();
        double[] f = new double[Candidate.COUNT * nh];
        Arrays.fill(f, Double.NaN);
        for (int hi = 0; hi < nh; hi++) {
            int h = config.horizons()[hi];
            if (sarima != null && Double.isFinite(sarima[hi])) {
                f[Candidate.SARIMA.ordinal() * nh + hi] = sarima[hi];
            }
            if (HoltWinters.ready(s)) {
                f[Candidate.HOLT_WINTERS.ordinal() * nh + hi] = HoltWinters.forecast(s, step, h, day);
            }
            for (int v = 0; v < 2; v++) {
                int at = (v * nh + hi) * SeasonalAr.WIDTH;
                if (!Double.isNaN(s.sar[at])) {
                    double[] coef = Arrays.copyOfRange(s.sar, at, at + SeasonalAr.WIDTH);
                    Candidate c = v == 0 ? Candidate.SEASONAL_AR : Candidate.SEASONAL_AR_WEEKLY;
                    f[c.ordinal() * nh + hi] = SeasonalAr.forecast(coef, y, step, h, day, v == 1);
                }
            }
            f[Candidate.WEEKLY_NAIVE.ordinal() * nh + hi] = y.at(step + h - 7L * day * ceilDiv(h, 7L * day));
            f[Candidate.SEASONAL_NAIVE.ordinal() * nh + hi] = y.at(step + h - (long) day * ceilDiv(h, day));
            double sum = 0;
            int n = 0;
            for (Candidate c : new Candidate[] {Candidate.SARIMA, Candidate.HOLT_WINTERS, Candidate.SEASONAL_AR}) {
                double v = f[c.ordinal() * nh + hi];
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
            if (n >= 2) {
                f[Candidate.COMBINATION.ordinal() * nh + hi] = sum / n;
            }
        }
        return f;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private void record(State s, long step, double[] fc) {
        int nh = nh();
        for (int hi = 0; hi < nh; hi++) {
            int h = config.horizons()[hi];
            int slot = ringOffset(hi) + (int) Math.floorMod(step + h, (long) h);
            s.pendingTarget[slot] = step + h;
            for (int c = 0; c < Candidate.COUNT; c++) {
                s.pending[c * ringTotal() + slot] = fc[c * nh + hi];
            }
        }
    }

    /** Whether the cheap candidates are due a refit after {@code step}: two days held and none in {@code every} steps. */
    public boolean refitDue(State s, long step, long firstHeldStep, int every) {
        if (step - firstHeldStep + 1 < 2L * config.daySteps()) {
            return false;
        }
        return s.refittedStep == Long.MIN_VALUE || step - s.refittedStep >= every;
    }

    /**
     * Brings a fresh state up to date on history already held (a key restored from a savepoint taken before the
     * selector existed, or a forecaster started from a trained artifact): replays {@code [from, to]} through
     * {@link #step} without SARIMA, refitting daily. Does nothing when the state has seen a point.
     */
    public void warmUp(State s, SeriesView y, long from, long to) {
        init(s);
        if (s.lastStep != Long.MIN_VALUE) {
            return;
        }
        for (long t = from; t <= to; t++) {
            if (t - from >= 2L * config.daySteps() && (t - from) % config.daySteps() == 0) {
                refit(s, y, from, t - 1);
            }
            step(s, y, t, y.at(t), null);
        }
    }

    /**
     * The forecast event with each horizon's point from its chosen forecaster: the chosen mean (the interval shifted
     * with it, keeping SARIMA's width) and the forecaster's name, backtest MASE and since when it is the choice.
     * Horizons the selector does not cover keep SARIMA's point. The peak stays SARIMA's.
     */
    public DemandForecast apply(DemandForecast f, Choice[] choices, long stepSeconds) {
        List<DemandForecast.Point> points = new ArrayList<>();
        for (DemandForecast.Point p : f.horizons()) {
            DemandForecast.Point out = p;
            for (Choice c : choices) {
                if (c.candidate() != null
                        && c.horizon() * stepSeconds == p.minutesAhead() * 60
                        && Double.isFinite(c.value())) {
                    double shift = c.candidate() == Candidate.SARIMA ? 0 : c.value() - p.mean();
                    out = new DemandForecast.Point(
                            p.minutesAhead(),
                            p.at(),
                            round3(p.mean() + shift),
                            round3(p.lower() + shift),
                            round3(p.upper() + shift),
                            c.candidate().wireName(),
                            Double.isFinite(c.mase()) ? Math.round(c.mase() * 1e4) / 1e4 : null,
                            (c.since() + 1) * stepSeconds * 1000);
                }
            }
            points.add(out);
        }
        return new DemandForecast(
                f.scope(),
                f.eventTime(),
                f.metric(),
                f.model(),
                f.stepSeconds(),
                f.lastValue(),
                f.coverage(),
                points,
                f.peak(),
                f.fittedAt());
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The backtest MASE of a candidate at a horizon index; NaN while unscored. */
    public double mase(State s, Candidate c, int horizonIndex) {
        init(s);
        int nh = nh();
        int at = c.ordinal() * nh + horizonIndex;
        int ref = Candidate.SEASONAL_NAIVE.ordinal() * nh + horizonIndex;
        if (s.weightSum[at] <= 0 || s.weightSum[ref] <= 0 || s.errSum[ref] <= 0) {
            return Double.NaN;
        }
        return (s.errSum[at] / s.weightSum[at]) / (s.errSum[ref] / s.weightSum[ref]);
    }

    private Choice[] choose(State s, long step, double[] fc) {
        int nh = nh();
        Choice[] out = new Choice[nh];
        for (int hi = 0; hi < nh; hi++) {
            int best = -1;
            double bestMase = Double.POSITIVE_INFINITY;
            for (Candidate c : Candidate.values()) {
                double m = mase(s, c, hi);
                if (Double.isFinite(fc[c.ordinal() * nh + hi])
                        && s.scored[c.ordinal() * nh + hi] >= config.minScored()
                        && m < bestMase) {
                    best = c.ordinal();
                    bestMase = m;
                }
            }
            int cur = s.chosen[hi];
            boolean curUsable =
                    cur >= 0 && Double.isFinite(fc[cur * nh + hi]) && s.scored[cur * nh + hi] >= config.minScored();
            if (curUsable && best != cur) {
                double curMase = mase(s, Candidate.values()[cur], hi);
                if (!(bestMase < curMase * (1 - config.switchMargin()))) {
                    best = cur;
                }
            }
            if (best < 0) {
                // nothing scored long enough yet: SARIMA when fitted, else the seasonal-naive forecast
                for (Candidate c : new Candidate[] {Candidate.SARIMA, Candidate.SEASONAL_NAIVE}) {
                    if (Double.isFinite(fc[c.ordinal() * nh + hi])) {
                        best = c.ordinal();
                        break;
                    }
                }
            }
            if (best != cur) {
                s.chosen[hi] = best;
                s.chosenSince[hi] = step;
            }
            if (best < 0) {
                out[hi] = new Choice(config.horizons()[hi], null, Double.NaN, Double.NaN, step, 0);
            } else {
                Candidate c = Candidate.values()[best];
                out[hi] = new Choice(
                        config.horizons()[hi],
                        c,
                        fc[best * nh + hi],
                        mase(s, c, hi),
                        s.chosenSince[hi],
                        s.scored[best * nh + hi]);
            }
        }
        return out;
    }
}
