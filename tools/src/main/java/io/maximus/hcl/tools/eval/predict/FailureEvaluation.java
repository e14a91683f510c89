package io.maximus.hcl.tools.eval.predict;

import io.maximus.hcl.models.failure.FailurePredictor;
import io.maximus.hcl.models.failure.MetricWindow;
import io.maximus.hcl.models.failure.TrendFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation of the failure predictor on data in the SMD layout, with the onset of a labelled incident as the
 * failure. Per machine, the test period is split in time: the first {@code trainFraction} is for training (the
 * alarm threshold is chosen on out-of-fold predictions of two time folds there, and the predictor averages the two
 * fold models),
 * the rest is evaluated. Rows inside an incident are
 * neither trained on nor scored (the failure is already there). A row is positive if an onset follows it by
 * lead-min..lead-max minutes; an event counts as predicted if an alarm came in that window before its onset.
 * Features are standardised per machine against the median and MAD of its (unlabelled) train file.
 */
public final class FailureEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(FailureEvaluation.class);

    /** Settings of an evaluation. */
    public record Config(
            int rowMinutes,
            int leadMinMinutes,
            int leadMaxMinutes,
            int shortMinutes,
            int longMinutes,
            double trainFraction,
            double negativeSample,
            int rounds,
            int threads,
            long seed) {}

    /** Figures and the trained predictor. */
    public record Result(Map<String, Object> figures, FailurePredictor predictor, Map<String, Object> params) {}

    private final Config cfg;
    private double minRecall;

    /** An evaluation with the given settings. */
    public FailureEvaluation(Config cfg) {
        this.cfg = cfg;
    }

    /**
     * Sets the out-of-fold event recall the alarm rate must reach on the training parts (0 = none): among the
     * candidate rates that reach it, the one with the best out-of-fold F1 is used; if none does, the best F1 overall.
     */
    public FailureEvaluation minRecall(double recall) {
        this.minRecall = recall;
        return this;
    }

    private int rows(int minutes) {
        return Math.max(1, (int) Math.round(minutes / (double) cfg.rowMinutes()));
    }

    /** Trend features sized for this data's row period. */
    public TrendFeatures features(int dims) {
        String[] names = new String[dims];
        for (int i = 0; i < dims; i++) {
            names[i] = "m" + (i + 1);
        }
        int s = Math.max(3, rows(cfg.shortMinutes()));
        int l = Math.max(s + 3, rows(cfg.longMinutes()));
        return new TrendFeatures(names, s, l);
    }

    /** Per-machine arrays: features (row-major, only for rows with index in [from, to)), labels and onsets. */
    private record Prepared(float[] x, int from, int to, int[] pos, List<Integer> onsets) {}

    private Prepared prepare(SmdData.Machine m, TrendFeatures tf, int from, int to) {
        int dims = m.dims();
        double[] centre = new double[dims];
        double[] scale = new double[dims];
        for (int d = 0; d < dims; d++) {
            double[] col = new double[m.train().length];
            for (int i = 0; i < col.length; i++) {
                col[i] = m.train()[i][d];
            }
            Arrays.sort(col);
            double med = col[col.length / 2];
            for (int i = 0; i < col.length; i++) {
                col[i] = Math.abs(col[i] - med);
            }
            Arrays.sort(col);
            centre[d] = med;
            scale[d] = Math.max(1.4826 * col[col.length / 2], 0.01);
        }
        MetricWindow w = tf.newWindow(centre, scale);
        for (int i = m.train().length - tf.windowCapacity(); i < m.train().length; i++) {
            w.add(m.train()[i]);
        }
        int f = tf.size();
        float[] x = new float[(to - from) * f];
        for (int t = 0; t < to; t++) {
            w.add(m.test()[t]);
            if (t >= from) {
                tf.compute(w, x, (t - from) * f);
            }
        }
        int n = m.labels().length;
        List<Integer> onsets = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (m.labels()[t] == 1 && (t == 0 || m.labels()[t - 1] == 0)) {
                onsets.add(t);
            }
        }
        int lo = rows(cfg.leadMinMinutes());
        int hi = rows(cfg.leadMaxMinutes());
        int[] pos = new int[n];
        for (int t = 0; t < n; t++) {
            pos[t] = m.labels()[t] == 1 ? -1 : 0;
        }
        for (int o : onsets) {
            for (int t = Math.max(0, o - hi); t <= o - lo; t++) {
                if (pos[t] == 0) {
                    pos[t] = 1;
                }
            }
        }
        return new Prepared(x, from, to, pos, onsets);
    }

    /** Alarm-quality counts over a set of rows/events. */
    private static final class Counts {
        long alarms;
        long trueAlarms;
        long rows;
        long correct;
        long positives;
        int events;
        int predicted;
        final List<Double> leads = new ArrayList<>();

        double precision() {
            return alarms == 0 ? 0 : trueAlarms / (double) alarms;
        }

        double recall() {
            return events == 0 ? 0 : predicted / (double) events;
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** Scores rows [from, to) given alarms for those rows; events are onsets whose whole window lies inside. */
    private void count(boolean[] alarm, Prepared p, Counts c) {
        int lo = rows(cfg.leadMinMinutes());
        int hi = rows(cfg.leadMaxMinutes());
        for (int t = p.from(); t < p.to(); t++) {
            if (p.pos()[t] < 0) {
                continue;
            }
            boolean a = alarm[t - p.from()];
            boolean y = p.pos()[t] == 1;
            c.rows++;
            c.positives += y ? 1 : 0;
            c.correct += a == y ? 1 : 0;
            c.alarms += a ? 1 : 0;
            c.trueAlarms += a && y ? 1 : 0;
        }
        for (int o : p.onsets()) {
            if (o - hi < p.from() || o - lo >= p.to()) {
                continue;
            }
            c.events++;
            for (int t = o - hi; t <= o - lo; t++) {
                if (alarm[t - p.from()] && p.pos()[t] >= 0) {
                    c.predicted++;
                    c.leads.add((double) (o - t) * cfg.rowMinutes());
                    break;
                }
            }
        }
    }

    /** Row-major training matrix with labels and weights (negatives subsampled and weighted back). */
    private record TrainSet(float[] x, float[] y, float[] w) {}

    /** Rows of a training part in time fold {@code k} (0 = its first half, 1 = its second half). */
    private boolean inFold(Prepared p, int t, int k) {
        int mid = p.from() + (p.to() - p.from()) / 2;
        int hi = rows(cfg.leadMaxMinutes());
        // fold 0 stops lead-max rows before the middle so its labels never look into fold 1
        return k == 0 ? t + hi < mid : t >= mid;
    }

    private TrainSet trainSet(List<Prepared> parts, int f, java.util.function.BiPredicate<Prepared, Integer> use) {
        Random rnd = new Random(cfg.seed());
        List<Integer> owner = new ArrayList<>();
        List<Integer> rowsIdx = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Prepared p = parts.get(i);
            for (int t = p.from(); t < p.to(); t++) {
                if (!use.test(p, t)) {
                    continue;
                }
                if (p.pos()[t] < 0 || (p.pos()[t] == 0 && rnd.nextDouble() >= cfg.negativeSample())) {
                    continue;
                }
                owner.add(i);
                rowsIdx.add(t);
            }
        }
        int n = owner.size();
        float[] x = new float[n * f];
        float[] y = new float[n];
        float[] w = new float[n];
        for (int r = 0; r < n; r++) {
            Prepared p = parts.get(owner.get(r));
            int t = rowsIdx.get(r);
            System.arraycopy(p.x(), (t - p.from()) * f, x, r * f, f);
            y[r] = p.pos()[t] == 1 ? 1 : 0;
            w[r] = y[r] == 1 ? 1 : (float) (1 / cfg.negativeSample());
        }
        return new TrainSet(x, y, w);
    }

    /**
     * Runs the evaluation on the data directory. Two models are trained, one on the first and one on the second half
     * (in time) of every machine's training part; each scores the other half, and the alarm rate that maximises event
     * F1 on these out-of-fold scores fixes the threshold. The predictor averages the two models.
     */
    public Result run(Path dir) throws IOException, XGBoostError {
        return run(dir, null);
    }

    /**
     * One machine's evaluated part, for a report.
     *
     * @param machine machine name
     * @param from first evaluated row of its test period
     * @param probability P(onset in lead-min..lead-max) for rows [from, from + length)
     * @param threshold the alarm threshold
     * @param labels 0/1 incident label of every row of the test period
     */
    public record MachineTrace(String machine, int from, float[] probability, double threshold, int[] labels) {}

    /** As {@link #run(Path)}, handing each machine's evaluated part to {@code traces} (nullable) as it is scored. */
    public Result run(Path dir, java.util.function.Consumer<MachineTrace> traces) throws IOException, XGBoostError {
        List<String> names = SmdData.machines(dir);
        TrendFeatures tf = null;
        int hi = rows(cfg.leadMaxMinutes());
        List<Prepared> trainParts = new ArrayList<>();
        for (String name : names) {
            SmdData.Machine m = SmdData.load(dir, name);
            if (tf == null) {
                tf = features(m.dims());
            }
            int n = m.labels().length;
            int split = (int) (n * cfg.trainFraction());
            Prepared all = prepare(m, tf, 0, split);
            int to = split - hi; // labels of the rows kept must not look into the evaluated part
            trainParts.add(new Prepared(Arrays.copyOf(all.x(), to * tf.size()), 0, to, all.pos(), all.onsets()));
            LOG.info("{}: {} test rows, {} onsets", name, n, all.onsets().size());
        }
        int f = tf.size();
        Map<String, Object> params = FailurePredictor.defaultParams(cfg.threads());
        // out-of-fold probabilities for the threshold
        List<float[]> oof = new ArrayList<>();
        for (Prepared p : trainParts) {
            oof.add(new float[p.to() - p.from()]);
        }
        Booster[] folds = new Booster[2];
        for (int fold = 0; fold < 2; fold++) {
            final int k = fold;
            TrainSet ts = trainSet(trainParts, f, (p, t) -> inFold(p, t, 1 - k));
            long t0 = System.nanoTime();
            Booster b = FailurePredictor.trainWeighted(ts.x(), ts.y(), ts.w(), ts.y().length, f, params, cfg.rounds());
            LOG.info("fold {}: trained on {} rows in {} ms", fold, ts.y().length, (System.nanoTime() - t0) / 1_000_000);
            FailurePredictor fp = new FailurePredictor(b, tf.names(), 0.5, 5);
            for (int i = 0; i < trainParts.size(); i++) {
                Prepared p = trainParts.get(i);
                float[] pr = fp.probabilities(p.x(), p.to() - p.from());
                for (int t = p.from(); t < p.to(); t++) {
                    if (inFold(p, t, k)) {
                        oof.get(i)[t - p.from()] = pr[t - p.from()];
                    }
                }
            }
            folds[fold] = b;
        }
        List<Float> allV = new ArrayList<>();
        for (int i = 0; i < trainParts.size(); i++) {
            Prepared p = trainParts.get(i);
            for (int t = p.from(); t < p.to(); t++) {
                if (p.pos()[t] >= 0 && (inFold(p, t, 0) || inFold(p, t, 1))) {
                    allV.add(oof.get(i)[t - p.from()]);
                }
            }
        }
        float[] sorted = new float[allV.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = allV.get(i);
        }
        Arrays.sort(sorted);
        double bestF1 = -1;
        double bestRate = 0.01;
        double bestAnyF1 = -1;
        double bestAnyRate = 0.01;
        for (double rate : new double[] {0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2}) {
            double thr = quantile(sorted, 1 - rate);
            Counts c = new Counts();
            for (int i = 0; i < trainParts.size(); i++) {
                count(alarms(oof.get(i), thr), trainParts.get(i), c);
            }
            LOG.info(
                    "out-of-fold: alarm rate {} threshold {} precision {} recall {} f1 {} (events {})",
                    rate,
                    String.format("%.4f", thr),
                    String.format("%.3f", c.precision()),
                    String.format("%.3f", c.recall()),
                    String.format("%.3f", c.f1()),
                    c.events);
            if (c.f1() > bestAnyF1) {
                bestAnyF1 = c.f1();
                bestAnyRate = rate;
            }
            if (c.recall() >= minRecall && c.f1() > bestF1) {
                bestF1 = c.f1();
                bestRate = rate;
            }
        }
        if (bestF1 < 0) {
            bestF1 = bestAnyF1;
            bestRate = bestAnyRate;
        }
        // the final predictor averages the two fold models: the out-of-fold scores that chose the threshold come from
        // the same models, so threshold and probabilities share one calibration (a model refitted on all rows does not)
        double threshold = quantile(sorted, 1 - bestRate);
        LOG.info(
                "alarm rate {} (out-of-fold F1 {}) -> threshold {}",
                bestRate,
                String.format("%.3f", bestF1),
                String.format("%.4f", threshold));
        int trainRows = 0;
        for (Prepared p : trainParts) {
            trainRows += p.to() - p.from();
        }
        trainParts.clear();
        FailurePredictor predictor = new FailurePredictor(folds, tf.names(), threshold, 5);
        // pass 2: evaluation part
        Counts c = new Counts();
        List<float[]> evalProbs = new ArrayList<>();
        List<Prepared> evalParts = new ArrayList<>();
        Map<String, Integer> driverCounts = new LinkedHashMap<>();
        for (String name : names) {
            SmdData.Machine m = SmdData.load(dir, name);
            int n = m.labels().length;
            int split = (int) (n * cfg.trainFraction());
            Prepared p = prepare(m, tf, split, n);
            float[] pr = predictor.probabilities(p.x(), n - split);
            boolean[] al = alarms(pr, threshold);
            count(al, p, c);
            evalProbs.add(pr);
            if (traces != null) {
                traces.accept(new MachineTrace(name, split, pr, threshold, m.labels()));
            }
            evalParts.add(new Prepared(null, p.from(), p.to(), p.pos(), p.onsets()));
            // what drives the alarms: top driver of every 20th alarm
            int k = 0;
            for (int t = 0; t < al.length; t++) {
                if (al[t] && k++ % 20 == 0) {
                    var d = predictor.drivers(Arrays.copyOfRange(p.x(), t * f, (t + 1) * f));
                    if (!d.isEmpty()) {
                        String feat = d.get(0).feature().replaceAll("^m\\d+\\.", "*.");
                        driverCounts.merge(feat, 1, Integer::sum);
                    }
                }
            }
        }
        double alarmRate = c.alarms / (double) c.rows;
        // random alarms at the same rate, averaged over seeds
        Counts[] rc = new Counts[20];
        for (int s = 0; s < rc.length; s++) {
            Random r = new Random(cfg.seed() + 1000 + s);
            rc[s] = new Counts();
            for (Prepared p : evalParts) {
                boolean[] al = new boolean[p.to() - p.from()];
                for (int i = 0; i < al.length; i++) {
                    al[i] = r.nextDouble() < alarmRate;
                }
                count(al, p, rc[s]);
            }
        }
        double rp = Arrays.stream(rc).mapToDouble(Counts::precision).average().orElse(0);
        double rr = Arrays.stream(rc).mapToDouble(Counts::recall).average().orElse(0);
        double rf = Arrays.stream(rc).mapToDouble(Counts::f1).average().orElse(0);
        double ra = Arrays.stream(rc)
                .mapToDouble(k -> k.correct / (double) k.rows)
                .average()
                .orElse(0);
        double[] auc = rowAuc(evalProbs, evalParts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", c.events);
        out.put("precision", round(c.precision()));
        out.put("recall", round(c.recall()));
        out.put("f1", round(c.f1()));
        out.put("accuracy", round(c.correct / (double) c.rows));
        out.put("median_lead_min", c.leads.isEmpty() ? null : median(c.leads));
        out.put("alarm_rate", round(alarmRate));
        out.put("base_rate", round(c.positives / (double) c.rows));
        out.put("random_precision", round(rp));
        out.put("random_recall", round(rr));
        out.put("random_f1", round(rf));
        out.put("random_accuracy", round(ra));
        out.put("lift_precision", rp == 0 ? null : round(c.precision() / rp));
        out.put("lift_f1", rf == 0 ? null : round(c.f1() / rf));
        out.put("row_roc_auc", round(auc[0]));
        out.put("row_pr_auc", round(auc[1]));
        out.put("threshold", round(threshold));
        out.put("chosen_alarm_rate", bestRate);
        out.put("min_oof_recall", minRecall);
        out.put("oof_f1", round(bestF1));
        out.put("train_rows", trainRows);
        out.put("machines", names.size());
        out.put("alarm_top_drivers", driverCounts);
        return new Result(out, predictor, params);
    }

    private static double quantile(float[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * q))];
    }

    private static boolean[] alarms(float[] p, double thr) {
        boolean[] a = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            a[i] = p[i] >= thr;
        }
        return a;
    }

    /** Row-level ROC-AUC and average precision over scored rows. */
    private static double[] rowAuc(List<float[]> probs, List<Prepared> parts) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Prepared p = parts.get(i);
            for (int t = p.from(); t < p.to(); t++) {
                if (p.pos()[t] >= 0) {
                    rows.add(new double[] {probs.get(i)[t - p.from()], p.pos()[t]});
                }
            }
        }
        rows.sort((a, b) -> Double.compare(b[0], a[0]));
        long pos = rows.stream().filter(r -> r[1] > 0).count();
        long neg = rows.size() - pos;
        double tp = 0;
        double fp = 0;
        double ap = 0;
        double aucSum = 0;
        // rank-sum AUC with ties handled by grouping
        int i = 0;
        while (i < rows.size()) {
            int j = i;
            double tpG = 0;
            double fpG = 0;
            while (j < rows.size() && rows.get(j)[0] == rows.get(i)[0]) {
                if (rows.get(j)[1] > 0) {
                    tpG++;
                } else {
                    fpG++;
                }
                j++;
            }
            aucSum += fpG * (tp + tpG / 2);
            tp += tpG;
            fp += fpG;
            if (tpG > 0) {
                ap += (tpG / pos) * (tp / (tp + fp));
            }
            i = j;
        }
        // aucSum counts (positive above negative) pairs, ties as half
        double roc = pos == 0 || neg == 0 ? Double.NaN : aucSum / (pos * (double) neg);
        return new double[] {roc, ap};
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
