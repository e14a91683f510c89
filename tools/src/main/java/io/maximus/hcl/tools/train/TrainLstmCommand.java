package io.maximus.hcl.tools.train;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.artifact.SmdDataset;
import io.maximus.hcl.models.anomaly.lstm.LstmArtifact;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.ErrorMode;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderTrainer;
import io.maximus.hcl.models.anomaly.lstm.LstmManifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl train lstm}: trains an LSTM autoencoder on one training matrix and writes the versioned artifact
 * {@code <out>/<version>/} (model.onnx, manifest.json); prints one JSON line describing it.
 */
@Command(
        name = "lstm",
        mixinStandardHelpOptions = true,
        description = "Train an LSTM autoencoder on a matrix (one comma-separated row of floats per time step,"
                + " .txt/.csv, optionally .gz) and write <out>/<version>/{model.onnx,manifest.json}.")
public final class TrainLstmCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, description = "Training matrix file.")
    Path train;

    @Option(names = "--out", required = true, description = "Directory under which the version directory is made.")
    Path out;

    @Option(names = "--version", description = "Model version (default: lstm-ae-<UTC time>-<data hash prefix>).")
    String version;

    @Option(names = "--window", description = "Window length in time steps (default: ${DEFAULT-VALUE}).")
    int window = LstmAutoencoderConfig.defaults().windowLength();

    @Option(names = "--hidden", description = "Encoder hidden units (default: ${DEFAULT-VALUE}).")
    int hidden = LstmAutoencoderConfig.defaults().hiddenSize();

    @Option(names = "--architecture", description = "SEED or REPEAT (default: ${DEFAULT-VALUE}).")
    Architecture architecture = LstmAutoencoderConfig.defaults().architecture();

    @Option(names = "--error", description = "WINDOW or LAST error to calibrate (default: ${DEFAULT-VALUE}).")
    ErrorMode errorMode = LstmAutoencoderConfig.defaults().errorMode();

    @Option(names = "--epochs", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs = LstmAutoencoderConfig.defaults().epochs();

    @Option(names = "--max-train-windows", description = "Training windows at most (default: ${DEFAULT-VALUE}).")
    int maxTrainWindows = LstmAutoencoderConfig.defaults().maxTrainWindows();

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = LstmAutoencoderConfig.defaults().seed();

    /** Runs the command standalone (the {@code hcl} launcher registers it as {@code train lstm}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainLstmCommand()).execute(args));
    }

    @Override
    public Integer call() throws java.io.IOException {
        LstmAutoencoderConfig cfg = LstmAutoencoderConfig.defaults()
                .withWindowLength(window)
                .withHiddenSize(hidden)
                .withArchitecture(architecture)
                .withErrorMode(errorMode)
                .withEpochs(epochs)
                .withMaxTrainWindows(maxTrainWindows)
                .withSeed(seed);
        double[][] rows = SmdDataset.readMatrix(train);
        Path dir = new LstmAutoencoderTrainer(cfg).trainAndWrite(rows, out, version);
        LstmManifest m = LstmArtifact.load(dir, LstmArtifact.Expected.any()).manifest();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("artifact", dir.toString());
        line.put("model_version", m.modelVersion());
        line.put("training_data_sha256", m.trainingDataSha256());
        line.put("rows", m.trainingRows());
        line.put("input_dim", m.inputDim());
        line.put("windows", m.trainingWindows());
        line.put("final_loss", m.metrics().finalLoss());
        line.put("error_p99", m.metrics().errorP99());
        line.put("train_s", m.metrics().trainSeconds());
        System.out.println(Json.write(line));
        return 0;
    }
}
