package io.maximus.hcl.models.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A versioned failure-model artifact: a directory with {@code model-<i>.ubj} (XGBoost's binary JSON format; one per
 * averaged booster) and {@code manifest.json} (artifact kind, version, creation time, SHA-256 of each model file and
 * of the training data,
 * feature names, parameters, alarm threshold, evaluation metrics). {@link #load} refuses a missing model or
 * manifest, a model whose checksum differs from the manifest, and a feature schema that differs from the caller's.
 */
public final class FailureModelArtifact {

    /** Artifact kind written in and required from the manifest. */
    public static final String KIND = "hcl-failure-xgboost";
    /** Manifest format version. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FailureModelArtifact() {}

    /** Writes the artifact; returns the manifest written. */
    public static ObjectNode save(
            Path dir,
            FailurePredictor predictor,
            String version,
            String trainingDataSha256,
            Map<String, Object> params,
            Map<String, Object> metrics)
            throws IOException, XGBoostError {
        Files.createDirectories(dir);
        ObjectNode m = MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode files = MAPPER.createArrayNode();
        Booster[] boosters = predictor.boosters();
        for (int i = 0; i < boosters.length; i++) {
            byte[] model = boosters[i].toByteArray("ubj");
            String name = "model-" + i + ".ubj";
            Files.write(dir.resolve(name), model);
            files.add(MAPPER.createObjectNode().put("file", name).put("sha256", sha256(model)));
        }
        m.put("kind", KIND);
        m.put("format", FORMAT);
        m.put("version", version);
        m.put("created", Instant.now().toString());
        m.set("models", files);
        m.put("training_data_sha256", trainingDataSha256);
        m.put("threshold", predictor.threshold());
        m.set("feature_names", MAPPER.valueToTree(predictor.featureNames()));
        m.set("parameters", MAPPER.valueToTree(new java.util.TreeMap<>(params)));
        m.set("metrics", MAPPER.valueToTree(metrics));
        Files.writeString(dir.resolve("manifest.json"), MAPPER.writeValueAsString(m));
        return m;
    }

    /**
     * Loads and checks an artifact. {@code expectedFeatures} is the feature schema of the caller's extractor
     * (null to accept the manifest's).
     *
     * @throws IllegalStateException with a clear message if anything is missing or does not match
     */
    public static FailurePredictor load(Path dir, String[] expectedFeatures, int topDrivers) {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalStateException("failure model artifact missing: no manifest.json in "
                    + dir.toAbsolutePath() + " (train one with 'hcl eval failure --save-artifact DIR')");
        }
        try {
            JsonNode m = MAPPER.readTree(manifestFile.toFile());
            if (!KIND.equals(m.path("kind").asText()) || m.path("format").asInt() != FORMAT) {
                throw new IllegalStateException("not a " + KIND + " format " + FORMAT + " manifest: " + manifestFile);
            }
            JsonNode files = m.path("models");
            if (!files.isArray() || files.isEmpty()) {
                throw new IllegalStateException("manifest " + manifestFile + " lists no model files");
            }
            Booster[] boosters = new Booster[files.size()];
            for (int i = 0; i < boosters.length; i++) {
                Path modelFile = dir.resolve(files.get(i).path("file").asText());
                if (!Files.isRegularFile(modelFile)) {
                    throw new IllegalStateException("failure model artifact incomplete: " + modelFile + " is missing");
                }
                byte[] model = Files.readAllBytes(modelFile);
                String sha = sha256(model);
                String expected = files.get(i).path("sha256").asText();
                if (!sha.equals(expected)) {
                    throw new IllegalStateException("failure model " + modelFile
                            + " does not match its manifest (sha256 " + sha + ", manifest says " + expected + ")");
                }
                boosters[i] = XGBoost.loadModel(model);
            }
            String[] names = MAPPER.convertValue(m.path("feature_names"), String[].class);
            if (expectedFeatures != null && !Arrays.equals(names, expectedFeatures)) {
                throw new IllegalStateException("failure model " + dir + " was trained on " + names.length
                        + " features that differ from the " + expectedFeatures.length + " this extractor produces");
            }
            return new FailurePredictor(boosters, names, m.path("threshold").asDouble(), topDrivers);
        } catch (IOException | XGBoostError e) {
            throw new IllegalStateException("cannot read failure model artifact " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
