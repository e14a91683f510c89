package io.maximus.hcl.models.anomaly.artifact;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.AnomalyComponent;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.IsolationForestComponent;
import io.maximus.hcl.models.anomaly.KnnDistanceComponent;
import io.maximus.hcl.models.anomaly.PcaResidualComponent;
import io.maximus.hcl.models.anomaly.WindowFeatures;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderTrainer;
import io.maximus.hcl.models.anomaly.lstm.LstmComponent;
import io.maximus.hcl.models.attention.PeripheralMonitor;
import io.maximus.hcl.models.attention.PeripheralState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one combined detector per key of a {@link TrainingData} (Isolation Forest over snapshot + first
 * differences, PCA residual, and optionally the LSTM autoencoder trained with DJL and exported to ONNX; each
 * calibrated on the key's training rows) and writes the versioned artifact directory {@code <out>/<version>/}:
 * {@code manifest.json}, {@code <key>/detector.ser.gz} (the fitted detector, Java-serialized: it is a graph of the
 * project's own small serializable classes, read back under a class filter) and {@code <key>/lstm/} (model.onnx and
 * its manifest).
 */
public final class AnomalyModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(AnomalyModelTrainer.class);
    static final String DETECTOR_FILE = "detector.ser.gz";
    static final String LSTM_DIR = "lstm";

    /**
     * Training settings shared by every key.
     *
     * @param trees Isolation Forest trees
     * @param sample Isolation Forest sub-sample size
     * @param deltas whether the forest also sees first differences
     * @param variance PCA variance kept
     * @param floor smallest standardization scale per metric
     * @param weights component weights by name (renormalized over the components present)
     * @param threshold decision threshold of the combined score
     * @param alarmQuantile training quantile of each component calibrated to the threshold
     * @param smoothing EWMA weight of the newest combined score
     * @param seed seed of the forest (the LSTM has its own in its configuration)
     * @param lstm the LSTM autoencoder's configuration, or null to train without it
     * @param combination how the calibrated components combine
     * @param pcaLags rows per PCA residual window (1 = the snapshot alone, as artifacts before windows)
     */
    public record Config(
            int trees,
            int sample,
            boolean deltas,
            double variance,
            double floor,
            Map<String, Double> weights,
            double threshold,
            double alarmQuantile,
            double smoothing,
            long seed,
            LstmAutoencoderConfig lstm,
            AnomalyDetector.Combination combination,
            int pcaLags) {

        /** Settings with the PCA residual on snapshots (one-row windows). */
        public Config(
                int trees,
                int sample,
                boolean deltas,
                double variance,
                double floor,
                Map<String, Double> weights,
                double threshold,
                double alarmQuantile,
                double smoothing,
                long seed,
                LstmAutoencoderConfig lstm,
                AnomalyDetector.Combination combination) {
            this(
                    trees,
                    sample,
                    deltas,
                    variance,
                    floor,
                    weights,
                    threshold,
                    alarmQuantile,
                    smoothing,
                    seed,
                    lstm,
                    combination,
                    1);
        }

        /** The job's defaults: the evaluated detector settings, the seed's 0.6 / 0.4 weights, PCA beside them. */
        public static Config defaults() {
            Map<String, Double> w = new LinkedHashMap<>();
            w.put(IsolationForestComponent.NAME, 0.6);
            w.put(AnomalyDetector.LSTM_AUTOENCODER, 0.4);
            w.put(PcaResidualComponent.NAME, 0.0);
            return new Config(
                    100,
                    128,
                    true,
                    0.95,
                    0.01,
                    w,
                    0.85,
                    0.99,
                    0.2,
                    0L,
                    LstmAutoencoderConfig.defaults(),
                    AnomalyDetector.Combination.TAIL);
        }
    }

    private final Config config;

    /** A trainer with the given settings. */
    public AnomalyModelTrainer(Config config) {
        this.config = config;
    }

    /** A fitted detector for one key's rows (the LSTM, if configured, is trained and bound in memory). */
    public AnomalyDetector fit(String modelVersion, String key, double[][] rows, List<String> metrics) {
        List<AnomalyComponent> comps = new ArrayList<>();
        comps.add(new IsolationForestComponent(
                config.trees(), config.sample(), config.seed(), new WindowFeatures(config.deltas(), 1)));
        comps.add(new PcaResidualComponent(config.variance(), Math.max(config.pcaLags(), 1)));
        if (config.weights().getOrDefault(KnnDistanceComponent.NAME, 0.0) > 0) {
            // the evaluation's default: 5 neighbours, 2000 reference windows of 5 rows (models/README.md)
            comps.add(new KnnDistanceComponent(5, 2000, 5, config.seed()));
        }
        if (config.lstm() != null) {
            comps.add(new LstmComponent(config.lstm(), modelVersion + "-" + key + "-lstm"));
        }
        return new AnomalyDetector(
                        comps, config.weights(), config.threshold(), config.floor(), metrics.toArray(new String[0]))
                .smoothing(config.smoothing())
                .alarmQuantile(config.alarmQuantile())
                .combination(config.combination())
                .fit(rows);
    }

    /**
     * Trains every key and writes {@code <outRoot>/<version>/}; refuses an existing version. Written to a temporary
     * directory first and moved into place, so a half-written artifact never carries the version's name.
     *
     * @param version the artifact version, or null for {@code anomaly-<UTC time>-<data hash prefix>}
     * @return the artifact directory
     */
    public Path trainAndWrite(TrainingData data, Path outRoot, String version) throws IOException {
        String v = version != null
                ? version
                : "anomaly-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                                .withZone(ZoneOffset.UTC)
                                .format(Instant.now())
                        + "-" + data.sha256().substring(0, 8);
        if (!v.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model version '" + v + "' may only hold letters, digits, . _ -");
        }
        Path dir = outRoot.resolve(v);
        if (Files.exists(dir)) {
            throw new IllegalStateException("artifact " + dir + " already exists; choose another version");
        }
        Files.createDirectories(outRoot);
        Path tmp = Files.createTempDirectory(outRoot, ".tmp-anomaly-");
        List<AnomalyManifest.Model> models = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : data.rows().entrySet()) {
            String key = e.getKey();
            String folder = key.replaceAll("[^A-Za-z0-9._-]", "_");
            double[][] rows = e.getValue();
            List<String> metrics = data.metrics().get(key);
            long t0 = System.nanoTime();
            AnomalyDetector det = fit(v, key, rows, metrics);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path keyDir = tmp.resolve(folder);
            Files.createDirectories(keyDir);
            String lstmDir = null;
            String lstmVersion = null;
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("train_seconds", round(seconds));
            for (AnomalyComponent c : det.components()) {
                if (c instanceof IsolationForestComponent f) {
                    tm.put("isolation_forest_nodes", f.nodeCount());
                } else if (c instanceof PcaResidualComponent p) {
                    tm.put("pca_components", p.componentsKept());
                } else if (c instanceof LstmComponent lstm) {
                    Path written = LstmAutoencoderTrainer.write(lstm.trained(), keyDir);
                    Files.move(written, keyDir.resolve(LSTM_DIR));
                    lstmDir = folder + "/" + LSTM_DIR;
                    lstmVersion = lstm.modelVersion();
                    tm.put(
                            "lstm_final_loss",
                            round(lstm.trained().manifest().metrics().finalLoss()));
                    tm.put(
                            "lstm_onnx_max_abs_diff",
                            lstm.trained().manifest().metrics().onnxMaxAbsDiff());
                }
            }
            double[] scores = det.scoreAll(rows);
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            long flagged =
                    Arrays.stream(scores).filter(s -> s >= det.threshold()).count();
            tm.put("score_p50", round(sorted[sorted.length / 2]));
            tm.put("score_p99", round(sorted[(int) (0.99 * (sorted.length - 1))]));
            tm.put("flagged_share", round((double) flagged / scores.length));
            PeripheralState prior = new PeripheralState(metrics.size());
            PeripheralMonitor monitor = PeripheralMonitor.defaults();
            for (double[] r : rows) {
                monitor.update(prior, r);
            }
            byte[] bytes = serialize(new ServiceModel(det, prior));
            tm.put("detector_bytes", bytes.length);
            Files.write(keyDir.resolve(DETECTOR_FILE), bytes);
            models.add(new AnomalyManifest.Model(
                    key,
                    metrics,
                    det.components().stream().map(AnomalyComponent::name).toList(),
                    rows.length,
                    LstmAutoencoderTrainer.sha256(rows),
                    folder + "/" + DETECTOR_FILE,
                    LstmAutoencoderTrainer.sha256(bytes),
                    lstmDir,
                    lstmVersion,
                    tm));
            LOG.info(
                    "trained anomaly model for {}: {} rows x {} metrics in {} s; {}",
                    key,
                    rows.length,
                    metrics.size(),
                    String.format("%.1f", seconds),
                    tm);
            for (AnomalyComponent c : det.components()) {
                if (c instanceof LstmComponent lstm) {
                    lstm.close();
                }
            }
        }
        AnomalyManifest m = new AnomalyManifest(
                AnomalyManifest.CURRENT_VERSION,
                AnomalyManifest.FORMAT,
                v,
                Instant.now().toString(),
                data.source(),
                data.sha256(),
                parameters(),
                models);
        Files.writeString(
                tmp.resolve(AnomalyManifest.FILE),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // temporary directories are owner-only; the serving job may run as another user
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("wrote anomaly model artifact {}", dir);
        return dir;
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("isolation_forest_trees", config.trees());
        p.put("isolation_forest_sample", config.sample());
        p.put("isolation_forest_deltas", config.deltas());
        p.put("pca_variance", config.variance());
        p.put("pca_lags", Math.max(config.pcaLags(), 1));
        p.put("scale_floor", config.floor());
        p.put("weights", config.weights());
        p.put("threshold", config.threshold());
        p.put("alarm_quantile", config.alarmQuantile());
        p.put("smoothing", config.smoothing());
        p.put("combination", config.combination().name());
        p.put("seed", config.seed());
        if (config.lstm() != null) {
            LstmAutoencoderConfig l = config.lstm();
            Map<String, Object> lp = new LinkedHashMap<>();
            lp.put("window", l.windowLength());
            lp.put("hidden", l.hiddenSize());
            lp.put("architecture", l.architecture().name());
            lp.put("epochs", l.epochs());
            lp.put("max_train_windows", l.maxTrainWindows());
            lp.put("error_mode", l.errorMode().name());
            lp.put("seed", l.seed());
            p.put("lstm", lp);
        }
        return p;
    }

    static byte[] serialize(ServiceModel det) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(new GZIPOutputStream(bytes))) {
            out.writeObject(det);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : -1;
    }
}
