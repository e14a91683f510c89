package io.maximus.hcl.models.anomaly.lstm;

import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an LSTM autoencoder on a training matrix (rows = time steps, columns = metrics) and writes a versioned
 * artifact directory {@code <out>/<modelVersion>/} with {@code model.onnx} and {@code manifest.json}.
 *
 * <p>Steps: standardize columns, cut evenly spread windows, train with DJL, export to ONNX, check the export
 * against DJL and against a plain-Java reference ({@link LstmReference}) on training windows (refuses beyond 1e-4), score the training windows through ONNX Runtime and keep
 * their error quantiles as the calibration.
 */
public final class LstmAutoencoderTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LstmAutoencoderTrainer.class);
    /** Name of the model file in an artifact directory. */
    public static final String MODEL_FILE = "model.onnx";
    /** Largest ONNX-vs-DJL difference the trainer accepts. */
    public static final double EXPORT_TOLERANCE = 1e-4;
    private static final int CALIBRATION_WINDOWS = 20_000;
    private static final int EXPORT_CHECK_WINDOWS = 32;

    private final LstmAutoencoderConfig config;

    /** A trainer with the given configuration. */
    public LstmAutoencoderTrainer(LstmAutoencoderConfig config) {
        this.config = config;
    }

    /** A trained model in memory: its ONNX bytes and manifest. */
    public record Trained(byte[] onnx, LstmManifest manifest) {
    }

    /** Trains and returns the model without writing anything. */
    public Trained train(double[][] rows, String modelVersion) {
        long t0 = System.nanoTime();
        int t = config.windowLength();
        if (rows.length < t + 1) {
            throw new IllegalArgumentException("need more than " + t + " training rows, got " + rows.length);
        }
        int d = rows[0].length;
        String dataHash = sha256(rows);
        String version = modelVersion != null ? modelVersion : defaultVersion(dataHash);
        Standardizer std = Standardizer.fit(rows, config.stdFloor(), config.clip());
        float[] series = std.transformAll(rows);
        int[] starts = Windows.evenStarts(rows.length, t, config.maxTrainWindows());
        float[] windows = Windows.gather(series, d, t, starts);
        LOG.info("training LSTM autoencoder {}: {} rows x {} metrics, {} windows of {} steps, {}", version,
                rows.length, d, starts.length, t, config);

        List<Double> losses;
        LstmWeights weights;
        double maxDiff;
        byte[] onnx;
        try (DjlLstmAutoencoder djl = new DjlLstmAutoencoder(config, d)) {
            losses = djl.train(windows, starts.length);
            weights = djl.weights();
            onnx = OnnxLstmExporter.export(weights, version);
            int k = Math.min(EXPORT_CHECK_WINDOWS, starts.length);
            float[] trained = djl.reconstruct(windows, k);
            float[] reference = new LstmReference(weights).reconstruct(windows, k);
            float[] exported;
            try (OnnxLstmSession s = new OnnxLstmSession(onnx, t, d, 256, 1)) {
                exported = s.reconstruct(windows, k);
            }
            // Three computations of one network: the trained engine, ONNX Runtime, and plain Java. When they
            // disagree, the reference says which side is wrong.
            double onnxVsTrained = LstmReference.maxAbsDiff(trained, exported);
            double onnxVsReference = LstmReference.maxAbsDiff(reference, exported);
            maxDiff = Math.max(onnxVsTrained, onnxVsReference);
            if (!(maxDiff <= EXPORT_TOLERANCE)) {
                throw new IllegalStateException("ONNX export differs from the trained model by " + maxDiff
                        + " (ONNX vs trained " + onnxVsTrained + ", ONNX vs plain-Java reference " + onnxVsReference
                        + ", trained vs reference " + LstmReference.maxAbsDiff(trained, reference) + ")");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        int[] calStarts = Windows.evenStarts(rows.length, t, CALIBRATION_WINDOWS);
        float[] errs;
        try (OnnxLstmSession s = new OnnxLstmSession(onnx, t, d, 256, 1)) {
            errs = s.errors(Windows.gather(series, d, t, calStarts), calStarts.length, config.errorMode());
        }
        double[] errors = new double[errs.length];
        double mean = 0;
        for (int i = 0; i < errs.length; i++) {
            errors[i] = errs[i];
            mean += errs[i];
        }
        mean /= errors.length;
        QuantileCalibrator cal = QuantileCalibrator.fit(errors);
        double[] q = cal.values();
        double[] levels = cal.levels();
        LstmManifest.Metrics metrics = new LstmManifest.Metrics(losses.isEmpty() ? Double.NaN
                : losses.get(losses.size() - 1), losses, seconds, mean, cal.values()[50], q[99],
                q[levels.length - 1], maxDiff);

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", config.epochs());
        params.put("batch_size", config.batchSize());
        params.put("learning_rate", config.learningRate());
        params.put("optimizer", "adam, grad clip 1.0");
        params.put("max_train_windows", config.maxTrainWindows());
        params.put("seed", config.seed());
        params.put("std_floor", config.stdFloor());
        params.put("error_mode", config.errorMode().name());
        params.put("engine", "DJL PyTorch");
        LstmManifest m = new LstmManifest(LstmManifest.CURRENT_VERSION, LstmManifest.FORMAT, version,
                Instant.now().toString(), config.architecture().name(), d, t, config.hiddenSize(), config.errorMode().name(), params, dataHash,
                rows.length, starts.length, metrics, std.mean(), std.scale(), std.clip(), levels, q, MODEL_FILE,
                sha256(onnx), OnnxLstmExporter.OPSET);
        LOG.info("trained {} in {} s: final MSE {}, ONNX max diff {}", version, String.format("%.1f", seconds),
                metrics.finalLoss(), maxDiff);
        return new Trained(onnx, m);
    }

    /**
     * Trains and writes {@code <outRoot>/<modelVersion>/} (model.onnx, manifest.json); refuses to overwrite an
     * existing version. The files are written to a temporary directory first and moved into place.
     *
     * @return the artifact directory
     */
    public Path trainAndWrite(double[][] rows, Path outRoot, String modelVersion) {
        Trained trained = train(rows, modelVersion);
        return write(trained, outRoot);
    }

    /** Writes a trained model as {@code <outRoot>/<modelVersion>/}. */
    public static Path write(Trained trained, Path outRoot) {
        Path dir = outRoot.resolve(trained.manifest().modelVersion());
        try {
            if (Files.exists(dir)) {
                throw new IllegalStateException("artifact " + dir + " already exists; choose another version");
            }
            Files.createDirectories(outRoot);
            Path tmp = Files.createTempDirectory(outRoot, ".tmp-lstm-");
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // Temporary directories are owner-only; the serving job may run as another user.
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.write(tmp.resolve(MODEL_FILE), trained.onnx());
            Files.writeString(tmp.resolve(LstmManifest.FILE),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(trained.manifest()));
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("wrote LSTM autoencoder artifact {}", dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + dir, e);
        }
    }

    /**
     * SHA-256 of a training matrix, hex: over the row and column counts (4-byte big-endian ints) and then every
     * value's IEEE-754 bits (8-byte big-endian), row by row.
     */
    public static String sha256(double[][] rows) {
        MessageDigest md = digest();
        int d = rows.length == 0 ? 0 : rows[0].length;
        md.update(ByteBuffer.allocate(8).putInt(rows.length).putInt(d).array());
        ByteBuffer buf = ByteBuffer.allocate(d * Double.BYTES);
        for (double[] r : rows) {
            buf.clear();
            for (double v : r) {
                buf.putDouble(v);
            }
            md.update(buf.array(), 0, buf.position());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of bytes, hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String defaultVersion(String dataHash) {
        return "lstm-ae-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-" + dataHash.substring(0, 8);
    }
}
