package io.maximus.hcl.models.anomaly.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.PcaResidualComponent;
import io.maximus.hcl.models.anomaly.SnapshotWindow;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hcl train anomaly's artifact: trained from telemetry JSONL, loaded back identical, refused when broken. */
class AnomalyModelArtifactTest {

    static final String VERSION = "test-anomaly-v1";
    static final List<String> METRICS = List.of("cpu_usage", "error_rate", "latency_p99", "memory_usage");

    @TempDir
    static Path root;

    static Path dir;
    static TrainingData data;

    /** Two services of two hosts, 15 s apart, a daily-ish cycle with noise; one malformed line. */
    static List<String> telemetry(int perHost, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < perHost; i++) {
            for (String svc : new String[] {"checkout", "search"}) {
                for (int h = 1; h <= 2; h++) {
                    double load = 40 + 15 * Math.sin(i / 60.0) + 2 * rnd.nextGaussian();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("cpu_usage", load);
                    m.put("error_rate", Math.abs(0.05 + 0.01 * rnd.nextGaussian()));
                    m.put("latency_p99", 80 + 0.8 * load + 3 * rnd.nextGaussian());
                    m.put("memory_usage", 55 + rnd.nextGaussian());
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("timestamp", 1_772_409_600_000L + i * 15_000L);
                    rec.put("host", svc + "-" + h);
                    rec.put("service", svc);
                    rec.put("metrics", m);
                    lines.add(Json.write(rec));
                }
            }
        }
        lines.add("{not json");
        return lines;
    }

    static AnomalyModelTrainer.Config config() {
        AnomalyModelTrainer.Config d = AnomalyModelTrainer.Config.defaults();
        LstmAutoencoderConfig lstm = LstmAutoencoderConfig.defaults()
                .withWindowLength(5)
                .withHiddenSize(8)
                .withEpochs(1)
                .withMaxTrainWindows(200);
        return new AnomalyModelTrainer.Config(
                30, 64, true, 0.95, 0.01, d.weights(), 0.85, 0.99, 0.2, 3L, lstm, AnomalyDetector.Combination.TAIL);
    }

    @BeforeAll
    static void train() throws IOException {
        Path in = root.resolve("in");
        Files.createDirectories(in);
        Files.write(in.resolve("fleet.jsonl"), telemetry(400, 11));
        data = TrainingData.read(in);
        dir = new AnomalyModelTrainer(config()).trainAndWrite(data, root.resolve("models"), VERSION);
    }

    @Test
    void readsTelemetryPerService() {
        assertThat(data.source()).isEqualTo("telemetry");
        assertThat(data.rows().keySet()).containsExactly("checkout", "search");
        assertThat(data.rows().get("checkout")).hasNumberOfRows(800);
        assertThat(data.metrics().get("search")).isEqualTo(METRICS);
        assertThat(data.rejected()).isEqualTo(1);
        assertThat(data.sha256()).hasSize(64);
    }

    @Test
    void writesManifestAndLoadsTheSameDetector() {
        try (AnomalyModel m = AnomalyModel.load(dir, new AnomalyModel.Expected(VERSION, Map.of("checkout", METRICS)))) {
            AnomalyManifest man = m.manifest();
            assertThat(man.modelVersion()).isEqualTo(VERSION);
            assertThat(man.trainingDataSha256()).isEqualTo(data.sha256());
            assertThat(man.parameters()).containsKeys("isolation_forest_trees", "weights", "threshold", "lstm");
            AnomalyManifest.Model checkout = man.models().get(0);
            assertThat(checkout.key()).isEqualTo("checkout");
            assertThat(checkout.components()).containsExactly("isolation_forest", "pca_residual", "lstm_autoencoder");
            assertThat(checkout.trainingMetrics()).containsKeys("train_seconds", "score_p99", "lstm_final_loss");
            assertThat(dir.resolve(checkout.lstmDir()).resolve("model.onnx")).isRegularFile();

            // the loaded detector scores exactly as a freshly fitted one with the same seeds
            double[][] rows = data.rows().get("checkout");
            AnomalyDetector fresh = new AnomalyModelTrainer(config()).fit(VERSION, "checkout", rows, METRICS);
            AnomalyDetector loaded = m.detector("checkout");
            double[][] probe = java.util.Arrays.copyOfRange(rows, 100, 160);
            probe[50] = new double[] {99, 3, 400, 90};
            assertThat(loaded.scoreAll(probe))
                    .containsExactly(fresh.scoreAll(probe), org.assertj.core.data.Offset.offset(1e-9));
            // an outlier scores far above an ordinary snapshot, with every component in the breakdown
            SnapshotWindow w = loaded.newWindow();
            for (int t = 0; t < 50; t++) {
                w.push(loaded, probe[t]);
            }
            double calm = loaded.score(w).score();
            w.push(loaded, probe[50]);
            var spike = loaded.score(w);
            // one snapshot moves the smoothed (EWMA 0.2) score by a fifth of the way; its components are at the top
            assertThat(spike.score()).isGreaterThan(calm + 0.1);
            assertThat(spike.components()).containsKeys("isolation_forest", "pca_residual", "lstm_autoencoder");
            assertThat(spike.components().get("isolation_forest")).isGreaterThan(0.85);
            assertThat(spike.components().get("pca_residual")).isGreaterThan(0.85);
            assertThat(spike.salient().get(0).metric()).isIn("latency_p99", "error_rate");
        }
    }

    @Test
    void aWindowedPcaArtifactRecordsAndRestoresItsWindow() throws IOException {
        AnomalyModelTrainer.Config d = config();
        AnomalyModelTrainer.Config windowed = new AnomalyModelTrainer.Config(
                d.trees(),
                d.sample(),
                d.deltas(),
                0.99,
                d.floor(),
                d.weights(),
                d.threshold(),
                d.alarmQuantile(),
                d.smoothing(),
                d.seed(),
                null,
                d.combination(),
                5);
        Path out = new AnomalyModelTrainer(windowed).trainAndWrite(data, root.resolve("windowed"), "pca-windows-1");
        try (AnomalyModel m = AnomalyModel.load(out, AnomalyModel.Expected.any())) {
            assertThat(m.manifest().parameters()).containsEntry("pca_lags", 5).containsEntry("pca_variance", 0.99);
            AnomalyDetector det = m.detector("checkout");
            PcaResidualComponent pca = det.components().stream()
                    .filter(PcaResidualComponent.class::isInstance)
                    .map(PcaResidualComponent.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(pca.lags()).isEqualTo(5);
            assertThat(det.windowLength()).isGreaterThanOrEqualTo(5);
            double[][] rows = data.rows().get("checkout");
            AnomalyDetector fresh = new AnomalyModelTrainer(windowed).fit("pca-windows-1", "checkout", rows, METRICS);
            double[][] probe = java.util.Arrays.copyOfRange(rows, 100, 160);
            assertThat(det.scoreAll(probe))
                    .containsExactly(fresh.scoreAll(probe), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void refusesAnExistingVersion() {
        assertThatThrownBy(() -> new AnomalyModelTrainer(config()).trainAndWrite(data, root.resolve("models"), VERSION))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void refusesWrongVersionAndMetrics() {
        assertThatThrownBy(() -> AnomalyModel.load(dir, new AnomalyModel.Expected("other", null)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("expected 'other'");
        assertThatThrownBy(() -> AnomalyModel.load(
                        dir, new AnomalyModel.Expected(null, Map.of("checkout", List.of("cpu_usage", "latency_p99")))))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("trained on metrics [cpu_usage, error_rate, latency_p99, memory_usage]");
        assertThatThrownBy(() -> AnomalyModel.load(dir, new AnomalyModel.Expected(null, Map.of("payments", METRICS))))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no model for 'payments'");
    }

    @Test
    void refusesMissingCorruptOrRenamedFiles() throws IOException {
        Path copy = copy("missing", VERSION);
        Files.delete(copy.resolve("search/detector.ser.gz"));
        assertThatThrownBy(() -> AnomalyModel.load(copy, AnomalyModel.Expected.any()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("file missing")
                .hasMessageContaining("detector.ser.gz");

        Path corrupt = copy("corrupt", VERSION);
        byte[] b = Files.readAllBytes(corrupt.resolve("checkout/detector.ser.gz"));
        b[b.length / 2] ^= 1;
        Files.write(corrupt.resolve("checkout/detector.ser.gz"), b);
        assertThatThrownBy(() -> AnomalyModel.load(corrupt, AnomalyModel.Expected.any()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("does not match the manifest");

        Path onnx = copy("onnx", VERSION);
        Files.write(onnx.resolve("search/lstm/model.onnx"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> AnomalyModel.load(onnx, AnomalyModel.Expected.any()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model 'search'")
                .hasMessageContaining("SHA-256");

        Path renamed = copy("renamed", "other-name");
        assertThatThrownBy(() -> AnomalyModel.load(renamed, AnomalyModel.Expected.any()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("does not match its directory");

        assertThatThrownBy(() -> AnomalyModel.load(root.resolve("nowhere"), AnomalyModel.Expected.any()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("manifest missing");
    }

    @Test
    void theShippedFleetArtifactLoadsFromTheClassPath() {
        try (AnomalyModel m = AnomalyModel.open("builtin", AnomalyModel.Expected.any())) {
            assertThat(m.version()).isEqualTo(AnomalyModel.BUILTIN_VERSION);
            assertThat(m.detectors().keySet()).contains("checkout", "payments", "search", "inventory", "auth");
            assertThat(m.manifest().source()).isEqualTo("telemetry");
            assertThat(m.detector("checkout").metricNames()).contains("cpu_usage", "latency_p99", "error_rate");
            // written before PCA windows existed (no lags field): reads back as the snapshot PCA it was trained as
            PcaResidualComponent pca = m.detector("checkout").components().stream()
                    .filter(PcaResidualComponent.class::isInstance)
                    .map(PcaResidualComponent.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertThat(pca.lags()).isEqualTo(1);
            assertThat(pca.windowLength()).isEqualTo(1);
            assertThat(pca.varianceKept()).isEqualTo(0.95);
            assertThat(m.detector("checkout").windowLength())
                    .isEqualTo(m.detector("checkout").components().stream()
                            .mapToInt(c -> c.windowLength())
                            .max()
                            .orElseThrow());
        }
        assertThatThrownBy(() -> AnomalyModel.open("builtin:no-such", AnomalyModel.Expected.any()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("missing from the class path");
    }

    private static Path copy(String name, String version) throws IOException {
        Path target = root.resolve(name).resolve(version);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }
}
