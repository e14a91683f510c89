package io.maximus.hcl.models.failure;

import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains and evaluates the fleet failure model on telemetry history (JSON lines in the input contract, e.g. from
 * {@code hcl generate}). Labels come from the telemetry itself: a host is down in a row whose mean
 * {@code error_rate} is at or above {@code outageErrorRate}, or in rows it did not report for {@code gapRows} rows or
 * more; an outage's first row is its onset. A row is positive when an onset follows it by lead-min..lead-max
 * minutes. Rows inside an outage and the last lead-min minutes before an onset are not trained on (the failure is
 * there or too close to call "10–30 minutes ahead"). The threshold is chosen on out-of-fold predictions of two
 * host folds (every second host), maximising event F1 through the same alarm hysteresis the job uses; the model
 * averages the two fold models, so the threshold and the probabilities share one calibration.
 */
public final class FleetFailureTraining {

    private static final Logger LOG = LoggerFactory.getLogger(FleetFailureTraining.class);

    /** Training settings. */
    public record Config(
            String[] metrics,
            long rowMillis,
            int shortRows,
            int longRows,
            int leadMinMinutes,
            int leadMaxMinutes,
            double outageErrorRate,
            int gapRows,
            int rounds,
            int maxDepth,
            double negativeSample,
            int threads,
            long seed)
            implements java.io.Serializable {

        /** Defaults: the default metrics, 1-minute rows, 10/60-row windows, 10–30 minutes, 10 errors/s. */
        public static Config defaults() {
            return new Config(FleetFailureModel.DEFAULT_METRICS, 60_000L, 10, 60, 10, 30, 10.0, 3, 100, 3, 0.3, 1, 0);
        }
    }

    /**
     * One host's resampled history.
     *
     * @param key service/host
     * @param rows row indices (event time / row period), increasing
     * @param times newest event time of each row
     * @param means per-row metric means
     * @param outage rows in which the host is down
     * @param onsets row indices at which outages begin (a row of a gap may not exist)
     */
    public record HostSeries(
            String key, long[] rows, long[] times, double[][] means, boolean[] outage, List<Long> onsets) {}

