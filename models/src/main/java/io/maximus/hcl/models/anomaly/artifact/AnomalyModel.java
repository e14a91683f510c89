package io.maximus.hcl.models.anomaly.artifact;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.AnomalyComponent;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.lstm.LstmArtifact;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderTrainer;
import io.maximus.hcl.models.anomaly.lstm.LstmComponent;
import io.maximus.hcl.models.anomaly.lstm.LstmManifest;
import io.maximus.hcl.models.attention.PeripheralState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded anomaly model artifact: one fitted combined detector per key with its LSTM autoencoder bound to an ONNX
 * Runtime session. {@link #load} checks everything before anything is served: the manifest's format and version,
 * the directory name against the model version, every file's presence and SHA-256, each detector's metric count and
 * the LSTM artifact's own manifest, and what the caller expects (a model version, metric lists). Not thread-safe
 * (the detectors keep scratch buffers and ONNX sessions): load one per task.
 */
public final class AnomalyModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnomalyModel.class);

    /** The version of the fleet artifact shipped in the hcl-models jar (trained by {@code hcl train anomaly}). */
    public static final String BUILTIN_VERSION = "fleet-20261125";
    /** Where shipped artifacts live on the class path: {@code hcl/anomaly/<version>/}. */
    public static final String BUILTIN_PREFIX = "hcl/anomaly/";

    /**
     * The detectors' classes are read with Java serialization, limited by this filter to the model classes, the
     * JDK collections they use and primitive arrays: an artifact cannot make the loader build anything else.
     */
    static final ObjectInputFilter FILTER =
            ObjectInputFilter.Config.createFilter("maxdepth=20;maxarray=10000000;io.maximus.hcl.models.anomaly.**;"
                    + "io.maximus.hcl.models.attention.PeripheralState;java.util.*;java.lang.*;!*");

    /**
     * What a caller requires of an artifact; null fields are not checked.
     *
     * @param modelVersion the artifact version required
     * @param metrics required metric list (column order) per key; every listed key must be present
     */
    public record Expected(String modelVersion, Map<String, List<String>> metrics) {
        /** Nothing beyond a consistent artifact. */
        public static Expected any() {
            return new Expected(null, null);
        }
    }

    private final Path dir;
    private final AnomalyManifest manifest;
    private final Map<String, AnomalyDetector> detectors;
    private final Map<String, PeripheralState> priors;

    private AnomalyModel(Path dir, AnomalyManifest manifest, Map<String, ServiceModel> models) {
        this.dir = dir;
        this.manifest = manifest;
        this.detectors = new LinkedHashMap<>();
        this.priors = new LinkedHashMap<>();
        models.forEach((k, v) -> {
            detectors.put(k, v.detector());
            if (v.peripheralPrior() != null) {
                priors.put(k, v.peripheralPrior());
            }
        });
    }

    /**
     * Loads {@code location}: a directory path, or {@code builtin} / {@code builtin:<version>} for an artifact
     * shipped on the class path (the job's default).
     */
    public static AnomalyModel open(String location, Expected expected) {
        if (location.equals("builtin") || location.startsWith("builtin:")) {
            String version = location.equals("builtin") ? BUILTIN_VERSION : location.substring("builtin:".length());
            return loadBuiltin(version, expected);
        }
        return load(Path.of(location), expected);
    }

    /** Loads and checks the artifact in {@code dir}. */
    public static AnomalyModel load(Path dir, Expected expected) {
        Path manifestFile = dir.resolve(AnomalyManifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidModelException("anomaly model manifest missing: " + manifestFile);
        }
        AnomalyManifest m;
        try {
            m = Json.MAPPER.readValue(Files.readString(manifestFile), AnomalyManifest.class);
        } catch (IOException e) {
            throw new InvalidModelException(
                    "anomaly model manifest unreadable: " + manifestFile + ": " + e.getMessage(), e);
        }
        if (!AnomalyManifest.FORMAT.equals(m.format())) {
            throw new InvalidModelException(
                    manifestFile + ": format is '" + m.format() + "', expected '" + AnomalyManifest.FORMAT + "'");
        }
        if (m.manifestVersion() != AnomalyManifest.CURRENT_VERSION) {
            throw new InvalidModelException(manifestFile + ": manifest version " + m.manifestVersion()
                    + " is not supported (this build reads " + AnomalyManifest.CURRENT_VERSION + ")");
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        if (name == null || !name.toString().equals(m.modelVersion())) {
            throw new InvalidModelException(manifestFile + ": model version '" + m.modelVersion()
                    + "' does not match its directory '" + name + "'");
        }
        if (expected.modelVersion() != null && !expected.modelVersion().equals(m.modelVersion())) {
            throw new InvalidModelException(manifestFile + ": model version is '" + m.modelVersion() + "', expected '"
                    + expected.modelVersion() + "'");
        }
        if (m.models() == null || m.models().isEmpty()) {
            throw new InvalidModelException(manifestFile + ": no models");
        }
        Map<String, ServiceModel> models = new LinkedHashMap<>();
        for (AnomalyManifest.Model model : m.models()) {
            models.put(model.key(), loadModel(dir, manifestFile, model));
        }
        if (expected.metrics() != null) {
            for (Map.Entry<String, List<String>> e : expected.metrics().entrySet()) {
                ServiceModel sm = models.get(e.getKey());
                if (sm == null) {
                    throw new InvalidModelException(
                            manifestFile + ": no model for '" + e.getKey() + "' (has " + models.keySet() + ")");
                }
                List<String> has = Arrays.asList(sm.detector().metricNames());
                if (!has.equals(e.getValue())) {
                    throw new InvalidModelException(manifestFile + ": model '" + e.getKey()
                            + "' was trained on metrics " + has + ", expected " + e.getValue());
                }
            }
        }
        LOG.info("loaded anomaly model {} from {}: {} keys", m.modelVersion(), dir, models.size());
        return new AnomalyModel(dir, m, models);
    }

    private static ServiceModel loadModel(Path dir, Path manifestFile, AnomalyManifest.Model model) {
        if (model.key() == null || model.metrics() == null || model.detectorFile() == null) {
            throw new InvalidModelException(manifestFile + ": a model entry lacks its key, metrics or detector file");
        }
        Path file = resolveInside(dir, model.detectorFile());
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException("anomaly model file missing: " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidModelException("anomaly model file unreadable: " + file, e);
        }
        String hash = LstmAutoencoderTrainer.sha256(bytes);
        if (!hash.equals(model.detectorSha256())) {
            throw new InvalidModelException(
                    file + ": SHA-256 " + hash + " does not match the manifest's " + model.detectorSha256());
        }
        ServiceModel sm;
        try (ObjectInputStream in = new ObjectInputStream(new GZIPInputStream(new ByteArrayInputStream(bytes)))) {
            in.setObjectInputFilter(FILTER);
            sm = (ServiceModel) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new InvalidModelException(file + ": not a detector of this build (" + e + ")", e);
        }
        AnomalyDetector det = sm.detector();
        String[] names = det.metricNames();
        if (names == null || !Arrays.asList(names).equals(model.metrics()) || det.dimensions() != names.length) {
            throw new InvalidModelException(
                    file + ": detector metrics " + (names == null ? "none" : Arrays.toString(names))
                            + " do not match the manifest's " + model.metrics());
        }
        for (AnomalyComponent c : det.components()) {
            if (c instanceof LstmComponent lstm) {
                if (model.lstmDir() == null) {
                    throw new InvalidModelException(
                            manifestFile + ": model '" + model.key() + "' has an LSTM component but no lstm_dir");
                }
                Path lstmDir = resolveInside(dir, model.lstmDir());
                try {
                    LstmArtifact a = LstmArtifact.load(
                            lstmDir,
                            new LstmArtifact.Expected(model.lstmModelVersion(), names.length, lstm.windowLength()));
                    lstm.bind(a);
                } catch (LstmArtifact.InvalidArtifactException e) {
                    throw new InvalidModelException("model '" + model.key() + "': " + e.getMessage(), e);
                }
            }
        }
        if (sm.peripheralPrior() != null && sm.peripheralPrior().dimensions() != names.length) {
            throw new InvalidModelException(file + ": peripheral prior has "
                    + sm.peripheralPrior().dimensions() + " metrics, the detector " + names.length);
        }
        return sm;
    }

    private static Path resolveInside(Path dir, String relative) {
        Path p = dir.resolve(relative).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw new InvalidModelException("artifact path escapes its directory: " + relative);
        }
        return p;
    }

    /** Loads a shipped artifact from the class path (copied to a temporary directory, checked, then removed). */
    public static AnomalyModel loadBuiltin(String version, Expected expected) {
        String base = BUILTIN_PREFIX + version + "/";
        ClassLoader cl = AnomalyModel.class.getClassLoader();
        Path tmp = null;
        try {
            byte[] manifestBytes = resource(cl, base + AnomalyManifest.FILE);
            AnomalyManifest m = Json.MAPPER.readValue(manifestBytes, AnomalyManifest.class);
            tmp = Files.createTempDirectory("hcl-anomaly-");
            Path dir = tmp.resolve(version);
            List<String> files = new ArrayList<>();
            files.add(AnomalyManifest.FILE);
            for (AnomalyManifest.Model model : m.models()) {
                files.add(model.detectorFile());
                if (model.lstmDir() != null) {
                    files.add(model.lstmDir() + "/" + LstmManifest.FILE);
                    files.add(model.lstmDir() + "/" + LstmAutoencoderTrainer.MODEL_FILE);
                }
            }
            for (String f : files) {
                Path target = resolveInside(dir, f);
                Files.createDirectories(target.getParent());
                Files.write(target, resource(cl, base + f));
            }
            return load(dir, expected);
        } catch (IOException e) {
            throw new InvalidModelException("built-in anomaly model " + version + " unreadable: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    private static byte[] resource(ClassLoader cl, String name) throws IOException {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) {
                throw new InvalidModelException("built-in anomaly model file missing from the class path: " + name);
            }
            return in.readAllBytes();
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove temporary directory {}: {}", root, e.toString());
        }
    }

    /** The detector for {@code key}, or null when the artifact has none. */
    public AnomalyDetector detector(String key) {
        return detectors.get(key);
    }

    /** A fresh copy of the key's peripheral state after training (a new key's warm start), or null. */
    public PeripheralState peripheralPrior(String key) {
        PeripheralState p = priors.get(key);
        return p == null ? null : p.copy();
    }

    /** Every key's detector. */
    public Map<String, AnomalyDetector> detectors() {
        return detectors;
    }

    /** The manifest. */
    public AnomalyManifest manifest() {
        return manifest;
    }

    /** The artifact's version. */
    public String version() {
        return manifest.modelVersion();
    }

    /** Where it was loaded from. */
    public Path dir() {
        return dir;
    }

    /** Closes the ONNX Runtime sessions. */
    @Override
    public void close() {
        for (AnomalyDetector d : detectors.values()) {
            for (AnomalyComponent c : d.components()) {
                if (c instanceof LstmComponent lstm) {
                    lstm.close();
                }
            }
        }
    }
}
