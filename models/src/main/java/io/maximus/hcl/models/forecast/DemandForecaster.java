package io.maximus.hcl.models.forecast;

import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.Scope;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The per-key demand forecaster as the job runs it, in plain Java: resamples a metric to fixed steps (15 minutes)
 * in event time, keeps the recent points, filters each closed point into the {@link ForecastState} (the cheap
 * step), says when a refit is due and on which points, installs a finished fit (catching its state up on the points
 * that arrived while it ran) and produces {@link DemandForecast} events at 1 h, 6 h and 24 h with intervals.
 *
 * <p>All per-key data lives in {@link State}, a Flink POJO; this class holds only configuration, so one instance
 * serves every key. The fit itself ({@link #fit}) is a pure function the caller may run on another thread.
 */
public final class DemandForecaster implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Configuration.
     *
     * @param metric the demand metric (a service window mean, e.g. {@code cpu_usage})
     * @param stepSeconds resolution of the series (900)
     * @param orders SARIMA orders p,d,q,P,D,Q; the season is one day of steps
     * @param weeklyHarmonics weekly Fourier harmonics as calendar regressors
     * @param trainSteps longest training window, in steps (28 days = 2688)
     * @param minHistorySteps points needed before the first fit (at least the fitter's minimum)
     * @param refitSteps steps between refits (4 = hourly); with a drift threshold, the earliest a refit can follow
     *     the last one
     * @param maxEvaluations likelihood evaluations per fit
     * @param coverage central coverage of the intervals (0.9)
     * @param peakSteps the peak is looked for within this many steps ahead (4 = the next hour)
     * @param maxRefitSteps with a drift threshold: steps after which a refit is due even without drift (96 = daily)
     * @param driftThreshold refit after {@code refitSteps} only when the mean squared standardized one-step
     *     innovation since the last fit exceeds this (3.0: errors 1.7 times the fitted sigma); 0 refits every
     *     {@code refitSteps}
     */
    public record Config(
            String metric,
            long stepSeconds,
            int[] orders,
            int weeklyHarmonics,
            int trainSteps,
            int minHistorySteps,
            int refitSteps,
            int maxEvaluations,
            double coverage,
            int peakSteps,
            int maxRefitSteps,
            double driftThreshold)
            implements Serializable {

        /** A configuration refitting every {@code refitSteps}, whatever the innovations (no drift threshold). */
        public Config(
                String metric,
                long stepSeconds,
                int[] orders,
                int weeklyHarmonics,
                int trainSteps,
                int minHistorySteps,
                int refitSteps,
                int maxEvaluations,
                double coverage,
                int peakSteps) {
            this(
                    metric,
                    stepSeconds,
                    orders,
                    weeklyHarmonics,
                    trainSteps,
                    minHistorySteps,
                    refitSteps,
                    maxEvaluations,
                    coverage,
                    peakSteps,
                    refitSteps,
                    0);
        }

        /** Validates. */
        public Config {
            if (orders.length != 6) {
                throw new IllegalArgumentException("orders must be p,d,q,P,D,Q (6 numbers)");
            }
            if (stepSeconds <= 0 || 86400 % stepSeconds != 0) {
                throw new IllegalArgumentException("step must divide one day: " + stepSeconds + " s");
            }
            if (refitSteps < 1 || peakSteps < 1 || trainSteps < 1) {
                throw new IllegalArgumentException("refit, peak and training window must be at least one step");
            }
            if (maxRefitSteps < refitSteps || !(driftThreshold >= 0)) {
                throw new IllegalArgumentException("max refit interval below the refit interval, or negative drift");
            }
            if (!(coverage > 0 && coverage < 1)) {
                throw new IllegalArgumentException("coverage must be in (0, 1): " + coverage);
            }
        }

        /** Steps per day (the season). */
        public int daySteps() {
            return (int) (86400 / stepSeconds);
        }

        /** The SARIMA orders with the daily season. */
        public SarimaOrder order() {
            return new SarimaOrder(orders[0], orders[1], orders[2], orders[3], orders[4], orders[5], daySteps());
        }
    }

    /** Per-key state: a Flink POJO (public fields, no-arg constructor). */
    public static class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Step index (epoch seconds / step) of the point being accumulated; {@code Long.MIN_VALUE} when none. */
        public long binStep = Long.MIN_VALUE;
        /** Sum and count of the values in the open step. */
        public double binSum;

        public int binCount;
        /** Ring buffer of closed points by step index (slot = step mod capacity); NaN where a step had no value. */
        public double[] history;
        /** Step of the newest closed point; {@code Long.MIN_VALUE} when none. */
        public long lastStep = Long.MIN_VALUE;
        /** Closed steps held in {@link #history} (up to its capacity). */
        public int count;
        /** The model in use and its filter state; null until the first fit. */
        public SarimaModel model;

        public ForecastState filter;
        /** Step of the last training point of the model in use. */
        public long fittedStep = Long.MIN_VALUE;
        /** Refits so far. */
        public int refits;
        /** Operational mode of the newest input window (for plans); null when unknown. */
        public String mode;
        /** Predicted peak time (epoch ms) of the last forecast-peak plan; 0 when none. */
        public long lastPlannedPeak;
        /**
         * Sum of the squared standardized one-step innovations since the model in use was installed, and their count
         * (the drift test of {@link #refitDue}).
         */
        public double driftSum;

        public int driftCount;

        /** A fresh state. */
        public State() {}
    }

    /** A training request: the points and their first step. */
    public record Training(long firstStep, double[] values) {}

    private final Config config;

    /** A forecaster with this configuration. */
    public DemandForecaster(Config config) {
        this.config = config;
    }

    /** Its configuration. */
    public Config config() {
        return config;
    }

    /** The fitter for this configuration. */
    public SarimaFitter fitter() {
        return fitter(config.weeklyHarmonics());
    }

    private SarimaFitter fitter(int weeklyHarmonics) {
        return new SarimaFitter(
                config.order(), config.stepSeconds(), weeklyHarmonics, 0, config.daySteps(), config.maxEvaluations());
    }

    /**
     * Weekly harmonics a training series of {@code n} steps supports: none below two weeks, where weekly Fourier terms
     * fitted on a few days act as a free trend and extrapolate wildly.
     */
    public int weeklyHarmonicsFor(int n) {
        return n >= 14 * config.daySteps() ? config.weeklyHarmonics() : 0;
    }

    /** Step index of an event time. */
    public long stepOf(long epochMillis) {
        return Math.floorDiv(epochMillis, config.stepSeconds() * 1000);
    }

    /** Event time at which a step ends, epoch milliseconds. */
    public long endOf(long step) {
        return (step + 1) * config.stepSeconds() * 1000;
    }

    /**
     * Adds one observation at {@code epochMillis}. When it falls in a later step than the open one, that one is closed
     * first and {@code true} is returned (the caller then forecasts). Observations for already closed steps are
     * dropped (the filter only moves forward).
     */
    public boolean add(State s, long epochMillis, double value) {
        if (!Double.isFinite(value)) {
            return false;
        }
        long step = stepOf(epochMillis);
        boolean closed = false;
        if (s.binStep != Long.MIN_VALUE && step > s.binStep) {
            closed = close(s);
        }
        if (s.lastStep != Long.MIN_VALUE && step <= s.lastStep) {
            return closed;
        }
        s.binStep = step;
        s.binSum += value;
        s.binCount++;
        return closed;
    }

    /** Closes the open step (e.g. on an event-time timer at its end); returns whether there was one. */
    public boolean close(State s) {
        if (s.binStep == Long.MIN_VALUE || s.binCount == 0) {
            return false;
        }
        record(s, s.binStep, s.binSum / s.binCount);
        s.binStep = Long.MIN_VALUE;
        s.binSum = 0;
        s.binCount = 0;
        return true;
    }

    /** Records a closed point and filters it into the state when a model is in use. */
    void record(State s, long step, double value) {
        int cap = config.trainSteps();
        if (s.history == null || s.history.length != cap) {
            s.history = new double[cap];
            s.count = 0;
        }
        if (s.lastStep != Long.MIN_VALUE) {
            long gap = step - s.lastStep;
            for (long g = Math.max(s.lastStep + 1, step - cap + 1); g < step; g++) {
                s.history[(int) Math.floorMod(g, cap)] = Double.NaN;
            }
            s.count = (int) Math.min(cap, s.count + gap);
            if (gap > config.daySteps() && s.model != null) {
                // silent for more than a day: the filter state is stale; start over with a fit on what is held
                s.model = null;
                s.filter = null;
            }
        } else {
            s.count = 1;
        }
        s.history[(int) Math.floorMod(step, cap)] = value;
        s.lastStep = step;
        if (s.model != null) {
            double v = s.model.update(s.filter, step, value);
            double var = s.model.innovationVariance();
            if (Double.isFinite(v) && var > 0) {
                s.driftSum += v * v / var;
                s.driftCount++;
            }
        }
    }

    /** The closed point at {@code step}, NaN when missing or no longer held. */
    public double valueAt(State s, long step) {
        if (s.history == null || s.lastStep == Long.MIN_VALUE || step > s.lastStep || step <= s.lastStep - s.count) {
            return Double.NaN;
        }
        return s.history[(int) Math.floorMod(step, s.history.length)];
    }

    /**
     * Whether a (re)fit is due: enough history, and no fit yet, or {@code refitSteps} since the last one. With a drift
     * threshold, a refit after {@code refitSteps} is due only when the model's one-step innovations since it was
     * installed are on average larger than the threshold allows (the series has changed), or when the history has
     * grown by an eighth since the fit (early days), or after {@code maxRefitSteps} anyway; between refits the model
     * only filters (microseconds a point). Everything here is a function of the points, so a replay is deterministic.
     */
    public boolean refitDue(State s) {
        if (s.lastStep == Long.MIN_VALUE || s.count < Math.max(config.minHistorySteps(), fitter().minimumLength())) {
            return false;
        }
        if (s.model == null) {
            return true;
        }
        long since = s.lastStep - s.fittedStep;
        if (since < config.refitSteps()) {
            return false;
        }
        if (config.driftThreshold() <= 0 || since >= config.maxRefitSteps()) {
            return true;
        }
        long heldAtFit = s.count - since;
        return 8 * since >= heldAtFit || drifting(s);
    }

    /** Whether the one-step innovations since the model was installed exceed the drift threshold on average. */
    public boolean drifting(State s) {
        return s.driftCount >= config.refitSteps() && s.driftSum / s.driftCount > config.driftThreshold();
    }

    /** The training points for a fit now: the held history, gaps imputed (same hour last week, yesterday, last). */
    public Training training(State s) {
        int n = s.count;
        long first = s.lastStep - n + 1;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = valueAt(s, first + i);
        }
        return new Training(first, Imputation.impute(y, config.daySteps()));
    }

    /** Fits a model to a training request, warm-started from {@code warm} (nullable). Pure: safe off the task thread. */
    public SarimaFitter.Fit fit(Training t, SarimaModel warm) {
        return fitter(weeklyHarmonicsFor(t.values().length)).fit(t.firstStep(), t.values(), warm);
    }

    /**
     * Installs a finished fit: its model replaces the one in use, and its filter state (as of the last training
     * point) is caught up on the points closed since.
     */
    public void install(State s, SarimaFitter.Fit fit) {
        ForecastState f = fit.state();
        long from = f.lastStep + 1;
        for (long step = from; step <= s.lastStep; step++) {
            fit.model().update(f, step, valueAt(s, step));
        }
        s.model = fit.model();
        s.filter = f;
        s.fittedStep = fit.state().lastStep;
        s.refits++;
        s.driftSum = 0;
        s.driftCount = 0;
    }

    /**
     * Starts from a trained model (an artifact) without fitting: its coefficients with a filter started on the key's
     * held history. Returns false (and changes nothing) when the history is too short to start the filter or the
     * model's orders or step differ from this configuration.
     */
    public boolean startFrom(State s, SarimaModel trained) {
        if (trained.stepSeconds != config.stepSeconds() || !trained.order().equals(config.order())) {
            return false;
        }
        int dd = config.order().diffLength();
        if (s.lastStep == Long.MIN_VALUE || s.count <= dd + config.daySteps() / 4) {
            return false;
        }
        Training t = training(s);
        s.model = trained;
        s.filter = trained.start(t.firstStep(), t.values());
        s.fittedStep = s.lastStep;
        s.driftSum = 0;
        s.driftCount = 0;
        return true;
    }

    /** A short name of the model, e.g. {@code sarima(1,1,1)(1,1,1,96)}. */
    public String modelName() {
        SarimaOrder o = config.order();
        return String.format(
                Locale.ROOT, "sarima(%d,%d,%d)(%d,%d,%d,%d)", o.p(), o.d(), o.q(), o.sp(), o.sd(), o.sq(), o.s());
    }

    /** The forecast event after the newest closed point, or empty while no model is in use. */
    public Optional<DemandForecast> forecast(State s, Scope scope) {
        if (s.model == null || s.filter == null || s.lastStep == Long.MIN_VALUE) {
            return Optional.empty();
        }
        int day = config.daySteps();
        int maxH = Math.max(day, config.peakSteps());
        Forecast fc = s.model.forecast(s.filter, maxH, config.coverage());
        int[] horizons = {(int) (3600 / config.stepSeconds()), (int) (6 * 3600 / config.stepSeconds()), day};
        List<DemandForecast.Point> points = new ArrayList<>();
        for (int h : horizons) {
            if (h >= 1) {
                points.add(point(s, fc, h));
            }
        }
        int best = 1;
        for (int h = 2; h <= config.peakSteps(); h++) {
            if (fc.at(h) > fc.at(best)) {
                best = h;
            }
        }
        return Optional.of(new DemandForecast(
                scope,
                endOf(s.lastStep),
                config.metric(),
                modelName(),
                config.stepSeconds(),
                valueAt(s, s.lastStep),
                config.coverage(),
                points,
                point(s, fc, best),
                endOf(s.fittedStep)));
    }

    private DemandForecast.Point point(State s, Forecast fc, int h) {
        return new DemandForecast.Point(
                h * config.stepSeconds() / 60,
                endOf(s.lastStep + h),
                round(fc.mean()[h - 1]),
                round(fc.lower()[h - 1]),
                round(fc.upper()[h - 1]));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
