package io.maximus.hcl.tools.train;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.artifact.AnomalyManifest;
import io.maximus.hcl.models.anomaly.artifact.AnomalyModel;
import io.maximus.hcl.models.anomaly.artifact.AnomalyModelTrainer;
import io.maximus.hcl.models.anomaly.artifact.TrainingData;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl train anomaly}: trains one combined detector per service (telemetry JSONL) or per machine (SMD layout)
 * and writes the versioned artifact directory; prints one JSON line per model and one describing the artifact.
 */
@Command(
        name = "anomaly",
        mixinStandardHelpOptions = true,
        description =
                "Train the anomaly models (Isolation Forest + PCA residual + LSTM autoencoder in ONNX, calibrated)"
                        + " one per service of telemetry JSONL (as hcl generate or the collector write it) or one per machine"
                        + " of an SMD-layout directory (its train/ rows), and write <out>/<version>/ with manifest.json.")
public final class TrainAnomalyCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            description = "Telemetry JSONL file or directory (*.jsonl[.gz]), or a directory in the SMD layout.")
    Path data;

    @Option(names = "--out", required = true, description = "Directory under which the version directory is made.")
    Path out;

    @Option(names = "--version", description = "Artifact version (default: anomaly-<UTC time>-<data hash prefix>).")
    String version;

    @Option(
            names = "--trees",
            defaultValue = "100",
            description = "Isolation Forest trees (default: ${DEFAULT-VALUE}).")
    int trees;

    @Option(
            names = "--sample",
            defaultValue = "128",
            description = "Isolation Forest sub-sample (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(
            names = "--lstm",
            defaultValue = "true",
            arity = "1",
            description = "Train the LSTM autoencoder too (default: ${DEFAULT-VALUE}).")
    boolean lstm;

    @Option(names = "--lstm-epochs", description = "LSTM training epochs (default: ${DEFAULT-VALUE}).")
    int epochs = LstmAutoencoderConfig.defaults().epochs();

    @Option(names = "--lstm-hidden", description = "LSTM hidden units (default: ${DEFAULT-VALUE}).")
    int hidden = LstmAutoencoderConfig.defaults().hiddenSize();

    @Option(names = "--lstm-window", description = "LSTM window in snapshots (default: ${DEFAULT-VALUE}).")
    int window = LstmAutoencoderConfig.defaults().windowLength();

    @Option(names = "--lstm-max-windows", description = "LSTM training windows at most (default: ${DEFAULT-VALUE}).")
    int maxWindows = LstmAutoencoderConfig.defaults().maxTrainWindows();

    @Option(
            names = "--weights",
            split = ",",
            defaultValue = "isolation_forest=0.6,lstm_autoencoder=0.4,pca_residual=0",
            description = "Component weights name=w (default: ${DEFAULT-VALUE}).")
    Map<String, Double> weights;

    @Option(
            names = "--combine",
            defaultValue = "TAIL",
            description = "How calibrated components combine: MEAN or TAIL (default: ${DEFAULT-VALUE}).")
    io.maximus.hcl.models.anomaly.AnomalyDetector.Combination combine;

    @Option(names = "--seed", defaultValue = "0", description = "Isolation Forest seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--pca-variance",
            defaultValue = "0.95",
            description = "Share of the variance the PCA residual's subspace keeps (default: ${DEFAULT-VALUE}).")
    double pcaVariance;

    @Option(
            names = "--pca-lags",
            defaultValue = "1",
            description = "Rows per PCA residual window, 1 = the snapshot alone (default: ${DEFAULT-VALUE}).")
    int pcaLags;

    @Override
    public Integer call() throws Exception {
        AnomalyModelTrainer.Config d = AnomalyModelTrainer.Config.defaults();
        LstmAutoencoderConfig l = lstm
                ? LstmAutoencoderConfig.defaults()
                        .withEpochs(epochs)
                        .withHiddenSize(hidden)
                        .withWindowLength(window)
                        .withMaxTrainWindows(maxWindows)
                : null;
        AnomalyModelTrainer.Config cfg = new AnomalyModelTrainer.Config(
                trees,
                sample,
                d.deltas(),
                pcaVariance,
                d.floor(),
                new LinkedHashMap<>(weights),
                d.threshold(),
                d.alarmQuantile(),
                d.smoothing(),
                seed,
                l,
                combine,
                pcaLags);
        TrainingData td = TrainingData.read(data);
        Path dir = new AnomalyModelTrainer(cfg).trainAndWrite(td, out, version);
        try (AnomalyModel m = AnomalyModel.load(dir, AnomalyModel.Expected.any())) {
            for (AnomalyManifest.Model model : m.manifest().models()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("key", model.key());
                line.put("rows", model.trainingRows());
                line.put("metrics", model.metrics().size());
                line.put("components", model.components());
                line.putAll(model.trainingMetrics());
                System.out.println(Json.write(line));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("artifact", dir.toString());
            summary.put("model_version", m.version());
            summary.put("source", td.source());
            summary.put("training_data_sha256", td.sha256());
            summary.put("models", m.detectors().size());
            summary.put("rejected_lines", td.rejected());
            summary.put("bytes", size(dir));
            System.out.println(Json.write(summary));
        }
        return 0;
    }

    private static long size(Path dir) throws java.io.IOException {
        try (var s = java.nio.file.Files.walk(dir)) {
            return s.filter(java.nio.file.Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
