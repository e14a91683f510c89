package io.maximus.hcl.models.anomaly.lstm;

import io.maximus.hcl.models.anomaly.AnomalyComponent;
import io.maximus.hcl.models.anomaly.AnomalyDetector;

/**
 * The LSTM autoencoder as a component of the combined {@link AnomalyDetector}: {@link #fit} trains it with DJL and
 * exports it to ONNX ({@link LstmAutoencoderTrainer}); scoring runs the ONNX graph in ONNX Runtime. Its raw score is
 * the reconstruction error of the window of {@link #windowLength()} standardized rows ending at the scored row.
 *
 * <p>Serializable for the anomaly artifact, but the ONNX model itself is not serialized with it: the artifact keeps
 * it as its own {@code model.onnx} with a manifest, and the loader {@link #bind binds} it again (which opens the ONNX
 * Runtime session). Not thread-safe.
 */
public final class LstmComponent implements AnomalyComponent {

    private static final long serialVersionUID = 1L;

    private final int windowLength;
    private final String modelVersion;
    private transient LstmAutoencoderConfig config;
    private transient LstmAutoencoderTrainer.Trained trained;
    private transient LstmAnomalyScorer scorer;
    private transient int[] one;

    /** A component to be trained with {@code config}; its ONNX model gets version {@code modelVersion}. */
    public LstmComponent(LstmAutoencoderConfig config, String modelVersion) {
        this.config = config;
        this.windowLength = config.windowLength();
        this.modelVersion = modelVersion;
    }

    @Override
    public String name() {
        return AnomalyDetector.LSTM_AUTOENCODER;
    }

    @Override
    public int windowLength() {
        return windowLength;
    }

    /** Version of the ONNX model this component trains or serves. */
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public void fit(double[][] rows) {
        if (config == null) {
            throw new IllegalStateException(
                    "LSTM component " + modelVersion + " was loaded, not configured: " + "it cannot be trained again");
        }
        trained = new LstmAutoencoderTrainer(config).train(rows, modelVersion);
        bind(LstmArtifact.of(trained));
    }

    /** The model trained by {@link #fit} (null for a loaded component), to be written with the artifact. */
    public LstmAutoencoderTrainer.Trained trained() {
        return trained;
    }

    /**
     * Opens an ONNX Runtime session on a loaded artifact (one intra-op thread: a Flink slot keeps to one core);
     * refuses an artifact of another version or window length.
     */
    public LstmComponent bind(LstmArtifact artifact) {
        LstmManifest m = artifact.manifest();
        if (!modelVersion.equals(m.modelVersion()) || m.windowLength() != windowLength) {
            throw new LstmArtifact.InvalidArtifactException(artifact.dir() + ": LSTM model " + m.modelVersion()
                    + " (window " + m.windowLength() + ") does not match the detector's " + modelVersion
                    + " (window " + windowLength + ")");
        }
        close();
        scorer = artifact.openScorer(64, 1);
        return this;
    }

    /** Whether an ONNX model is bound. */
    public boolean bound() {
        return scorer != null;
    }

    private LstmAnomalyScorer scorer() {
        if (scorer == null) {
            throw new IllegalStateException("LSTM component " + modelVersion + " has no ONNX model bound");
        }
        return scorer;
    }

    @Override
    public double score(double[][] rows, int t) {
        if (one == null) {
            one = new int[1];
        }
        one[0] = t;
        return scorer().errorsEndingAt(rows, one)[0];
    }

    /** Scores of several rows in one batched ONNX Runtime call. */
    @Override
    public double[] scoreBatch(double[][] rows, int[] ts) {
        return scorer().errorsEndingAt(rows, ts);
    }

    @Override
    public double[] scoreAll(double[][] rows) {
        int[] ends = new int[rows.length];
        for (int t = 0; t < ends.length; t++) {
            ends[t] = t;
        }
        double[] out = new double[rows.length];
        int chunk = 4096;
        for (int s = 0; s < rows.length; s += chunk) {
            int k = Math.min(chunk, rows.length - s);
            double[] e = scorer().errorsEndingAt(rows, java.util.Arrays.copyOfRange(ends, s, s + k));
            System.arraycopy(e, 0, out, s, k);
        }
        return out;
    }

    /** Closes the ONNX Runtime session, if open. */
    public void close() {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
    }
}
