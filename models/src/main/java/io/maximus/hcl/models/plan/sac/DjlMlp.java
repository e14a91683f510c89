package io.maximus.hcl.models.plan.sac;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.optimizer.Optimizer;
import java.util.Random;

/**
 * A ReLU MLP on DJL NDArrays for the SAC trainer: weights stored {@code [in x out]} (so a batch {@code x} multiplies
 * on the left and results live in the batch's manager), initialized uniform in {@code +-1/sqrt(in)} from a seeded
 * generator (PyTorch's default range), updated by a DJL optimizer.
 */
final class DjlMlp {

    private final String name;
    private final int[] sizes;
    private final NDArray[] w;
    private final NDArray[] b;

    /** A network with these layer sizes in {@code manager}; a trainable one's parameters require gradients. */
    DjlMlp(String name, NDManager manager, int[] sizes, Random rnd, boolean trainable) {
        this.name = name;
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        w = new NDArray[layers];
        b = new NDArray[layers];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double bound = 1 / Math.sqrt(in);
            float[] wv = new float[in * out];
            for (int i = 0; i < wv.length; i++) {
                wv[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            float[] bv = new float[out];
            for (int i = 0; i < bv.length; i++) {
                bv[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            w[l] = manager.create(wv, new Shape(in, out));
            b[l] = manager.create(bv, new Shape(out));
            if (trainable) {
                w[l].setRequiresGradient(true);
                b[l].setRequiresGradient(true);
            }
        }
    }

    /** The output for a batch {@code [n x in]}. */
    NDArray forward(NDArray x) {
        NDArray h = x;
        for (int l = 0; l < w.length; l++) {
            h = h.matMul(w[l]).add(b[l]);
            if (l < w.length - 1) {
                h = Activation.relu(h);
            }
        }
        return h;
    }

    /** One optimizer step on the accumulated gradients, which are then zeroed. */
    void step(Optimizer optimizer) {
        for (int l = 0; l < w.length; l++) {
            update(optimizer, name + ".w" + l, w[l]);
            update(optimizer, name + ".b" + l, b[l]);
        }
    }

    /** Zeroes the accumulated gradients (e.g. the critics' after the actor's backward pass). */
    void zeroGradients() {
        for (int l = 0; l < w.length; l++) {
            zero(w[l]);
            zero(b[l]);
        }
    }

    /** Polyak averaging towards {@code source}: {@code this = (1 - tau) this + tau source}. */
    void softUpdate(DjlMlp source, float tau) {
        for (int l = 0; l < w.length; l++) {
            blend(w[l], source.w[l], tau);
            blend(b[l], source.b[l], tau);
        }
    }

    /** Copies {@code source}'s parameters. */
    void copyFrom(DjlMlp source) {
        softUpdate(source, 1f);
    }

    /** The parameters as a plain-Java actor (weights transposed to {@code [out][in]}). */
    SacActor toActor() {
        float[][] wo = new float[w.length][];
        float[][] bo = new float[w.length][];
        for (int l = 0; l < w.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] v = w[l].toFloatArray();
            float[] t = new float[v.length];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    t[o * in + i] = v[i * out + o];
                }
            }
            wo[l] = t;
            bo[l] = b[l].toFloatArray();
        }
        return new SacActor(sizes, wo, bo);
    }

    private static void update(Optimizer optimizer, String id, NDArray p) {
        NDArray g = p.getGradient();
        optimizer.update(id, p, g);
        g.subi(g);
        g.close();
    }

    private static void zero(NDArray p) {
        NDArray g = p.getGradient();
        g.subi(g);
        g.close();
    }

    private static void blend(NDArray target, NDArray source, float tau) {
        target.muli(1 - tau);
        NDArray t = source.mul(tau);
        target.addi(t);
        t.close();
    }
}
