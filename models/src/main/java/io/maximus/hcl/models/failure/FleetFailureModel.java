package io.maximus.hcl.models.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The failure model for named fleet metrics, as the streaming job serves it: which metrics, how they are resampled
 * (one row per minute, the mean of the snapshots in it), the trend-feature windows, a fleet-wide baseline per metric
 * (median and scaled MAD of the training rows: the features are z-scores against it), the compiled tree ensembles
 * (averaged) and the alarm threshold. Serializable, so the job ships it inside its operator; scoring needs no
 * XGBoost natives.
 *
 * <p>Artifact layout (a directory, or a class-path folder for the bundled model): {@code manifest.json} (kind
 * {@value #KIND}, format, version, metric names, row period, windows, baseline, feature names, threshold, lead
 * window, SHA-256 of every file and of the training data, parameters and training metrics), {@code forest-<i>.bin}
 * (the compiled trees) and {@code model-<i>.ubj} (the XGBoost boosters, to explain or retrain; optional for
 * serving).
 */
public final class FleetFailureModel implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Artifact kind written in and required from the manifest. */
    public static final String KIND = "hcl-failure-fleet";
    /** Manifest format version. */
    public static final int FORMAT = 1;
    /** Class-path folder of the model bundled with HCL (trained on a generated fleet). */
    public static final String BUNDLED = "hcl-artifacts/failure-fleet/";
    /** Metrics the default model uses. */
    public static final String[] DEFAULT_METRICS = {
        "memory_usage",
        "error_rate",
        "latency_p99",
        "cpu_usage",
        "database_connections",
        "query_latency",
        "disk_io_wait",
        "request_queue"
    };

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String version;
    private final String[] metrics;
    private final long rowMillis;
    private final int shortRows;
    private final int longRows;
    private final double[] centre;
    private final double[] scale;
    private final CompiledForest[] forests;
    private final double threshold;
    private final int leadMinMinutes;
    private final int leadMaxMinutes;
    private final String[] featureNames;

    /**
     * A model from its parts.
     *
     * @param version artifact version
     * @param metrics metric names, in feature order
     * @param rowMillis row period (the resampling step)
     * @param shortRows short trend window in rows
     * @param longRows long trend window in rows (also the warm-up before the first score)
     * @param centre baseline centre per metric
     * @param scale baseline scale per metric (positive)
     * @param forests compiled ensembles, averaged in probability
     * @param threshold alarm threshold on the probability
     * @param leadMinMinutes earliest warning the model was trained for
     * @param leadMaxMinutes latest warning the model was trained for
     */
    public FleetFailureModel(
            String version,
            String[] metrics,
            long rowMillis,
            int shortRows,
            int longRows,
            double[] centre,
            double[] scale,
            CompiledForest[] forests,
            double threshold,
            int leadMinMinutes,
            int leadMaxMinutes) {
        if (metrics.length == 0 || centre.length != metrics.length || scale.length != metrics.length) {
            throw new IllegalArgumentException("need one baseline centre and scale per metric");
        }
        for (double s : scale) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("baseline scales must be positive");
            }
        }
        if (forests.length == 0) {
            throw new IllegalArgumentException("need at least one forest");
        }
        this.version = version;
        this.metrics = metrics.clone();
        this.rowMillis = rowMillis;
        this.shortRows = shortRows;
        this.longRows = longRows;
        this.centre = centre.clone();
        this.scale = scale.clone();
        this.forests = forests.clone();
        this.threshold = threshold;
        this.leadMinMinutes = leadMinMinutes;
        this.leadMaxMinutes = leadMaxMinutes;
        this.featureNames = features().names();
    }

    /** The feature extractor this model was trained with. */
    public TrendFeatures features() {
        return new TrendFeatures(metrics, shortRows, longRows);
    }

    /** A new, empty per-key window with this model's baseline. */
    public MetricWindow newWindow() {
        return new MetricWindow(metrics.length, longRows, centre.clone(), scale.clone());
    }

    /** P(failure within the lead window) of one feature vector (average of the ensembles). */
    public double probability(float[] x) {
        double p = 0;
        for (CompiledForest f : forests) {
            p += f.probability(x, 0);
        }
        return p / forests.length;
    }

    /** The {@code k} features that pushed the prediction up most (path contributions, log-odds, averaged). */
    public List<FailurePrediction.Driver> drivers(float[] x, int k) {
        double[] c = new double[featureNames.length];
        for (CompiledForest f : forests) {
            f.contributions(x, 0, c);
        }
        List<FailurePrediction.Driver> all = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            if (c[i] > 0) {
                all.add(new FailurePrediction.Driver(featureNames[i], x[i], c[i] / forests.length));
            }
        }
        all.sort(Comparator.comparingDouble(FailurePrediction.Driver::contribution)
                .reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** The compiled ensembles (for tests and benchmarks in this package). */
    CompiledForest[] forests() {
        return forests.clone();
    }

    /** Artifact version. */
    public String version() {
        return version;
    }

    /** Metric names in feature order. */
    public String[] metrics() {
        return metrics.clone();
    }

    /** Row period in milliseconds. */
    public long rowMillis() {
        return rowMillis;
    }

    /** Rows a key needs before its first score. */
    public int warmupRows() {
        return longRows;
    }

    /** Alarm threshold on the probability. */
    public double threshold() {
        return threshold;
    }

    /** Earliest warning the model was trained for, minutes before the failure. */
    public int leadMinMinutes() {
        return leadMinMinutes;
    }

    /** Latest warning the model was trained for, minutes before the failure. */
    public int leadMaxMinutes() {
        return leadMaxMinutes;
    }

    /** Feature names, in input order. */
    public String[] featureNames() {
        return featureNames.clone();
    }

    /**
     * Writes the artifact directory; {@code boosters} (may be null) are saved next to the compiled forests so the
     * model can be explained exactly or retrained. Returns the manifest written.
     */
    public ObjectNode save(
            Path dir,
            Booster[] boosters,
            String trainingDataSha256,
            Map<String, Object> params,
            Map<String, Object> trainingMetrics)
            throws IOException {
        Files.createDirectories(dir);
        ObjectNode m = MAPPER.createObjectNode();
        m.put("kind", KIND);
        m.put("format", FORMAT);
        m.put("version", version);
        m.put("created", Instant.now().toString());
        m.set("metric_names", MAPPER.valueToTree(metrics));
        m.put("row_seconds", rowMillis / 1000);
        m.put("short_rows", shortRows);
        m.put("long_rows", longRows);
        ObjectNode baseline = m.putObject("baseline");
        for (int i = 0; i < metrics.length; i++) {
            baseline.putObject(metrics[i]).put("centre", centre[i]).put("scale", scale[i]);
        }
        m.put("threshold", threshold);
        m.put("lead_min_minutes", leadMinMinutes);
        m.put("lead_max_minutes", leadMaxMinutes);
        m.set("feature_names", MAPPER.valueToTree(featureNames));
        ArrayNode forestFiles = m.putArray("forests");
        for (int i = 0; i < forests.length; i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                forests[i].write(out);
            }
            String name = "forest-" + i + ".bin";
            Files.write(dir.resolve(name), bytes.toByteArray());
            forestFiles.addObject().put("file", name).put("sha256", FailureModelArtifact.sha256(bytes.toByteArray()));
        }
        ArrayNode modelFiles = m.putArray("models");
        if (boosters != null) {
            for (int i = 0; i < boosters.length; i++) {
                try {
                    byte[] model = boosters[i].toByteArray("ubj");
                    String name = "model-" + i + ".ubj";
                    Files.write(dir.resolve(name), model);
                    modelFiles.addObject().put("file", name).put("sha256", FailureModelArtifact.sha256(model));
                } catch (XGBoostError e) {
                    throw new IOException("cannot serialise booster " + i + ": " + e.getMessage(), e);
                }
            }
        }
        m.put("training_data_sha256", trainingDataSha256);
        m.set("parameters", MAPPER.valueToTree(new TreeMap<>(params)));
        m.set("metrics", MAPPER.valueToTree(trainingMetrics));
        Files.writeString(dir.resolve("manifest.json"), MAPPER.writeValueAsString(m));
        return m;
    }

    /** Loads and checks an artifact directory (see the class comment). */
    public static FleetFailureModel load(Path dir) {
        return load(
                name -> {
                    Path f = dir.resolve(name);
                    try {
                        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read " + f + ": " + e.getMessage(), e);
                    }
                },
                dir.toAbsolutePath().toString());
    }

    /** Loads the model bundled on the class path ({@value #BUNDLED}). */
    public static FleetFailureModel loadBundled() {
        ClassLoader cl = FleetFailureModel.class.getClassLoader();
        return load(
                name -> {
                    try (InputStream in = cl.getResourceAsStream(BUNDLED + name)) {
                        return in == null ? null : in.readAllBytes();
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read bundled " + name + ": " + e.getMessage(), e);
                    }
                },
                "classpath:" + BUNDLED);
    }

    /**
     * Loads an artifact through {@code files} (file name → bytes, null when absent).
     *
     * @throws IllegalStateException with a clear message if anything is missing, corrupt or inconsistent
     */
    static FleetFailureModel load(Function<String, byte[]> files, String where) {
        byte[] manifestBytes = files.apply("manifest.json");
        if (manifestBytes == null) {
            throw new IllegalStateException("failure model artifact missing: no manifest.json in " + where
                    + " (train one with 'hcl train failure --input telemetry.jsonl --out DIR')");
        }
        try {
            JsonNode m = MAPPER.readTree(manifestBytes);
            if (!KIND.equals(m.path("kind").asText()) || m.path("format").asInt() != FORMAT) {
                throw new IllegalStateException("not a " + KIND + " format " + FORMAT + " manifest: " + where);
            }
            String[] metrics = MAPPER.convertValue(m.path("metric_names"), String[].class);
            if (metrics == null || metrics.length == 0) {
                throw new IllegalStateException("manifest in " + where + " names no metrics");
            }
            double[] centre = new double[metrics.length];
            double[] scale = new double[metrics.length];
            for (int i = 0; i < metrics.length; i++) {
                JsonNode b = m.path("baseline").path(metrics[i]);
                if (!b.has("centre") || !b.has("scale")) {
                    throw new IllegalStateException("manifest in " + where + " has no baseline for " + metrics[i]);
                }
                centre[i] = b.path("centre").asDouble();
                scale[i] = b.path("scale").asDouble();
            }
            JsonNode forestFiles = m.path("forests");
            if (!forestFiles.isArray() || forestFiles.isEmpty()) {
                throw new IllegalStateException("manifest in " + where + " lists no forests");
            }
            CompiledForest[] forests = new CompiledForest[forestFiles.size()];
            for (int i = 0; i < forests.length; i++) {
                String name = forestFiles.get(i).path("file").asText();
                byte[] bytes = files.apply(name);
                if (bytes == null) {
                    throw new IllegalStateException(
                            "failure model artifact incomplete: " + name + " missing in " + where);
                }
                String sha = FailureModelArtifact.sha256(bytes);
                if (!sha.equals(forestFiles.get(i).path("sha256").asText())) {
                    throw new IllegalStateException("failure model file " + name + " in " + where
                            + " does not match its manifest (sha256 " + sha + ")");
                }
                forests[i] = CompiledForest.read(new DataInputStream(new ByteArrayInputStream(bytes)));
            }
            FleetFailureModel model = new FleetFailureModel(
                    m.path("version").asText(),
                    metrics,
                    m.path("row_seconds").asLong() * 1000,
                    m.path("short_rows").asInt(),
                    m.path("long_rows").asInt(),
                    centre,
                    scale,
                    forests,
                    m.path("threshold").asDouble(),
                    m.path("lead_min_minutes").asInt(),
                    m.path("lead_max_minutes").asInt());
            String[] names = MAPPER.convertValue(m.path("feature_names"), String[].class);
            if (!java.util.Arrays.equals(names, model.featureNames)) {
                throw new IllegalStateException(
                        "failure model in " + where + " lists features that differ from the ones "
                                + "this version of HCL computes from its metrics and windows");
            }
            return model;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read failure model artifact " + where + ": " + e.getMessage(), e);
        }
    }
}
