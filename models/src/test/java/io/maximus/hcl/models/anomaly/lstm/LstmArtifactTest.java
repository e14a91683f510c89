package io.maximus.hcl.models.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.lstm.LstmArtifact.Expected;
import io.maximus.hcl.models.anomaly.lstm.LstmArtifact.InvalidArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training writes a versioned artifact; the loader accepts it, scores with it, and refuses broken ones. */
class LstmArtifactTest {

    static final int D = 5;
    static final int T = 10;
    static final String VERSION = "test-v1";

    @TempDir
    static Path root;

    static Path dir;
    static double[][] train;

    /** Correlated, periodic metrics: col j = sin(t/7 + j) + noise; two constant columns. */
    static double[][] series(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] rows = new double[n][D];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D - 2; j++) {
                rows[i][j] = 10 + 3 * Math.sin(i / 7.0 + j) + 0.2 * rnd.nextGaussian();
            }
            rows[i][D - 2] = 0.5;
            rows[i][D - 1] = 0;
        }
        return rows;
    }

    @BeforeAll
    static void train() {
        train = series(1500, 1);
        LstmAutoencoderConfig cfg = LstmAutoencoderConfig.defaults()
                .withWindowLength(T)
                .withHiddenSize(16)
                .withEpochs(4)
                .withMaxTrainWindows(600)
                .withLearningRate(5e-3f);
        dir = new LstmAutoencoderTrainer(cfg).trainAndWrite(train, root.resolve("models"), VERSION);
    }

    @Test
    void writesModelAndManifest() {
        assertThat(dir).isEqualTo(root.resolve("models").resolve(VERSION));
        assertThat(dir.resolve("model.onnx")).isRegularFile();
        LstmArtifact a = LstmArtifact.load(dir, new Expected(VERSION, D, T));
        LstmManifest m = a.manifest();
        assertThat(m.modelVersion()).isEqualTo(VERSION);
        assertThat(m.trainingDataSha256())
                .isEqualTo(LstmAutoencoderTrainer.sha256(train))
                .hasSize(64);
        assertThat(m.trainingRows()).isEqualTo(1500);
        assertThat(m.trainingWindows()).isEqualTo(600);
        assertThat(m.architecture()).isEqualTo("REPEAT");
        assertThat(m.metrics().epochLosses()).hasSize(4);
        assertThat(m.metrics().finalLoss()).isLessThan(m.metrics().epochLosses().get(0));
        assertThat(m.metrics().onnxMaxAbsDiff()).isLessThan(1e-4);
        assertThat(m.errorQuantiles()).hasSize(m.errorQuantileLevels().length).isSorted();
        assertThat(m.metrics().errorP99()).isGreaterThanOrEqualTo(m.metrics().errorP50());
        assertThat(m.parameters()).containsEntry("epochs", 4).containsKey("seed");
    }

    @Test
    void hashDependsOnEveryValue() {
        double[][] copy = series(1500, 1);
        assertThat(LstmAutoencoderTrainer.sha256(copy)).isEqualTo(LstmAutoencoderTrainer.sha256(train));
        copy[700][2] += 1e-9;
        assertThat(LstmAutoencoderTrainer.sha256(copy)).isNotEqualTo(LstmAutoencoderTrainer.sha256(train));
    }

    @Test
    void scoresAnInjectedAnomalyAboveNormalData() {
        double[][] test = series(400, 2);
        for (int i = 200; i < 210; i++) {
            test[i][0] += 8; // a level shift of ~2.5 sd on one metric...
            test[i][D - 2] = 0.9; // ...and a constant metric that moves
        }
        try (LstmAnomalyScorer s = LstmArtifact.load(dir, Expected.any()).openScorer(64, 1)) {
            double[] e = s.rowErrors(test);
            assertThat(e).hasSize(400);
            double normalMax = 0;
            for (int i = 20; i < 195; i++) {
                normalMax = Math.max(normalMax, e[i]);
            }
            assertThat(e[205]).isGreaterThan(2 * normalMax);
            assertThat(s.calibrate(e[205])).isEqualTo(1.0);
            assertThat(s.calibrate(e[100])).isLessThan(1.0);

            double[][] window = new double[T][];
            System.arraycopy(test, 196, window, 0, T);
            LstmAnomalyScorer.WindowScore ws = s.scoreWindow(window);
            assertThat(ws.error()).isCloseTo(e[205], org.assertj.core.data.Offset.offset(1e-4 * (1 + e[205])));
            // The moved metrics are the salient ones.
            int top = 0;
            for (int j = 1; j < D; j++) {
                if (ws.metricErrors()[j] > ws.metricErrors()[top]) {
                    top = j;
                }
            }
            assertThat(top).isIn(0, D - 2);
        }
    }

    @Test
    void refusesAMissingModelFile() throws IOException {
        Path copy = copyArtifact("missing-model");
        Files.delete(copy.resolve("model.onnx"));
        assertThatThrownBy(() -> LstmArtifact.load(copy, Expected.any()))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("model file missing");
    }

    @Test
    void refusesAMissingManifest() {
        assertThatThrownBy(() -> LstmArtifact.load(root.resolve("nowhere"), Expected.any()))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("manifest missing");
    }

    @Test
    void refusesMismatchedExpectations() {
        assertThatThrownBy(() -> LstmArtifact.load(dir, new Expected(null, D + 1, 0)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("input dimension is 5, expected 6");
        assertThatThrownBy(() -> LstmArtifact.load(dir, new Expected(null, 0, 30)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("window length is 10, expected 30");
        assertThatThrownBy(() -> LstmArtifact.load(dir, new Expected("v2", 0, 0)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("model version is 'test-v1'");
    }

    @Test
    void refusesATamperedModelAndAManifestThatLiesAboutTheGraph() throws IOException {
        Path tampered = copyArtifact("tampered");
        byte[] bytes = Files.readAllBytes(tampered.resolve("model.onnx"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(tampered.resolve("model.onnx"), bytes);
        assertThatThrownBy(() -> LstmArtifact.load(tampered, Expected.any()))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("does not match the manifest");

        Path lying = copyArtifact("lying");
        ObjectNode m =
                (ObjectNode) Json.MAPPER.readTree(lying.resolve("manifest.json").toFile());
        m.put("window_length", T + 1);
        Files.writeString(lying.resolve("manifest.json"), Json.MAPPER.writeValueAsString(m));
        LstmArtifact a = LstmArtifact.load(lying, Expected.any());
        assertThatThrownBy(() -> a.openScorer(8, 1))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("does not match its manifest");
    }

    @Test
    void refusesToOverwriteAVersion() {
        LstmAutoencoderTrainer.Trained t = new LstmAutoencoderTrainer.Trained(
                new byte[0], LstmArtifact.load(dir, Expected.any()).manifest());
        assertThatThrownBy(() -> LstmAutoencoderTrainer.write(t, root.resolve("models")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
    }

    private static Path copyArtifact(String name) throws IOException {
        Path copy = root.resolve(name);
        Files.createDirectories(copy);
        for (String f : new String[] {"model.onnx", "manifest.json"}) {
            Files.copy(dir.resolve(f), copy.resolve(f));
        }
        return copy;
    }
}
