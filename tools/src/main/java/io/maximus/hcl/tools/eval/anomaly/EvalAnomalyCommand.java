package io.maximus.hcl.tools.eval.anomaly;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.AnomalyComponent;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.IsolationForestComponent;
import io.maximus.hcl.models.anomaly.KnnDistanceComponent;
import io.maximus.hcl.models.anomaly.PcaResidualComponent;
import io.maximus.hcl.models.anomaly.WindowFeatures;
import io.maximus.hcl.models.anomaly.artifact.SmdDataset;
import io.maximus.hcl.tools.eval.report.AnomalyPages;
import io.maximus.hcl.tools.eval.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hcl eval anomaly}: trains one detector per machine on its train rows and scores its labelled test rows. */
@Command(
        name = "anomaly",
        mixinStandardHelpOptions = true,
        description = "Evaluate the anomaly detector on a data set in the SMD layout (train/, test/, test_label/).")
public final class EvalAnomalyCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvalAnomalyCommand.class);

    @Option(names = "--data", required = true, description = "Directory in the SMD layout.")
    Path data;

    @Option(
            names = "--report",
            description = "Write an HTML report into this directory: index.html and one page "
                    + "per machine (key metrics, score against the threshold, labelled anomaly segments).")
    Path report;

    @Option(names = "--machines", split = ",", description = "Only these machines (default: all).")
    List<String> only;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--trees",
            defaultValue = "100",
            description = "Isolation Forest trees (default: ${DEFAULT-VALUE}).")
    int trees;

    @Option(
            names = "--sample",
            defaultValue = "256",
            description = "Isolation Forest sub-sample (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(
            names = "--floor",
            defaultValue = "0.01",
            description = "Smallest standardization scale per metric (default: ${DEFAULT-VALUE}).")
    double floor;

    @Option(
            names = "--deltas",
            defaultValue = "true",
            arity = "1",
            description = "Isolation Forest also sees first differences (default: ${DEFAULT-VALUE}).")
    boolean deltas;

    @Option(
            names = "--mean-window",
            defaultValue = "1",
            description =
                    "Isolation Forest also sees the mean of the last k rows when k > 1 (default: ${DEFAULT-VALUE}).")
    int meanWindow;

    @Option(names = "--variance", defaultValue = "0.95", description = "PCA variance kept (default: ${DEFAULT-VALUE}).")
    double variance;

    @Option(
            names = "--pca-lags",
            defaultValue = "1",
            description = "Rows per pca_residual window, 1 = the snapshot alone (default: ${DEFAULT-VALUE}).")
    int pcaLags;

    @Option(
            names = "--knn-k",
            defaultValue = "5",
            description = "Neighbours averaged by knn_distance (default: ${DEFAULT-VALUE}).")
    int knnK;

    @Option(
            names = "--knn-references",
            defaultValue = "2000",
            description = "Training windows knn_distance keeps as its reference set (default: ${DEFAULT-VALUE}).")
    int knnReferences;

    @Option(
            names = "--knn-lags",
            defaultValue = "5",
            description = "Rows per knn_distance window, 1 = the snapshot alone (default: ${DEFAULT-VALUE}).")
    int knnLags;

    @Option(
            names = "--lomo",
            defaultValue = "true",
            arity = "0..1",
            description = "Also report the two-fold leave-machines-out figure: the candidate setting chosen on one"
                    + " half of the machines (their labels) is reported on the other half, then swapped"
                    + " (default: ${DEFAULT-VALUE}).")
    boolean lomo;

    @Option(
            names = "--attention",
            defaultValue = "true",
            arity = "0..1",
            description = "Also compare the detector on every row with the detector behind attention"
                    + " (default: ${DEFAULT-VALUE}).")
    boolean attention;

    @Option(
            names = "--split-seed",
            defaultValue = "13",
            description = "Seed of the leave-machines-out split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(
            names = "--weights",
            split = ",",
            defaultValue = "knn_distance=1",
            description = "Component weights name=w; components: knn_distance, isolation_forest, pca_residual,"
                    + " lstm_autoencoder (with --lstm) "
                    + "(default: ${DEFAULT-VALUE}).")
    Map<String, Double> weights;

    @Option(
            names = "--lstm",
            defaultValue = "false",
            arity = "0..1",
            description = "Train the LSTM autoencoder per machine too (DJL, served through ONNX Runtime) as component"
                    + " lstm_autoencoder; give it a weight with --weights (default: ${DEFAULT-VALUE}).")
    boolean lstm;

    @Option(
            names = "--lstm-epochs",
            defaultValue = "3",
            description = "LSTM training epochs (default: ${DEFAULT-VALUE}).")
    int lstmEpochs;

    @Option(
            names = "--smoothing",
            defaultValue = "0.2",
            description = "EWMA weight of the newest score, 1 = none (default: ${DEFAULT-VALUE}).")
    double smoothing;

    @Option(
            names = "--combine",
            defaultValue = "MEAN",
            description = "How calibrated components combine: MEAN (weighted mean) or TAIL (one minus the weighted"
                    + " geometric mean of 1 - score) (default: ${DEFAULT-VALUE}).")
    AnomalyDetector.Combination combine;

    @Option(
            names = "--threshold",
            defaultValue = "0.85",
            description = "Decision threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(
            names = "--alarm-quantile",
            defaultValue = "0.99",
            description =
                    "Training quantile of each component that calibrates to the threshold (default: ${DEFAULT-VALUE}).")
    double alarmQuantile;

    @Option(
            names = "--operating-point",
            defaultValue = "best-f1",
            description = "Threshold for the attention comparison: best-f1 (per machine, same for both arms) or "
                    + "threshold (default: ${DEFAULT-VALUE}).")
    String operatingPoint;

    @Option(
            names = "--peripheral-alpha",
            defaultValue = "0.001",
            description = "Peripheral EWMA weight of the newest snapshot (default: ${DEFAULT-VALUE}).")
    double peripheralAlpha;

    @Option(
            names = "--peripheral-quantile",
            defaultValue = "0.96",
            description = "Salience quantile tracked per key as its escalation level (default: ${DEFAULT-VALUE}).")
    double peripheralQuantile;

    @Option(
            names = "--hold",
            defaultValue = "1",
            description = "Snapshots the foveal stage stays on a key after an escalation (default: ${DEFAULT-VALUE}).")
    int hold;

    @Option(
            names = "--sample-rate",
            defaultValue = "0.01",
            description = "Random share of snapshots escalated (default: ${DEFAULT-VALUE}).")
    double sampleRate;

    @Option(
            names = "--budget-refill",
            defaultValue = "0.1",
            description =
                    "Sustained share of a key's snapshots the foveal stage may analyze (default: ${DEFAULT-VALUE}).")
    double budgetRefill;

    @Option(
            names = "--budget-capacity",
            defaultValue = "1000",
            description = "Foveal analyses a key may spend in a burst (default: ${DEFAULT-VALUE}).")
    double budgetCapacity;

    @Option(
            names = "--fixation",
            defaultValue = "0.9",
            description = "Share of the operating threshold at which a foveal score keeps attention on the key "
                    + "(default: ${DEFAULT-VALUE}).")
    double fixation;

    /** Builds the detector this command evaluates (also used by the benchmark and tests). */
    AnomalyDetector newDetector() {
        List<AnomalyComponent> comps = new ArrayList<>();
        if (weights.getOrDefault(IsolationForestComponent.NAME, 0.0) > 0) {
            comps.add(new IsolationForestComponent(trees, sample, seed, new WindowFeatures(deltas, meanWindow)));
        }
        if (weights.getOrDefault(PcaResidualComponent.NAME, 0.0) > 0) {
            comps.add(new PcaResidualComponent(variance, pcaLags));
        }
        if (weights.getOrDefault(KnnDistanceComponent.NAME, 0.0) > 0) {
            comps.add(new KnnDistanceComponent(knnK, knnReferences, knnLags, seed));
        }
        if (lstm) {
            comps.add(new io.maximus.hcl.models.anomaly.lstm.LstmComponent(
                    io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.defaults()
                            .withEpochs(lstmEpochs),
                    "eval-lstm"));
        }
        Map<String, Double> w = new LinkedHashMap<>(weights);
        w.putIfAbsent(AnomalyDetector.LSTM_AUTOENCODER, 0.4);
        return new AnomalyDetector(comps, w, threshold, floor, null)
                .smoothing(smoothing)
                .alarmQuantile(alarmQuantile)
                .combination(combine);
    }

    /**
     * The leave-machines-out candidates: the seed's IF + PCA mix; kNN distance on snapshots and on 5-row windows; the
     * PCA residual of 5-row windows keeping 95% or 99% of the variance and of snapshots keeping 99%; and the mixes
     * kNN windows + PCA, kNN windows + IF + PCA (equal parts), kNN windows + PCA windows (99%, 95%); each with four
     * score smoothings. Bases are built with this command's options (seed, trees, sample, kNN k and references).
     */
    LeaveMachinesOut newSelection() {
        List<LeaveMachinesOut.Base> bases = List.of(
                new LeaveMachinesOut.Base(
                        "if", () -> new IsolationForestComponent(trees, sample, seed, new WindowFeatures(deltas, 1))),
                new LeaveMachinesOut.Base("pca", () -> new PcaResidualComponent(variance)),
                new LeaveMachinesOut.Base("knn1", () -> new KnnDistanceComponent(knnK, knnReferences, 1, seed)),
                new LeaveMachinesOut.Base("knn5", () -> new KnnDistanceComponent(knnK, knnReferences, 5, seed)),
                new LeaveMachinesOut.Base("pca1v99", () -> new PcaResidualComponent(0.99, 1)),
                new LeaveMachinesOut.Base("pca5v95", () -> new PcaResidualComponent(0.95, 5)),
                new LeaveMachinesOut.Base("pca5v99", () -> new PcaResidualComponent(0.99, 5)));
        Map<String, Map<String, Double>> mixes = new LinkedHashMap<>();
        mixes.put("if0.6+pca0.4", Map.of("if", 0.6, "pca", 0.4));
        mixes.put("knn1", Map.of("knn1", 1.0));
        mixes.put("knn5", Map.of("knn5", 1.0));
        mixes.put("knn5+pca", Map.of("knn5", 0.5, "pca", 0.5));
        mixes.put("knn5+if+pca", Map.of("knn5", 1.0, "if", 1.0, "pca", 1.0));
        mixes.put("pca1v99", Map.of("pca1v99", 1.0));
        mixes.put("pca5v95", Map.of("pca5v95", 1.0));
        mixes.put("pca5v99", Map.of("pca5v99", 1.0));
        mixes.put("knn5+pca5v95", Map.of("knn5", 0.5, "pca5v95", 0.5));
        mixes.put("knn5+pca5v99", Map.of("knn5", 0.5, "pca5v99", 0.5));
        List<LeaveMachinesOut.Candidate> cands = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> mix : mixes.entrySet()) {
            for (double a : new double[] {0.05, 0.1, 0.2, 0.5}) {
                cands.add(new LeaveMachinesOut.Candidate(mix.getKey() + "/ewma" + a, mix.getValue(), a));
            }
        }
        return new LeaveMachinesOut(bases, cands, floor);
    }

    @Override
    public Integer call() throws Exception {
        Report html = report == null ? null : AnomalyPages.newAnomalyReport("HCL eval anomaly: " + data);
        List<String> names = only != null && !only.isEmpty() ? only : SmdDataset.machines(data);
        double sumRoc = 0;
        double sumPr = 0;
        double sumF1 = 0;
        double sumPa = 0;
        int n = 0;
        double sumEsc = 0;
        double sumEscCalm = 0;
        double sumRecFull = 0;
        double sumRecAtt = 0;
        double sumEvFull = 0;
        double sumEvAtt = 0;
        LeaveMachinesOut selection = lomo ? newSelection() : null;
        for (String name : names) {
            long t0 = System.nanoTime();
            SmdDataset.Machine m = SmdDataset.load(data, name);
            AnomalyDetector det = newDetector().fit(m.train());
            Map<String, double[]> known = new LinkedHashMap<>();
            double[] scores;
            if (det.components().size() == 1
                    && det.combination() == AnomalyDetector.Combination.MEAN
                    && det.components().get(0) instanceof KnnDistanceComponent k
                    && k.lags() == 5) {
                // one component: the combined score is its calibrated score; the selection reuses it as "knn5"
                double[] c = det.componentScoresAll(m.test())[0];
                known.put("knn5", c);
                scores = LeaveMachinesOut.ewma(c, smoothing);
            } else {
                scores = det.scoreAll(m.test());
            }
            double roc = DetectionMetrics.rocAuc(scores, m.labels());
            double pr = DetectionMetrics.prAuc(scores, m.labels());
            double[] best = DetectionMetrics.bestF1(scores, m.labels());
            double f1 = best[0];
            // operating point of the attention comparison: the configured threshold, or the best-F1 one
            double op = operatingPoint.equals("best-f1") ? best[1] : det.threshold();
            double pa = DetectionMetrics.bestF1PointAdjusted(scores, m.labels());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("machine", name);
            line.put("train_rows", m.train().length);
            line.put("test_rows", m.test().length);
            line.put(
                    "components",
                    det.components().stream().map(AnomalyComponent::name).toList());
            line.put("missing", det.missingComponents());
            line.put("roc_auc", round(roc));
            line.put("pr_auc", round(pr));
            line.put("f1", round(f1));
            line.put("f1_pa", round(pa));
            AttentionEval.Result a = !attention
                    ? null
                    : AttentionEval.run(
                            det,
                            m.train(),
                            m.test(),
                            m.labels(),
                            scores,
                            op,
                            seed,
                            floor,
                            new AttentionEval.Settings(
                                    peripheralAlpha,
                                    peripheralQuantile,
                                    hold,
                                    sampleRate,
                                    budgetRefill,
                                    budgetCapacity,
                                    fixation));
            if (a != null) {
                line.put("salience_roc_auc", round(DetectionMetrics.rocAuc(a.salience(), m.labels())));
                line.put("escalated", round(a.escalated()));
                line.put("escalated_calm", round(a.escalatedCalm()));
                line.put("replayed", round(a.replayed()));
                line.put("recall_full", round(a.pointRecallFull()));
                line.put("recall_attention", round(a.pointRecallAttention()));
                line.put("event_recall_full", round(a.eventRecallFull()));
                line.put("event_recall_attention", round(a.eventRecallAttention()));
                line.put("false_alarms_full", a.falseAlarmsFull());
                line.put("false_alarms_attention", a.falseAlarmsAttention());
                sumEsc += a.escalated();
                sumEscCalm += a.escalatedCalm();
                sumRecFull += a.pointRecallFull();
                sumRecAtt += a.pointRecallAttention();
                sumEvFull += a.eventRecallFull();
                sumEvAtt += a.eventRecallAttention();
            }
            System.out.println(Json.write(line));
            if (html != null) {
                AnomalyPages.machine(
                        html, name, line, det.standardize(m.test()), scores, m.labels(), det.threshold(), best[1], 3);
            }
            LOG.info("{} evaluated in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
            for (AnomalyComponent c : det.components()) {
                if (c instanceof io.maximus.hcl.models.anomaly.lstm.LstmComponent l) {
                    l.close();
                }
            }
            if (selection != null) {
                Map<String, LeaveMachinesOut.Figures> figs =
                        selection.addMachine(name, m.train(), m.test(), m.labels(), known);
                Map<String, Object> cand = new LinkedHashMap<>();
                cand.put("machine", name);
                figs.forEach((k, v) -> cand.put(k, round(v.rocAuc())));
                LOG.info("candidates ROC-AUC {}", Json.write(cand));
            }
            sumRoc += roc;
            sumPr += pr;
            sumF1 += f1;
            sumPa += pa;
            n++;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("machines", n);
        summary.put("roc_auc", round(sumRoc / n));
        summary.put("pr_auc", round(sumPr / n));
        summary.put("f1", round(sumF1 / n));
        summary.put("f1_pa", round(sumPa / n));
        Map<String, Object> attentionFigures = new LinkedHashMap<>();
        attentionFigures.put("escalated", round(sumEsc / n));
        attentionFigures.put("escalated_calm", round(sumEscCalm / n));
        attentionFigures.put("recall_full", round(sumRecFull / n));
        attentionFigures.put("recall_attention", round(sumRecAtt / n));
        attentionFigures.put("recall_kept", round(sumRecFull > 0 ? sumRecAtt / sumRecFull : 0));
        attentionFigures.put("event_recall_full", round(sumEvFull / n));
        attentionFigures.put("event_recall_attention", round(sumEvAtt / n));
        attentionFigures.put("event_recall_kept", round(sumEvFull > 0 ? sumEvAtt / sumEvFull : 0));
        if (attention) {
            summary.put("attention", attentionFigures);
        }
        if (selection != null) {
            summary.put("leave_machines_out", selection.result(splitSeed));
        }
        if (html != null) {
            Report.Written w = html.summary(summary).write(report);
            LOG.info("report written to {}: {} pages, {} bytes", w.index(), w.pages(), w.bytes());
        }
        System.out.println(Json.write(summary));
        return 0;
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : -1;
    }
}
