package io.maximus.hcl.models.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * A versioned forecast artifact on disk: {@code manifest.json} (kind, format, version, creation time, orders,
 * coefficients, the SHA-256 of the model file and of the training series, the backtest metrics, the training
 * parameters) and {@code model.json} (the fitted {@link SarimaModel}, everything its filter and forecast need).
 * {@link #load} refuses a missing or foreign manifest, a model whose checksum differs from the manifest and a model
 * whose vectors are inconsistent with its orders.
 */
public final class ForecastArtifact {

    /** The manifest's {@code kind}. */
    public static final String KIND = "hcl-forecast-sarima";
    /** The manifest format this code writes and reads. */
    public static final int FORMAT = 1;
    /** File names inside an artifact directory. */
    public static final String MANIFEST = "manifest.json";

    public static final String MODEL = "model.json";

    private ForecastArtifact() {}

    /**
     * SHA-256 of a resampled training series: its first step, step length and values (IEEE bits), so the same
     * points give the same hash whatever file or table they were read from.
     */
    public static String seriesSha256(long firstStep, long stepSeconds, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 * values.length);
        b.putLong(firstStep).putLong(stepSeconds);
        for (double v : values) {
            b.putLong(Double.doubleToLongBits(v));
        }
        return sha256(b.array());
    }

    /**
     * Writes an artifact into a new directory {@code parent/<name>-<version>}, where the version is the creation time
     * and the first 8 hex digits of the data hash; returns the directory.
     *
     * @param parent where artifacts live (e.g. {@code models/artifacts})
     * @param name the artifact's name (e.g. {@code forecast-checkout})
     * @param model the fitted model
     * @param dataSha256 hash of the training series ({@link #seriesSha256})
     * @param training what was trained on (source, metric, points, first and last time)
     * @param parameters the training parameters
     * @param backtest the backtest metrics (may be empty)
     */
    public static Path write(
            Path parent,
            String name,
            SarimaModel model,
            String dataSha256,
            Map<String, Object> training,
            Map<String, Object> parameters,
            Map<String, Object> backtest)
            throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "artifact name may hold letters, digits, '.', '_' and '-' only: " + name);
        }
        Instant created = Instant.now();
        String version =
                created.toString().replaceAll("[-:]", "").replaceAll("\\.\\d+", "") + "-" + dataSha256.substring(0, 8);
        Path dir = parent.resolve(name + "-" + version);
        Files.createDirectories(dir);
        byte[] modelBytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(model);
        Files.write(dir.resolve(MODEL), modelBytes);
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("kind", KIND);
        m.put("format", FORMAT);
        m.put("name", name);
        m.put("version", version);
        m.put("created", created.toString());
        m.putObject("model").put("file", MODEL).put("sha256", sha256(modelBytes));
        SarimaOrder o = model.order();
        m.putObject("order")
                .put("p", o.p())
                .put("d", o.d())
                .put("q", o.q())
                .put("seasonal_p", o.sp())
                .put("seasonal_d", o.sd())
                .put("seasonal_q", o.sq())
                .put("season", o.s());
        m.put("step_seconds", model.stepSeconds);
        m.put("weekly_harmonics", model.weeklyHarmonics);
        ObjectNode c = m.putObject("coefficients");
        c.set("ar", Json.MAPPER.valueToTree(model.ar));
        c.set("ma", Json.MAPPER.valueToTree(model.ma));
        c.set("seasonal_ar", Json.MAPPER.valueToTree(model.sar));
        c.set("seasonal_ma", Json.MAPPER.valueToTree(model.sma));
        c.set("calendar_beta", Json.MAPPER.valueToTree(model.beta));
        c.put("sigma2", model.sigma2);
        c.put("log_likelihood", model.logLik);
        m.put("training_data_sha256", dataSha256);
        m.set("training", Json.MAPPER.valueToTree(training));
        m.set("parameters", Json.MAPPER.valueToTree(parameters));
        m.set("backtest", Json.MAPPER.valueToTree(backtest));
        Files.write(
                dir.resolve(MANIFEST),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        return dir;
    }

    /** The parsed manifest of an artifact directory (checked like {@link #load}). */
    public static JsonNode manifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IOException("forecast artifact manifest missing: " + file);
        }
        JsonNode m = Json.MAPPER.readTree(Files.readString(file));
        if (!KIND.equals(m.path("kind").asText())) {
            throw new IOException(file + ": kind is '" + m.path("kind").asText() + "', expected '" + KIND + "'");
        }
        if (m.path("format").asInt() != FORMAT) {
            throw new IOException(file + ": format " + m.path("format").asInt() + ", this build reads " + FORMAT);
        }
        return m;
    }

    /** Loads and checks the model of an artifact directory. */
    public static SarimaModel load(Path dir) throws IOException {
        JsonNode m = manifest(dir);
        Path file = dir.resolve(m.path("model").path("file").asText(MODEL));
        if (!Files.isRegularFile(file)) {
            throw new IOException("forecast artifact model missing: " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        String expected = m.path("model").path("sha256").asText();
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new IOException(file + ": SHA-256 " + actual + " does not match the manifest's " + expected);
        }
        SarimaModel model = Json.MAPPER.readValue(bytes, SarimaModel.class);
        int m0 = model.phiStar == null ? -1 : model.phiStar.length;
        if (model.ar.length != model.p
                || model.ma.length != model.q
                || model.sar.length != model.sp
                || model.sma.length != model.sq
                || m0 < 1
                || model.rVec == null
                || model.rVec.length != m0
                || model.gain == null
                || model.gain.length != m0
                || model.delta == null
                || model.delta.length != model.order().diffLength() + 1
                || model.psiCum == null
                || model.psiCum.length == 0
                || model.beta.length != model.calendar().size()) {
            throw new IOException(file + ": model vectors do not match its orders " + model.order());
        }
        return model;
    }

    /** The key of {@link #loadForServices} for a model that serves every service. */
    public static final String ANY_SERVICE = "*";

    /**
     * The models a job starts services from: an artifact directory gives one model for every service
     * ({@link #ANY_SERVICE}); a directory of artifacts (as the TrainingJob writes them) gives each service the newest
     * artifact trained on it (the manifest's {@code training.service}; versions sort by creation time).
     */
    public static Map<String, SarimaModel> loadForServices(Path path) throws IOException {
        Map<String, SarimaModel> out = new java.util.TreeMap<>();
        if (Files.isRegularFile(path.resolve(MANIFEST))) {
            out.put(ANY_SERVICE, load(path));
            return out;
        }
        if (!Files.isDirectory(path)) {
            throw new IOException("no forecast artifact or directory of artifacts at " + path);
        }
        java.util.List<Path> dirs;
        try (java.util.stream.Stream<Path> list = Files.list(path)) {
            dirs = list.filter(d -> Files.isRegularFile(d.resolve(MANIFEST)))
                    .sorted()
                    .toList();
        }
        for (Path d : dirs) {
            JsonNode m;
            try {
                m = manifest(d);
            } catch (IOException e) {
                continue; // another kind of artifact (anomaly, failure) living alongside
            }
            String service = m.path("training").path("service").asText("");
            if (!service.isEmpty() && !service.startsWith("(")) {
                out.put(service, load(d)); // sorted by name-version: the newest wins
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no forecast artifact trained on a service under " + path);
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }
}
