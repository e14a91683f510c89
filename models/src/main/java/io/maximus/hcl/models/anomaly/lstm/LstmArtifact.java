package io.maximus.hcl.models.anomaly.lstm;

import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded LSTM autoencoder artifact: its manifest and ONNX model bytes, checked against each other and against
 * what the caller expects. Every refusal is an {@link InvalidArtifactException} naming the file and the mismatch.
 *
 * @param dir the artifact directory
 * @param manifest the parsed manifest
 * @param onnx the ONNX model bytes
 */
public record LstmArtifact(Path dir, LstmManifest manifest, byte[] onnx) {

    /** Raised when an artifact is missing, corrupt or does not match what the caller expects. */
    public static final class InvalidArtifactException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** An exception with a message saying what is wrong. */
        public InvalidArtifactException(String message) {
            super(message);
        }

        /** An exception with a message and a cause. */
        public InvalidArtifactException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What a caller requires of an artifact; null (or 0) fields are not checked.
     *
     * @param modelVersion the model version required
     * @param inputDim the metrics per time step the caller will feed
     * @param windowLength the window length the caller will feed
     */
    public record Expected(String modelVersion, int inputDim, int windowLength) {
        /** No requirement beyond a consistent artifact. */
        public static Expected any() {
            return new Expected(null, 0, 0);
        }
    }

    /** An artifact held in memory, straight from the trainer (no directory; nothing to check against). */
    public static LstmArtifact of(LstmAutoencoderTrainer.Trained trained) {
        return new LstmArtifact(
                Path.of("(in memory: " + trained.manifest().modelVersion() + ")"), trained.manifest(), trained.onnx());
    }

    /** Loads and checks the artifact in {@code dir}. */
    public static LstmArtifact load(Path dir, Expected expected) {
        Path manifestFile = dir.resolve(LstmManifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidArtifactException("LSTM artifact manifest missing: " + manifestFile);
        }
        LstmManifest m;
        try {
            m = Json.MAPPER.readValue(Files.readString(manifestFile), LstmManifest.class);
        } catch (IOException e) {
            throw new InvalidArtifactException(
                    "LSTM artifact manifest unreadable: " + manifestFile + ": " + e.getMessage(), e);
        }
        if (!LstmManifest.FORMAT.equals(m.format())) {
            throw new InvalidArtifactException(
                    manifestFile + ": format is '" + m.format() + "', expected '" + LstmManifest.FORMAT + "'");
        }
        if (m.manifestVersion() != LstmManifest.CURRENT_VERSION) {
            throw new InvalidArtifactException(manifestFile + ": manifest version " + m.manifestVersion()
                    + " is not supported (this build reads " + LstmManifest.CURRENT_VERSION + ")");
        }
        if (expected.modelVersion() != null && !expected.modelVersion().equals(m.modelVersion())) {
            throw new InvalidArtifactException(manifestFile + ": model version is '" + m.modelVersion()
                    + "', expected '" + expected.modelVersion() + "'");
        }
        if (expected.inputDim() > 0 && expected.inputDim() != m.inputDim()) {
            throw new InvalidArtifactException(
                    manifestFile + ": input dimension is " + m.inputDim() + ", expected " + expected.inputDim());
        }
        if (expected.windowLength() > 0 && expected.windowLength() != m.windowLength()) {
            throw new InvalidArtifactException(
                    manifestFile + ": window length is " + m.windowLength() + ", expected " + expected.windowLength());
        }
        if (m.standardizerMean() == null
                || m.standardizerMean().length != m.inputDim()
                || m.standardizerScale() == null
                || m.standardizerScale().length != m.inputDim()) {
            throw new InvalidArtifactException(
                    manifestFile + ": standardizer does not have " + m.inputDim() + " columns");
        }
        if (m.errorQuantiles() == null
                || m.errorQuantileLevels() == null
                || m.errorQuantiles().length != m.errorQuantileLevels().length) {
            throw new InvalidArtifactException(manifestFile + ": error quantile table missing or inconsistent");
        }
        try {
            LstmAutoencoderConfig.ErrorMode.valueOf(String.valueOf(m.errorMode()));
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException(manifestFile + ": unknown error mode '" + m.errorMode() + "'");
        }
        Path model = dir.resolve(m.onnxFile() == null ? LstmAutoencoderTrainer.MODEL_FILE : m.onnxFile());
        if (!Files.isRegularFile(model)) {
            throw new InvalidArtifactException("LSTM artifact model file missing: " + model);
        }
        byte[] onnx;
        try {
            onnx = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new InvalidArtifactException("LSTM artifact model unreadable: " + model, e);
        }
        String hash = LstmAutoencoderTrainer.sha256(onnx);
        if (!hash.equals(m.onnxSha256())) {
            throw new InvalidArtifactException(
                    model + ": SHA-256 " + hash + " does not match the manifest's " + m.onnxSha256());
        }
        return new LstmArtifact(dir, m, onnx);
    }

    /**
     * Opens a scorer on this artifact; the ONNX graph's input shape is checked against the manifest.
     *
     * @param maxBatch windows per ONNX Runtime call at most
     * @param intraOpThreads ONNX Runtime intra-op threads
     */
    public LstmAnomalyScorer openScorer(int maxBatch, int intraOpThreads) {
        OnnxLstmSession session;
        try {
            session = new OnnxLstmSession(onnx, manifest.windowLength(), manifest.inputDim(), maxBatch, intraOpThreads);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidArtifactException(dir + ": model does not match its manifest: " + e.getMessage(), e);
        }
        return new LstmAnomalyScorer(
                session,
                new ClippedStandardizer(manifest.standardizerMean(), manifest.standardizerScale(), manifest.clip()),
                new ErrorQuantiles(manifest.errorQuantileLevels(), manifest.errorQuantiles()),
                manifest.modelVersion(),
                LstmAutoencoderConfig.ErrorMode.valueOf(manifest.errorMode()));
    }
}
