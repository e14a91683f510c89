package io.maximus.hcl.models.anomaly.artifact;

import java.util.List;
import java.util.Map;

/**
 * The manifest ({@code manifest.json}) of an anomaly model artifact: one combined detector (Isolation Forest, PCA
 * residual, calibrators, and an LSTM autoencoder in ONNX) per key (a service, or a machine of an SMD-layout data set),
 * what each expects (its metric list, in column order), how it was trained and on what, and the SHA-256 of every
 * file.
 *
 * @param manifestVersion layout version of this manifest ({@link #CURRENT_VERSION})
 * @param format artifact kind, always {@link #FORMAT}
 * @param modelVersion version of this artifact; also the name of its directory
 * @param createdAt ISO-8601 creation time
 * @param source the training data's kind: {@code telemetry} (JSONL snapshots) or {@code smd} (SMD layout)
 * @param trainingDataSha256 SHA-256 over the training input files (names and bytes, in name order)
 * @param parameters training parameters shared by every model
 * @param models one entry per key
 */
public record AnomalyManifest(
        int manifestVersion,
        String format,
        String modelVersion,
        String createdAt,
        String source,
        String trainingDataSha256,
        Map<String, Object> parameters,
        List<Model> models) {

    /** Manifest layout version this code writes and reads. */
    public static final int CURRENT_VERSION = 1;
    /** Artifact kind. */
    public static final String FORMAT = "hcl-anomaly-model";
    /** Name of the manifest file. */
    public static final String FILE = "manifest.json";

    /**
     * One key's model.
     *
     * @param key the service (or machine) the model is for
     * @param metrics metric names in column order: a snapshot is scored on exactly these
     * @param components component names of the combined detector
     * @param trainingRows rows trained on
     * @param trainingDataSha256 SHA-256 of the key's training matrix (rows, columns, values)
     * @param detectorFile the serialized detector, relative to the artifact directory
     * @param detectorSha256 SHA-256 of that file
     * @param lstmDir the LSTM autoencoder's artifact directory (model.onnx, manifest.json), relative; null without
     * @param lstmModelVersion the LSTM model's version, null without
     * @param trainingMetrics training figures (seconds, score quantiles, flagged share, model sizes, LSTM loss)
     */
    public record Model(
            String key,
            List<String> metrics,
            List<String> components,
            int trainingRows,
            String trainingDataSha256,
            String detectorFile,
            String detectorSha256,
            String lstmDir,
            String lstmModelVersion,
            Map<String, Object> trainingMetrics) {}
}
