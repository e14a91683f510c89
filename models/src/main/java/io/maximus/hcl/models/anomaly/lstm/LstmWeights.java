package io.maximus.hcl.models.anomaly.lstm;

import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The trained parameters of an LSTM autoencoder, engine-independent, with LSTM gates in PyTorch's order
 * (input, forget, cell, output).
 *
 * @param architecture network layout
 * @param inputDim metrics per time step
 * @param windowLength time steps per window
 * @param encoder encoder LSTM layer
 * @param decoder decoder LSTM layer
 * @param headWeight linear head {@code [inputDim × decoder.hiddenSize]} row-major (REPEAT only, else null)
 * @param headBias linear head bias {@code [inputDim]} (REPEAT only, else null)
 */
public record LstmWeights(
        Architecture architecture,
        int inputDim,
        int windowLength,
        Layer encoder,
        Layer decoder,
        float[] headWeight,
        float[] headBias) {

    /**
     * One LSTM layer, PyTorch layout: {@code wIh [4H × in]}, {@code wHh [4H × H]}, biases {@code [4H]}, gate blocks
     * of H rows in the order i, f, g, o.
     *
     * @param inputSize features in
     * @param hiddenSize hidden units H
     * @param wIh input-to-hidden weights
     * @param wHh hidden-to-hidden weights
     * @param bIh input-to-hidden bias
     * @param bHh hidden-to-hidden bias
     */
    public record Layer(int inputSize, int hiddenSize, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        /** Checks the array sizes. */
        public Layer {
            int g = 4 * hiddenSize;
            if (wIh.length != g * inputSize || wHh.length != g * hiddenSize || bIh.length != g || bHh.length != g) {
                throw new IllegalArgumentException(
                        "LSTM layer arrays do not match in=" + inputSize + " hidden=" + hiddenSize);
            }
        }
    }

    /** Checks that the layers chain and that the head matches the architecture. */
    public LstmWeights {
        Objects.requireNonNull(architecture, "architecture");
        if (encoder.inputSize() != inputDim || decoder.inputSize() != encoder.hiddenSize()) {
            throw new IllegalArgumentException("encoder/decoder sizes do not chain");
        }
        if (architecture == Architecture.SEED) {
            if (decoder.hiddenSize() != inputDim || headWeight != null || headBias != null) {
                throw new IllegalArgumentException("SEED: decoder hidden size must equal input dim, no head");
            }
        } else if (headWeight == null
                || headBias == null
                || headWeight.length != inputDim * decoder.hiddenSize()
                || headBias.length != inputDim) {
            throw new IllegalArgumentException("REPEAT: head must be [inputDim x decoder hidden] plus bias");
        }
    }

    /**
     * Random weights (uniform in ±1/√H, PyTorch's default range) for a given shape: for speed measurements and
     * tests of the export, where what the weights are does not matter.
     */
    public static LstmWeights random(Architecture architecture, int inputDim, int windowLength, int hidden, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Layer enc = randomLayer(inputDim, hidden, rnd);
        if (architecture == Architecture.SEED) {
            return new LstmWeights(
                    architecture, inputDim, windowLength, enc, randomLayer(hidden, inputDim, rnd), null, null);
        }
        Layer dec = randomLayer(hidden, hidden, rnd);
        return new LstmWeights(
                architecture,
                inputDim,
                windowLength,
                enc,
                dec,
                uniform(inputDim * hidden, 1 / Math.sqrt(hidden), rnd),
                uniform(inputDim, 1 / Math.sqrt(hidden), rnd));
    }

    private static Layer randomLayer(int in, int hidden, SplittableRandom rnd) {
        double k = 1 / Math.sqrt(hidden);
        int g = 4 * hidden;
        return new Layer(
                in,
                hidden,
                uniform(g * in, k, rnd),
                uniform(g * hidden, k, rnd),
                uniform(g, k, rnd),
                uniform(g, k, rnd));
    }

    private static float[] uniform(int n, double k, SplittableRandom rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-k, k);
        }
        return a;
    }
}
