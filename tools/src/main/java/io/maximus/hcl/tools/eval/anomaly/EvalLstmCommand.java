package io.maximus.hcl.tools.eval.anomaly;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.artifact.SmdDataset;
import io.maximus.hcl.models.anomaly.lstm.LstmAnomalyScorer;
import io.maximus.hcl.models.anomaly.lstm.LstmArtifact;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.ErrorMode;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl eval lstm}: trains one LSTM autoencoder per machine on its {@code train/} rows (no labels), scores
 * every {@code test/} row through ONNX Runtime, and prints ROC-AUC, PR-AUC and best F1 per machine and their mean.
 */
@Command(
        name = "lstm",
        mixinStandardHelpOptions = true,
        description = "Evaluate the LSTM autoencoder on data in the SMD layout: one JSON line per machine, then a"
                + " summary line {\"machines\", \"roc_auc\", \"pr_auc\", \"f1\", \"f1_pa\"} (means).")
public final class EvalLstmCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            description = "Directory in the SMD layout (train/, test/, test_label/).")
    Path data;

    @Option(names = "--machines", description = "Evaluate the first N machines in name order (default: all).")
    int machines = Integer.MAX_VALUE;

    @Option(names = "--window", description = "Window length in time steps (default: ${DEFAULT-VALUE}).")
    int window = 20;

    @Option(names = "--hidden", description = "Encoder hidden units (default: ${DEFAULT-VALUE}).")
    int hidden = 32;

    @Option(names = "--architecture", description = "SEED or REPEAT (default: ${DEFAULT-VALUE}).")
    Architecture architecture = Architecture.REPEAT;

    @Option(names = "--epochs", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs = LstmAutoencoderConfig.defaults().epochs();

    @Option(
            names = "--max-train-windows",
            description =
                    "Training windows per machine at most, spread evenly" + " over train/ (default: ${DEFAULT-VALUE}).")
    int maxTrainWindows = LstmAutoencoderConfig.defaults().maxTrainWindows();

    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate = 1e-3f;

    @Option(names = "--seed", description = "Seed of initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
            names = "--error",
            description = "Error scored: LAST (last step of the window ending at each row) or"
                    + " WINDOW (whole window) (default: ${DEFAULT-VALUE}). The other mode's figures are printed under"
                    + " \"other\".")
    ErrorMode errorMode = ErrorMode.WINDOW;

    @Option(names = "--out", description = "Also write each machine's artifact under this directory.")
    Path out;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads for scoring (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    /** Runs the command standalone (the {@code hcl} launcher registers it as {@code eval lstm}). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new EvalLstmCommand()).execute(args));
    }

    @Override
    public Integer call() throws java.io.IOException {
        LstmAutoencoderConfig cfg = LstmAutoencoderConfig.defaults()
                .withWindowLength(window)
                .withHiddenSize(hidden)
                .withArchitecture(architecture)
                .withEpochs(epochs)
                .withMaxTrainWindows(maxTrainWindows)
                .withLearningRate(learningRate)
                .withSeed(seed)
                .withErrorMode(errorMode);
        ErrorMode other = errorMode == ErrorMode.LAST ? ErrorMode.WINDOW : ErrorMode.LAST;
        List<String> names = SmdDataset.machines(data);
        names = names.subList(0, Math.min(machines, names.size()));
        double roc = 0;
        double pr = 0;
        double f1 = 0;
        double f1pa = 0;
        double otherRoc = 0;
        double otherPr = 0;
        double otherF1 = 0;
        int n = 0;
        LstmAutoencoderTrainer trainer = new LstmAutoencoderTrainer(cfg);
        for (String name : names) {
            SmdDataset.Machine m = SmdDataset.load(data, name);
            long t0 = System.nanoTime();
            LstmAutoencoderTrainer.Trained trained = trainer.train(m.train(), "eval-" + name);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            if (out != null) {
                LstmAutoencoderTrainer.write(trained, out);
            }
            LstmArtifact artifact = LstmArtifact.of(trained);
            double[] scores;
            double[] otherScores;
            double scoreSeconds;
            try (LstmAnomalyScorer scorer = artifact.openScorer(256, threads)) {
                long t1 = System.nanoTime();
                scores = scorer.rowErrors(m.test());
                scoreSeconds = (System.nanoTime() - t1) / 1e9;
                otherScores = scorer.rowErrors(m.test(), other);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("machine", name);
            line.put("train_rows", m.train().length);
            line.put("test_rows", m.test().length);
            line.put("anomaly_rate", round(mean(m.labels())));
            line.put("roc_auc", round(DetectionMetrics.rocAuc(scores, m.labels())));
            line.put("pr_auc", round(DetectionMetrics.prAuc(scores, m.labels())));
            line.put("f1", round(DetectionMetrics.bestF1(scores, m.labels())[0]));
            line.put(
                    "f1_pa",
                    round(
                            DetectionMetrics.bestF1(
                                    DetectionMetrics.pointAdjustedScores(scores, m.labels()), m.labels())[0]));
            Map<String, Object> alt = new LinkedHashMap<>();
            alt.put("error", other.name());
            alt.put("roc_auc", round(DetectionMetrics.rocAuc(otherScores, m.labels())));
            alt.put("pr_auc", round(DetectionMetrics.prAuc(otherScores, m.labels())));
            alt.put("f1", round(DetectionMetrics.bestF1(otherScores, m.labels())[0]));
            line.put("other", alt);
            line.put("final_loss", round(trained.manifest().metrics().finalLoss()));
            line.put("train_s", round(trainSeconds));
            line.put("score_s", round(scoreSeconds));
            System.out.println(Json.write(line));
            System.out.flush();
            roc += (double) line.get("roc_auc");
            pr += (double) line.get("pr_auc");
            f1 += (double) line.get("f1");
            f1pa += (double) line.get("f1_pa");
            otherRoc += (double) alt.get("roc_auc");
            otherPr += (double) alt.get("pr_auc");
            otherF1 += (double) alt.get("f1");
            n++;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("machines", n);
        summary.put("roc_auc", round(roc / n));
        summary.put("pr_auc", round(pr / n));
        summary.put("f1", round(f1 / n));
        summary.put("f1_pa", round(f1pa / n));
        summary.put(
                "other",
                Map.of(
                        "error",
                        other.name(),
                        "roc_auc",
                        round(otherRoc / n),
                        "pr_auc",
                        round(otherPr / n),
                        "f1",
                        round(otherF1 / n)));
        summary.put(
                "config",
                Map.of(
                        "error",
                        errorMode.name(),
                        "window",
                        window,
                        "hidden",
                        hidden,
                        "architecture",
                        architecture.name(),
                        "epochs",
                        epochs,
                        "max_train_windows",
                        maxTrainWindows,
                        "lr",
                        learningRate,
                        "seed",
                        seed));
        System.out.println(Json.write(summary));
        return 0;
    }

    private static double mean(int[] a) {
        double s = 0;
        for (int v : a) {
            s += v;
        }
        return s / a.length;
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