    /**
     * Alarm quality over hosts: events (onsets with a full lead window of scored rows before them), predicted events
     * (an alarm active at some point lead-max..lead-min minutes before the onset), alarm episodes and the true ones
     * (active at some point in the lead-max minutes before an onset), lead times (onset minus the raise of that
     * alarm) in minutes, and scored host-hours.
     */
    public record Figures(
            int events,
            int predicted,
            int episodes,
            int trueEpisodes,
            int duringOutage,
            List<Double> leads,
            double hostHours) {

        /** Fraction of alarm episodes that preceded a failure. */
        public double precision() {
            return episodes == 0 ? 0 : trueEpisodes / (double) episodes;
        }

        /** Fraction of failures predicted in time. */
        public double recall() {
            return events == 0 ? 0 : predicted / (double) events;
        }

        /** Harmonic mean of precision and recall. */
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        /** The figures as a JSON-friendly map. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", events);
            m.put("predicted", predicted);
            m.put("precision", round(precision()));
            m.put("recall", round(recall()));
            m.put("f1", round(f1()));
            m.put("median_lead_min", leads.isEmpty() ? null : median(leads));
            m.put(
                    "min_lead_min",
                    leads.isEmpty()
                            ? null
                            : leads.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .min()
                                    .orElse(0));
            m.put("alarms", episodes);
            m.put("false_alarms", episodes - trueEpisodes);
            m.put(
                    "false_alarms_per_host_day",
                    hostHours == 0 ? null : round((episodes - trueEpisodes) / (hostHours / 24)));
            m.put("alarms_during_outage", duringOutage);
            m.put("host_hours", Math.round(hostHours));
            return m;
        }
    }

    /** A trained model and its figures. */
    public record Result(
            FleetFailureModel model, Booster[] boosters, Map<String, Object> figures, Map<String, Object> params) {}

    private final Config cfg;

    /** A training run with the given settings. */
    public FleetFailureTraining(Config cfg) {
        if (!Arrays.asList(cfg.metrics()).contains("error_rate")) {
            throw new IllegalArgumentException(
                    "the failure model's metrics must include error_rate (outages are " + "labelled from it)");
        }
        this.cfg = cfg;
    }

    private int leadRows(int minutes) {
        return (int) Math.max(1, Math.round(minutes * 60_000.0 / cfg.rowMillis()));
    }

    /** Reads a telemetry file into per-host resampled series; returns them and the file's SHA-256 in {@code sha}. */
    public List<HostSeries> read(Path file, String[] sha) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such telemetry file: " + file);
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, FailureMonitor.State> states = new TreeMap<>();
        Map<String, List<FailureMonitor.Row>> rows = new TreeMap<>();
        String[] names = cfg.metrics();
        long lines = 0;
        long rejected = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new DigestInputStream(Files.newInputStream(file), digest), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                TelemetryParser.Result r = TelemetryParser.parse(line);
                if (r.snapshot() == null) {
                    rejected++;
                    continue;
                }
                TelemetrySnapshot snap = r.snapshot();
                String key = snap.scope().key();
                FailureMonitor.State s = states.computeIfAbsent(key, k -> FailureMonitor.resamplingState(names.length));
                FailureMonitor.Row row =
                        FailureMonitor.accumulate(s, snap.timestamp(), snap.metrics(), names, cfg.rowMillis());
                if (row != null) {
                    rows.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
                }
            }
        }
        if (sha != null) {
            sha[0] = HexFormat.of().formatHex(digest.digest());
        }
        LOG.info("{}: {} lines, {} rejected, {} hosts", file, lines, rejected, rows.size());
        List<HostSeries> out = new ArrayList<>();
        for (Map.Entry<String, List<FailureMonitor.Row>> e : rows.entrySet()) {
            out.add(label(e.getKey(), e.getValue()));
        }
        if (out.isEmpty()) {
            throw new IOException("no usable telemetry in " + file);
        }
        return out;
    }

    /**
     * One host's resampled, labelled history from its snapshots in event-time order (what {@link #read} does per host;
     * the training pipeline calls it per key).
     */
    public HostSeries series(String key, List<TelemetrySnapshot> snapshotsInTimeOrder) {
        FailureMonitor.State s = FailureMonitor.resamplingState(cfg.metrics().length);
        List<FailureMonitor.Row> rows = new ArrayList<>();
        for (TelemetrySnapshot snap : snapshotsInTimeOrder) {
            FailureMonitor.Row row =
                    FailureMonitor.accumulate(s, snap.timestamp(), snap.metrics(), cfg.metrics(), cfg.rowMillis());
            if (row != null) {
                rows.add(row);
            }
        }
        return rows.isEmpty() ? null : label(key, rows);
    }

    private HostSeries label(String key, List<FailureMonitor.Row> rows) {
        int n = rows.size();
        int err = Arrays.asList(cfg.metrics()).indexOf("error_rate");
        long[] idx = new long[n];
        long[] times = new long[n];
        double[][] means = new double[n][];
        boolean[] outage = new boolean[n];
        List<Long> onsets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FailureMonitor.Row r = rows.get(i);
            idx[i] = r.row();
            times[i] = r.eventTime();
            means[i] = r.means();
            outage[i] = means[i][err] >= cfg.outageErrorRate();
            boolean gap = i > 0 && idx[i] - idx[i - 1] > cfg.gapRows();
            if (gap && !outage[i - 1]) {
                onsets.add(idx[i - 1] + 1); // the host went silent
            } else if (outage[i] && (i == 0 || !outage[i - 1] || idx[i] - idx[i - 1] > 1)) {
                onsets.add(idx[i]);
            }
        }
        return new HostSeries(key, idx, times, means, outage, onsets);
    }

    /** Fleet-wide baseline per metric: median and 1.4826·MAD of the rows outside outages (scale floored). */
    public double[][] baseline(List<HostSeries> hosts) {
        int k = cfg.metrics().length;
        double[] centre = new double[k];
        double[] scale = new double[k];
        for (int m = 0; m < k; m++) {
            List<Double> v = new ArrayList<>();
            for (HostSeries h : hosts) {
                for (int i = 0; i < h.rows().length; i++) {
                    if (!h.outage()[i] && !Double.isNaN(h.means()[i][m])) {
                        v.add(h.means()[i][m]);
                    }
                }
            }
            if (v.isEmpty()) {
                throw new IllegalArgumentException(
                        "metric " + cfg.metrics()[m] + " never appears in the training data");
            }
            double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double med = a[a.length / 2];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.abs(a[i] - med);
            }
            Arrays.sort(a);
            centre[m] = med;
            scale[m] = Math.max(1.4826 * a[a.length / 2], Math.max(1e-3, 0.01 * Math.abs(med)));
        }
        return new double[][] {centre, scale};
    }

    /** Features of every row of a host (NaN-filled until the window is full). */
    private float[] features(HostSeries h, TrendFeatures tf, double[] centre, double[] scale) {
        int f = tf.size();
        float[] x = new float[h.rows().length * f];
        Arrays.fill(x, Float.NaN);
        MetricWindow w = tf.newWindow(centre, scale);
        for (int i = 0; i < h.rows().length; i++) {
            w.add(h.means()[i]);
            if (w.full()) {
                tf.compute(w, x, i * f);
            }
        }
        return x;
    }

    /** Per-row label: 1 positive, 0 negative, -1 not trained on (outage, too close to an onset, warm-up). */
    private int[] labels(HostSeries h, float[] x, int f) {
        int lo = leadRows(cfg.leadMinMinutes());
        int hi = leadRows(cfg.leadMaxMinutes());
        int[] y = new int[h.rows().length];
        for (int i = 0; i < y.length; i++) {
            long r = h.rows()[i];
            if (h.outage()[i] || Float.isNaN(x[i * f])) {
                y[i] = -1;
                continue;
            }
            for (long o : h.onsets()) {
                if (r >= o - hi && r <= o - lo) {
                    y[i] = 1;
                    break;
                }
                if (r > o - lo && r < o) {
                    y[i] = -1;
                }
            }
        }
        return y;
    }

    /** Trains on {@code hosts}; returns the model (threshold from out-of-fold predictions) and its figures. */
    public Result train(List<HostSeries> hosts, String version) throws XGBoostError {
        double[][] b = baseline(hosts);
        TrendFeatures tf = new TrendFeatures(cfg.metrics(), cfg.shortRows(), cfg.longRows());
        int f = tf.size();
        List<float[]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        for (HostSeries h : hosts) {
            float[] x = features(h, tf, b[0], b[1]);
            xs.add(x);
            ys.add(labels(h, x, f));
        }
        Map<String, Object> params = FailurePredictor.defaultParams(cfg.threads());
        params.put("max_depth", cfg.maxDepth());
        params.put("seed", cfg.seed());
        Booster[] folds = new Booster[2];
        List<double[]> oof = new ArrayList<>();
        for (HostSeries h : hosts) {
            double[] p = new double[h.rows().length];
            Arrays.fill(p, Double.NaN);
            oof.add(p);
        }
        for (int fold = 0; fold < 2; fold++) {
            // fold k trains on the hosts of the other fold and predicts its own
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                if (i % 2 != fold) {
                    train.add(i);
                }
            }
            folds[fold] = trainOn(xs, ys, train, f, params);
            CompiledForest forest = CompiledForest.of(folds[fold]);
            for (int i = fold; i < hosts.size(); i += 2) {
                float[] x = xs.get(i);
                for (int r = 0; r < hosts.get(i).rows().length; r++) {
                    if (!Float.isNaN(x[r * f])) {
                        oof.get(i)[r] = forest.probability(x, r * f);
                    }
                }
            }
        }
        // threshold: sweep 0.02..0.98; of the thresholds with the best out-of-fold event F1, the middle one (a margin
        // on both sides rather than the edge of the plateau)
        List<double[]> sweep = new ArrayList<>();
        double bestF1 = -1;
        for (int i = 1; i < 50; i++) {
            double thr = i / 50.0;
            Figures fig = evaluate(hosts, oof, new FailureMonitor.Config(thr, 0.5, 2, 5, 0));
            LOG.debug(
                    "out-of-fold: threshold {} precision {} recall {} f1 {}",
                    thr,
                    fig.precision(),
                    fig.recall(),
                    fig.f1());
            sweep.add(new double[] {thr, fig.f1()});
            bestF1 = Math.max(bestF1, fig.f1());
        }
        final double top = bestF1;
        double[] plateau = sweep.stream()
                .filter(t -> t[1] >= top - 1e-9)
                .mapToDouble(t -> t[0])
                .toArray();
        double threshold = plateau[plateau.length / 2];
        Figures best = evaluate(hosts, oof, new FailureMonitor.Config(threshold, 0.5, 2, 5, 0));
        LOG.info(
                "out-of-fold: best F1 {} for thresholds {}..{}; chosen {}: precision {} recall {} ({} events)",
                String.format("%.3f", bestF1),
                plateau[0],
                plateau[plateau.length - 1],
                threshold,
                String.format("%.3f", best.precision()),
                String.format("%.3f", best.recall()),
                best.events());
        CompiledForest[] forests = {CompiledForest.of(folds[0]), CompiledForest.of(folds[1])};
        FleetFailureModel model = new FleetFailureModel(
                version,
                cfg.metrics(),
                cfg.rowMillis(),
                cfg.shortRows(),
                cfg.longRows(),
                b[0],
                b[1],
                forests,
                threshold,
                cfg.leadMinMinutes(),
                cfg.leadMaxMinutes());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("hosts", hosts.size());
        figures.put("rows", hosts.stream().mapToInt(h -> h.rows().length).sum());
        figures.put(
                "positive_rows",
                ys.stream().flatMapToInt(Arrays::stream).filter(v -> v == 1).count());
        figures.put("threshold", round(threshold));
        figures.put("best_f1_thresholds", List.of(plateau[0], plateau[plateau.length - 1]));
        figures.put("out_of_fold", best.toMap());
        Map<String, Object> p = new TreeMap<>(params);
        p.put("rounds", cfg.rounds());
        p.put("negative_sample", cfg.negativeSample());
        p.put("row_seconds", cfg.rowMillis() / 1000);
        p.put("short_rows", cfg.shortRows());
        p.put("long_rows", cfg.longRows());
        p.put("lead_min_minutes", cfg.leadMinMinutes());
        p.put("lead_max_minutes", cfg.leadMaxMinutes());
        p.put("outage_error_rate", cfg.outageErrorRate());
        p.put("gap_rows", cfg.gapRows());
        return new Result(model, folds, figures, p);
    }

    private Booster trainOn(List<float[]> xs, List<int[]> ys, List<Integer> hostIdx, int f, Map<String, Object> params)
            throws XGBoostError {
        Random rnd = new Random(cfg.seed());
        List<float[]> rowsX = new ArrayList<>();
        List<Integer> rowsY = new ArrayList<>();
        for (int i : hostIdx) {
            int[] y = ys.get(i);
            for (int r = 0; r < y.length; r++) {
                if (y[r] < 0 || (y[r] == 0 && rnd.nextDouble() >= cfg.negativeSample())) {
                    continue;
                }
                rowsX.add(Arrays.copyOfRange(xs.get(i), r * f, (r + 1) * f));
                rowsY.add(y[r]);
            }
        }
        int n = rowsY.size();
        float[] x = new float[n * f];
        float[] y = new float[n];
        float[] w = new float[n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(rowsX.get(r), 0, x, r * f, f);
            y[r] = rowsY.get(r);
            w[r] = y[r] == 1 ? 1 : (float) (1 / cfg.negativeSample());
        }
        long t0 = System.nanoTime();
        Booster b = FailurePredictor.trainWeighted(x, y, w, n, f, params, cfg.rounds());
        LOG.info(
                "trained on {} rows ({} positive) in {} ms",
                n,
                rowsY.stream().filter(v -> v == 1).count(),
                (System.nanoTime() - t0) / 1_000_000);
        return b;
    }

    /**
     * Alarm quality of per-row probabilities (NaN = not scored) through the job's hysteresis, against the hosts'
     * outages.
     */
    public Figures evaluate(List<HostSeries> hosts, List<double[]> probs, FailureMonitor.Config alarm) {
        int lo = leadRows(cfg.leadMinMinutes());
        int hi = leadRows(cfg.leadMaxMinutes());
        int events = 0;
        int predicted = 0;
        int episodes = 0;
        int trueEpisodes = 0;
        int duringOutage = 0;
        double scoredRows = 0;
        List<Double> leads = new ArrayList<>();
        for (int hIdx = 0; hIdx < hosts.size(); hIdx++) {
            HostSeries h = hosts.get(hIdx);
            double[] p = probs.get(hIdx);
            // alarm episodes [raise row, clear row) through the hysteresis
            List<long[]> eps = new ArrayList<>();
            FailureMonitor.State s = new FailureMonitor.State();
            long firstScored = Long.MAX_VALUE;
            for (int r = 0; r < p.length; r++) {
                if (Double.isNaN(p[r])) {
                    continue;
                }
                scoredRows++;
                firstScored = Math.min(firstScored, h.rows()[r]);
                FailureMonitor.Transition t = FailureMonitor.step(s, p[r], h.times()[r], alarm);
                if (t == FailureMonitor.Transition.RAISED) {
                    if (h.outage()[r]) {
                        duringOutage++;
                        eps.add(new long[] {h.rows()[r], Long.MAX_VALUE, 1});
                    } else {
                        eps.add(new long[] {h.rows()[r], Long.MAX_VALUE, 0});
                    }
                } else if (t == FailureMonitor.Transition.CLEARED) {
                    eps.get(eps.size() - 1)[1] = h.rows()[r];
                }
            }
            for (long[] e : eps) {
                if (e[2] == 1) {
                    continue;
                }
                episodes++;
                for (long o : h.onsets()) {
                    if (e[0] <= o && e[1] > o - hi) {
                        trueEpisodes++;
                        break;
                    }
                }
            }
            for (long o : h.onsets()) {
                if (o - hi < firstScored) {
                    continue; // no full lead window of scored rows before this onset
                }
                events++;
                for (long[] e : eps) {
                    if (e[2] == 0 && e[0] <= o - lo && e[1] > o - hi) {
                        predicted++;
                        leads.add((o - e[0]) * cfg.rowMillis() / 60_000.0);
                        break;
                    }
                }
            }
        }
        return new Figures(
                events,
                predicted,
                episodes,
                trueEpisodes,
                duringOutage,
                leads,
                scoredRows * cfg.rowMillis() / 3_600_000.0);
    }

    /**
     * Runs a trained model the way the job does ({@link FailureMonitor} on every snapshot of {@code file}) and
     * returns its figures against the outages labelled in the same file.
     */
    public Figures holdout(FleetFailureModel model, Path file, FailureMonitor.Config alarm) throws IOException {
        List<HostSeries> hosts = read(file, null);
        FailureMonitor monitor = new FailureMonitor(model, alarm);
        Map<String, FailureMonitor.State> states = new TreeMap<>();
        Map<String, Map<Long, Double>> scored = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                TelemetrySnapshot snap = TelemetryParser.parse(line).snapshot();
                if (snap == null) {
                    continue;
                }
                String key = snap.scope().key();
                FailureMonitor.Scored sc = monitor.onSnapshot(
                        states.computeIfAbsent(key, k -> monitor.newState()), snap.timestamp(), snap.metrics());
                if (sc != null) {
                    scored.computeIfAbsent(key, k -> new TreeMap<>()).put(sc.row(), sc.probability());
                }
            }
        }
        List<double[]> probs = new ArrayList<>();
        for (HostSeries h : hosts) {
            Map<Long, Double> byRow = scored.getOrDefault(h.key(), Map.of());
            double[] p = new double[h.rows().length];
            for (int r = 0; r < p.length; r++) {
                p[r] = byRow.getOrDefault(h.rows()[r], Double.NaN);
            }
            probs.add(p);
        }
        return evaluate(hosts, probs, alarm);
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
