package io.maximus.hcl.models.anomaly.lstm;

import java.util.List;
import java.util.Map;

/**
 * The manifest of an LSTM autoencoder artifact ({@code manifest.json} beside {@code model.onnx}): what the model
 * expects, how it was trained and on what, and the calibration of its errors.
 *
 * @param manifestVersion layout version of this manifest ({@link #CURRENT_VERSION})
 * @param format artifact kind, always {@link #FORMAT}
 * @param modelVersion version of this model
 * @param createdAt ISO-8601 creation time
 * @param architecture network layout
 * @param inputDim metrics per time step
 * @param windowLength time steps per window
 * @param hiddenSize encoder hidden units
 * @param errorMode the error calibrated and scored ({@link LstmAutoencoderConfig.ErrorMode})
 * @param parameters training parameters
 * @param trainingDataSha256 SHA-256 of the training matrix, see {@link LstmAutoencoderTrainer#sha256}
 * @param trainingRows rows of the training matrix
 * @param trainingWindows windows trained on
 * @param metrics training metrics
 * @param standardizerMean column means used to standardize
 * @param standardizerScale column scales used to standardize
 * @param clip clip bound of standardized values
 * @param errorQuantileLevels quantile levels of the training errors
 * @param errorQuantiles training-error quantiles at those levels (the calibration to [0, 1])
 * @param onnxFile file name of the ONNX model
 * @param onnxSha256 SHA-256 of the ONNX model file
 * @param onnxOpset ONNX operator set of the graph
 */
public record LstmManifest(
        int manifestVersion,
        String format,
        String modelVersion,
        String createdAt,
        String architecture,
        int inputDim,
        int windowLength,
        int hiddenSize,
        String errorMode,
        Map<String, Object> parameters,
        String trainingDataSha256,
        int trainingRows,
        int trainingWindows,
        Metrics metrics,
        double[] standardizerMean,
        double[] standardizerScale,
        double clip,
        double[] errorQuantileLevels,
        double[] errorQuantiles,
        String onnxFile,
        String onnxSha256,
        int onnxOpset) {

    /** Manifest layout version this code writes and reads. */
    public static final int CURRENT_VERSION = 1;
    /** Artifact kind. */
    public static final String FORMAT = "hcl-lstm-autoencoder";
    /** Name of the manifest file. */
    public static final String FILE = "manifest.json";

    /**
     * Training metrics.
     *
     * @param finalLoss training MSE of the last epoch
     * @param epochLosses training MSE of each epoch
     * @param trainSeconds wall time of training
     * @param errorMean mean reconstruction error over the training windows (ONNX Runtime)
     * @param errorP50 median training error
     * @param errorP99 99th percentile of the training errors
     * @param errorMax largest training error
     * @param onnxMaxAbsDiff largest |ONNX − DJL| output difference on a sample of training windows
     */
    public record Metrics(
            double finalLoss,
            List<Double> epochLosses,
            double trainSeconds,
            double errorMean,
            double errorP50,
            double errorP99,
            double errorMax,
            double onnxMaxAbsDiff) {}
}
