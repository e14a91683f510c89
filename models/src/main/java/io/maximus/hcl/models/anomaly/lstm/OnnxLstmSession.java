package io.maximus.hcl.models.anomaly.lstm;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX Runtime (CPU) session over an exported LSTM autoencoder: batched reconstruction and per-window errors.
 *
 * <p>Not thread-safe (it reuses one input buffer); use one per thread or operator instance.
 */
public final class OnnxLstmSession implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int windowLength;
    private final int inputDim;
    private final int maxBatch;
    private final FloatBuffer input;

    /**
     * Opens a session on a serialized model.
     *
     * @param model the ONNX model bytes
     * @param windowLength the model's window length (checked against the graph)
     * @param inputDim the model's input dimension (checked against the graph)
     * @param maxBatch windows per ONNX Runtime call at most; longer requests are split
     * @param intraOpThreads ONNX Runtime intra-op threads (1 keeps a Flink slot to one core)
     */
    public OnnxLstmSession(byte[] model, int windowLength, int inputDim, int maxBatch, int intraOpThreads) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1");
        }
        this.env = OrtEnvironment.getEnvironment();
        this.windowLength = windowLength;
        this.inputDim = inputDim;
        this.maxBatch = maxBatch;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(intraOpThreads);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model, opts);
            ai.onnxruntime.NodeInfo in = session.getInputInfo().get(OnnxLstmExporter.INPUT);
            long[] shape = in != null && in.getInfo() instanceof TensorInfo ti ? ti.getShape() : null;
            if (shape == null || shape.length != 3 || shape[1] != windowLength || shape[2] != inputDim) {
                session.close();
                throw new IllegalArgumentException("ONNX model input '" + OnnxLstmExporter.INPUT + "' is "
                        + (shape == null ? "missing" : Arrays.toString(shape)) + " but [batch, " + windowLength
                        + ", " + inputDim + "] was expected");
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the ONNX model: " + e.getMessage(), e);
        }
        this.input = ByteBuffer.allocateDirect(maxBatch * windowLength * inputDim * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** Window length T. */
    public int windowLength() {
        return windowLength;
    }

    /** Input dimension D. */
    public int inputDim() {
        return inputDim;
    }

    /**
     * Mean squared reconstruction error of each window; {@code windows} is {@code [n × T × D]} row-major
     * (standardized), scored in calls of at most {@code maxBatch} windows.
     */
    public float[] errors(float[] windows, int n) {
        return errors(windows, n, LstmAutoencoderConfig.ErrorMode.WINDOW);
    }

    /** Errors of each window in the given mode (whole-window or last-step mean squared error). */
    public float[] errors(float[] windows, int n, LstmAutoencoderConfig.ErrorMode mode) {
        String output = mode == LstmAutoencoderConfig.ErrorMode.LAST
                ? OnnxLstmExporter.OUTPUT_ERROR_LAST
                : OnnxLstmExporter.OUTPUT_ERROR;
        float[] out = new float[n];
        int w = windowLength * inputDim;
        checkLength(windows, n);
        for (int start = 0; start < n; start += maxBatch) {
            int b = Math.min(maxBatch, n - start);
            try (OrtSession.Result r = run(windows, start * w, b, Set.of(output))) {
                FloatBuffer e = ((OnnxTensor) r.get(0)).getFloatBuffer();
                e.get(out, start, b);
            } catch (OrtException ex) {
                throw new IllegalStateException("ONNX Runtime failed: " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /** Reconstruction {@code [n × T × D]} of {@code n} windows. */
    public float[] reconstruct(float[] windows, int n) {
        int w = windowLength * inputDim;
        checkLength(windows, n);
        float[] out = new float[n * w];
        for (int start = 0; start < n; start += maxBatch) {
            int b = Math.min(maxBatch, n - start);
            try (OrtSession.Result r = run(windows, start * w, b, Set.of(OnnxLstmExporter.OUTPUT_RECONSTRUCTION))) {
                ((OnnxTensor) r.get(0)).getFloatBuffer().get(out, start * w, b * w);
            } catch (OrtException ex) {
                throw new IllegalStateException("ONNX Runtime failed: " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    private void checkLength(float[] windows, int n) {
        if (windows.length < n * windowLength * inputDim) {
            throw new IllegalArgumentException("windows array holds fewer than " + n + " windows");
        }
    }

    private OrtSession.Result run(float[] windows, int offset, int b, Set<String> outputs) throws OrtException {
        int len = b * windowLength * inputDim;
        input.clear();
        input.put(windows, offset, len);
        input.flip();
        try (OnnxTensor t = OnnxTensor.createTensor(env, input, new long[] {b, windowLength, inputDim})) {
            return session.run(Map.of(OnnxLstmExporter.INPUT, t), outputs);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
