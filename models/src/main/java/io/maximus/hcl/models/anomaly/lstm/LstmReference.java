package io.maximus.hcl.models.anomaly.lstm;

import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;

/**
 * The LSTM autoencoder's forward pass in plain Java, in double precision, straight from the textbook equations
 * (PyTorch's and ONNX's LSTM: gates i, f, g, o; c' = f·c + i·g; h' = o·tanh(c')): the engine-independent reference
 * that the trained DJL model and the exported ONNX graph are both checked against.
 *
 * <p>It is slow (no vectorization) and meant for checks on a few windows, never for serving.
 */
public final class LstmReference {

    private final LstmWeights w;

    /** A reference network for the given weights. */
    public LstmReference(LstmWeights weights) {
        this.w = weights;
    }

    /** The reconstruction {@code [n × T × D]} of {@code n} windows {@code [n × T × D]}, row-major. */
    public float[] reconstruct(float[] windows, int n) {
        int t = w.windowLength();
        int d = w.inputDim();
        float[] out = new float[n * t * d];
        for (int k = 0; k < n; k++) {
            double[][] x = new double[t][d];
            for (int s = 0; s < t; s++) {
                for (int j = 0; j < d; j++) {
                    x[s][j] = windows[(k * t + s) * d + j];
                }
            }
            double[][] y = reconstructOne(x);
            for (int s = 0; s < t; s++) {
                for (int j = 0; j < d; j++) {
                    out[(k * t + s) * d + j] = (float) y[s][j];
                }
            }
        }
        return out;
    }

    private double[][] reconstructOne(double[][] x) {
        int t = x.length;
        double[][] encoded = layer(w.encoder(), x);
        double[][] decoderIn;
        if (w.architecture() == Architecture.SEED) {
            decoderIn = encoded;
        } else {
            decoderIn = new double[t][];
            for (int s = 0; s < t; s++) {
                decoderIn[s] = encoded[t - 1]; // the final hidden state, repeated over the window
            }
        }
        double[][] decoded = layer(w.decoder(), decoderIn);
        if (w.architecture() == Architecture.SEED) {
            return decoded;
        }
        int d = w.inputDim();
        int hd = w.decoder().hiddenSize();
        double[][] y = new double[t][d];
        for (int s = 0; s < t; s++) {
            for (int j = 0; j < d; j++) {
                double v = w.headBias()[j];
                for (int u = 0; u < hd; u++) {
                    v += (double) w.headWeight()[j * hd + u] * decoded[s][u];
                }
                y[s][j] = v;
            }
        }
        return y;
    }

    /** One LSTM layer over a sequence {@code [T][in]} from zero state: the hidden states {@code [T][H]}. */
    static double[][] layer(LstmWeights.Layer l, double[][] xs) {
        int h = l.hiddenSize();
        int in = l.inputSize();
        double[] hPrev = new double[h];
        double[] c = new double[h];
        double[][] out = new double[xs.length][];
        double[] gates = new double[4 * h];
        for (int s = 0; s < xs.length; s++) {
            for (int r = 0; r < 4 * h; r++) {
                double v = (double) l.bIh()[r] + l.bHh()[r];
                for (int j = 0; j < in; j++) {
                    v += (double) l.wIh()[r * in + j] * xs[s][j];
                }
                for (int j = 0; j < h; j++) {
                    v += (double) l.wHh()[r * h + j] * hPrev[j];
                }
                gates[r] = v;
            }
            double[] hNext = new double[h];
            for (int u = 0; u < h; u++) {
                double i = sigmoid(gates[u]);
                double f = sigmoid(gates[h + u]);
                double g = Math.tanh(gates[2 * h + u]);
                double o = sigmoid(gates[3 * h + u]);
                c[u] = f * c[u] + i * g;
                hNext[u] = o * Math.tanh(c[u]);
            }
            out[s] = hNext;
            hPrev = hNext;
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** The largest absolute difference between two arrays of the same length. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - b[i]);
            if (!(diff <= max)) {
                max = diff; // NaN propagates as the maximum
            }
        }
        return max;
    }
}
