package io.maximus.hcl.models.failure;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online failure prediction for one key (host), as the job runs it: snapshots are resampled into rows (the mean of
 * each metric over one row period, a minute by default), each closed row goes into the key's {@link MetricWindow},
 * and once the window is full every row is scored by the {@link FleetFailureModel}. An alarm has hysteresis: it is
 * raised after {@code confirmRows} rows in a row at or above the threshold and cleared after {@code clearRows} rows
 * in a row below {@code clearRatio × threshold}; the drivers are computed when it is raised. Rows that lack one of
 * the model's metrics are not scored (a host reporting other metrics needs a model trained on them). All per-key data lives in
 * {@link State} (a POJO for Flink keyed state); this class holds only the model and settings.
 */
public final class FailureMonitor implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Alarm settings.
     *
     * @param threshold probability at and above which a row counts toward an alarm
     * @param clearRatio an alarm clears on rows below {@code clearRatio × threshold}
     * @param confirmRows rows in a row above the threshold that raise an alarm
     * @param clearRows rows in a row below the clear level that clear it
     * @param topDrivers how many driving features an alarm names
     */
    public record Config(double threshold, double clearRatio, int confirmRows, int clearRows, int topDrivers)
            implements Serializable {

        /** Checks the settings. */
        public Config {
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("failure threshold must be in (0, 1), got " + threshold);
            }
            if (!(clearRatio > 0 && clearRatio <= 1)) {
                throw new IllegalArgumentException("failure clear ratio must be in (0, 1], got " + clearRatio);
            }
            if (confirmRows < 1 || clearRows < 1 || topDrivers < 0) {
                throw new IllegalArgumentException("confirm and clear rows must be at least 1, drivers at least 0");
            }
        }

        /** The model's own threshold, 2 rows to raise, 5 rows below half of it to clear, 3 drivers. */
        public static Config defaults(FleetFailureModel model) {
            return new Config(model.threshold(), 0.5, 2, 5, 3);
        }
    }

    /** What a scored row did to the alarm. */
    public enum Transition {
        /** Nothing changed. */
        NONE,
        /** An alarm was raised on this row. */
        RAISED,
        /** The alarm cleared on this row. */
        CLEARED
    }

    /**
     * One scored row.
     *
     * @param eventTime event time of the newest snapshot in the row
     * @param row row index (event time / row period)
     * @param probability P(failure within the model's lead window)
     * @param alarmed whether the key is in alarm after this row
     * @param transition whether this row raised or cleared the alarm
     * @param drivers the features that drove the prediction (filled when the alarm is raised)
     * @param values the row's metric means
     */
    public record Scored(
            long eventTime,
            long row,
            double probability,
            boolean alarmed,
            Transition transition,
            List<FailurePrediction.Driver> drivers,
            Map<String, Double> values) {}

    /** Per-key state: the row being filled, the window of closed rows, the alarm. */
    public static class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Closed rows. */
        public MetricWindow window;
        /** Index of the row being filled (event time / row period); Long.MIN_VALUE before the first snapshot. */
        public long row = Long.MIN_VALUE;
        /** Per-metric sums of the row being filled. */
        public double[] sum;
        /** Per-metric counts of the row being filled. */
        public int[] count;
        /** Newest event time in the row being filled. */
        public long lastTime;
        /** Rows closed so far (capped at the window's capacity). */
        public int rows;
        /** Whether the key is in alarm. */
        public boolean alarmed;
        /** Consecutive rows at or above the threshold. */
        public int above;
        /** Consecutive rows below the clear level. */
        public int below;
        /** Event time the current alarm was raised. */
        public long alarmSince;

        /** For serializers. */
        public State() {}
    }

    private final FleetFailureModel model;
    private final Config config;
    private final String[] metrics;
    private final TrendFeatures features;

    /** A monitor serving {@code model} with the given alarm settings. */
    public FailureMonitor(FleetFailureModel model, Config config) {
        this.model = model;
        this.config = config;
        this.metrics = model.metrics();
        this.features = model.features();
    }

    /** The model served. */
    public FleetFailureModel model() {
        return model;
    }

    /** The alarm settings. */
    public Config config() {
        return config;
    }

    /** A fresh state for a new key. */
    public State newState() {
        State s = new State();
        s.window = model.newWindow();
        s.sum = new double[metrics.length];
        s.count = new int[metrics.length];
        return s;
    }

    /**
     * A closed row.
     *
     * @param row row index (event time / row period)
     * @param eventTime newest event time in it
     * @param means per-metric means (NaN for a metric absent from the whole row)
     */
    public record Row(long row, long eventTime, double[] means) {}

    /**
     * Takes one snapshot; returns the scored row when the snapshot closed one after the warm-up, else null. A snapshot
     * older than the row being filled is counted into it (late data never reopens a closed row).
     */
    public Scored onSnapshot(State s, long eventTime, Map<String, Double> values) {
        Row closed = accumulate(s, eventTime, values, metrics, model.rowMillis());
        if (closed == null) {
            return null;
        }
        s.window.add(closed.means());
        s.rows = Math.min(s.rows + 1, s.window.capacity);
        if (!s.window.full() || !complete(closed.means())) {
            // a host that does not report every metric the model was trained on is not predicted: the trees would send
            // the missing features down branches they learnt without such rows, so the probability would mean nothing
            return null;
        }
        float[] x = new float[features.size()];
        features.compute(s.window, x, 0);
        double p = model.probability(x);
        Transition tr = step(s, p, closed.eventTime(), config);
        Map<String, Double> rowValues = new LinkedHashMap<>();
        for (int m = 0; m < metrics.length; m++) {
            if (!Double.isNaN(closed.means()[m])) {
                rowValues.put(metrics[m], Math.round(closed.means()[m] * 1000) / 1000.0);
            }
        }
        List<FailurePrediction.Driver> drivers =
                tr == Transition.RAISED ? model.drivers(x, config.topDrivers()) : List.of();
        return new Scored(closed.eventTime(), closed.row(), p, s.alarmed, tr, drivers, rowValues);
    }

    private static boolean complete(double[] means) {
        for (double v : means) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a snapshot to the row being filled (the state's {@code sum}, {@code count}, {@code row},
     * {@code lastTime}); when the snapshot belongs to a later row, closes the current one and returns it, else null.
     * Training resamples through this same method, so served rows are the rows trained on.
     */
    public static Row accumulate(State s, long t, Map<String, Double> values, String[] names, long rowMillis) {
        long row = Math.floorDiv(t, rowMillis);
        Row closed = null;
        if (s.row != Long.MIN_VALUE && row > s.row) {
            double[] means = new double[names.length];
            for (int m = 0; m < names.length; m++) {
                means[m] = s.count[m] == 0 ? Double.NaN : s.sum[m] / s.count[m];
                s.sum[m] = 0;
                s.count[m] = 0;
            }
            closed = new Row(s.row, s.lastTime, means);
        }
        if (s.row == Long.MIN_VALUE || row > s.row) {
            s.row = row;
            s.lastTime = t;
        }
        s.lastTime = Math.max(s.lastTime, t);
        for (int m = 0; m < names.length; m++) {
            Double v = values.get(names[m]);
            if (v != null && Double.isFinite(v)) {
                s.sum[m] += v;
                s.count[m]++;
            }
        }
        return closed;
    }

    /** A state for resampling only (no window), e.g. for training. */
    public static State resamplingState(int metrics) {
        State s = new State();
        s.sum = new double[metrics];
        s.count = new int[metrics];
        return s;
    }

    /** The hysteresis: updates the alarm of {@code s} with one row's probability. */
    public static Transition step(State s, double p, long eventTime, Config c) {
        if (p >= c.threshold()) {
            s.above++;
        } else {
            s.above = 0;
        }
        if (p < c.clearRatio() * c.threshold()) {
            s.below++;
        } else {
            s.below = 0;
        }
        if (!s.alarmed && s.above >= c.confirmRows()) {
            s.alarmed = true;
            s.alarmSince = eventTime;
            s.below = 0;
            return Transition.RAISED;
        }
        if (s.alarmed && s.below >= c.clearRows()) {
            s.alarmed = false;
            s.above = 0;
            return Transition.CLEARED;
        }
        return Transition.NONE;
    }
}
