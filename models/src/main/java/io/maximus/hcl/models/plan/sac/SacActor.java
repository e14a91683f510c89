package io.maximus.hcl.models.plan.sac;

import java.io.Serializable;

/**
 * The SAC policy network served in plain Java: an MLP with ReLU hidden layers whose last layer gives the Gaussian's
 * mean and log-std per action; the served (deterministic) action is {@code tanh(mean)}. Weights are row-major
 * {@code [out][in]} as in the DJL trainer ({@code y = W x + b}).
 */
public final class SacActor implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] sizes;
    private final float[][] weights;
    private final float[][] biases;

    /**
     * An actor with layer sizes {@code sizes} (input, hidden..., 2 x actions) and per layer the weights
     * ({@code sizes[i+1] x sizes[i]}, row-major) and biases.
     */
    public SacActor(int[] sizes, float[][] weights, float[][] biases) {
        if (sizes.length < 2 || weights.length != sizes.length - 1 || biases.length != sizes.length - 1) {
            throw new IllegalArgumentException("an actor needs one weight matrix and bias per layer");
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != sizes[i + 1] * sizes[i] || biases[i].length != sizes[i + 1]) {
                throw new IllegalArgumentException(
                        "layer " + i + " does not match sizes " + sizes[i] + "->" + sizes[i + 1]);
            }
        }
        if (sizes[sizes.length - 1] % 2 != 0) {
            throw new IllegalArgumentException("the last layer gives a mean and a log-std per action");
        }
        this.sizes = sizes.clone();
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * An actor of one hidden layer that answers {@code action} (each in (-1, 1)) whatever it observes: zero weights,
     * the last layer's biases at {@code atanh(action)}. A fixed baseline (e.g. {@code {0, 1}}: 70% target, no
     * throttle), and an actor for tests.
     */
    public static SacActor constant(float[] action) {
        int a = action.length;
        int[] sizes = {SacFeatures.OBS, 1, 2 * a};
        float[] last = new float[2 * a];
        for (int i = 0; i < a; i++) {
            double x = Math.max(-0.999, Math.min(0.999, action[i]));
            last[i] = (float) (0.5 * Math.log((1 + x) / (1 - x)));
            last[a + i] = -5f;
        }
        return new SacActor(
                sizes, new float[][] {new float[SacFeatures.OBS], new float[2 * a]}, new float[][] {new float[1], last
                });
    }

    /** The raw last layer: means then log-stds. */
    public float[] forward(float[] x) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException("expected " + sizes[0] + " inputs, got " + x.length);
        }
        float[] h = x;
        for (int l = 0; l < weights.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] y = new float[out];
            float[] w = weights[l];
            for (int o = 0; o < out; o++) {
                double sum = biases[l][o];
                int row = o * in;
                for (int i = 0; i < in; i++) {
                    sum += w[row + i] * h[i];
                }
                y[o] = l < weights.length - 1 ? (float) Math.max(0, sum) : (float) sum;
            }
            h = y;
        }
        return h;
    }

    /** The deterministic action {@code tanh(mean)}, each in [-1, 1]. */
    public float[] act(float[] x) {
        float[] out = forward(x);
        float[] a = new float[actions()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.tanh(out[i]);
        }
        return a;
    }

    /** Number of actions. */
    public int actions() {
        return sizes[sizes.length - 1] / 2;
    }

    /** Layer sizes. */
    public int[] sizes() {
        return sizes.clone();
    }

    /** Weights of layer {@code l}, row-major. */
    public float[] weights(int l) {
        return weights[l].clone();
    }

    /** Biases of layer {@code l}. */
    public float[] biases(int l) {
        return biases[l].clone();
    }
}
