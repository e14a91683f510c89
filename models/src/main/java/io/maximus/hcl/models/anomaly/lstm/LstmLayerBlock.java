package io.maximus.hcl.models.anomaly.lstm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch-first LSTM layer written out step by step from matrix products and element-wise gates, with PyTorch's
 * parameter layout ({@code wIh [4H × in]}, {@code wHh [4H × H]}, two biases {@code [4H]}, gates i, f, g, o).
 *
 * <p>Why not DJL's {@code LSTM} block: it calls PyTorch's fused {@code torch::lstm}, which on CPU dispatches to
 * oneDNN's RNN primitive ({@code mkldnn_rnn}) whenever oneDNN is built in. oneDNN then picks a kernel by the
 * processor's instruction set at run time, and on AVX-512 processors (AMD EPYC with avx512f/avx512_bf16 among them)
 * that kernel's output differed from the LSTM its own weights define by up to 2.3 (issue 10), while the AVX2 kernel
 * agreed to 1e-6. The same fused call runs in training, so a model trained there was also fitted to that kernel's
 * arithmetic, not to the network that ONNX Runtime serves. Written out like this, the layer uses only matrix
 * products and element-wise operations whose result does not depend on the kernel chosen beyond float rounding;
 * PyTorch's own {@code LSTMCell} path avoids oneDNN's RNN for the same reason. The cost is a Java loop over the
 * window's T steps (T is 20 here), a few milliseconds per batch. Pinning the ISA instead
 * ({@code DNNL_MAX_CPU_ISA=AVX2}) would have to be in the process environment before PyTorch loads, which a JVM
 * cannot set for itself, and would leave every user's {@code hcl train} at the mercy of their shell.
 */
public final class LstmLayerBlock extends AbstractBlock {

    private final int inputSize;
    private final int hidden;
    private final Parameter wIh;
    private final Parameter wHh;
    private final Parameter bIh;
    private final Parameter bHh;

    /** A layer of {@code hidden} units over {@code inputSize} features, initialized like PyTorch (U(±1/√H)). */
    public LstmLayerBlock(int inputSize, int hidden) {
        this.inputSize = inputSize;
        this.hidden = hidden;
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(hidden)));
        this.wIh = addParameter(Parameter.builder().setName("i2h_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(4L * hidden, inputSize)).optInitializer(init).build());
        this.wHh = addParameter(Parameter.builder().setName("h2h_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(4L * hidden, hidden)).optInitializer(init).build());
        this.bIh = addParameter(Parameter.builder().setName("i2h_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(4L * hidden)).optInitializer(init).build());
        this.bHh = addParameter(Parameter.builder().setName("h2h_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(4L * hidden)).optInitializer(init).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow(); // [B, T, in]
        Device device = x.getDevice();
        NDArray wi = ps.getValue(wIh, device, training);
        NDArray wh = ps.getValue(wHh, device, training);
        NDArray bias = ps.getValue(bIh, device, training).add(ps.getValue(bHh, device, training));
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        // Input projections of every step at once: [B, T, 4H].
        NDArray projected = x.matMul(wi.transpose()).add(bias);
        NDArray whT = wh.transpose();
        NDManager manager = x.getManager();
        NDArray h = manager.zeros(new Shape(b, hidden), DataType.FLOAT32);
        NDArray c = manager.zeros(new Shape(b, hidden), DataType.FLOAT32);
        List<NDArray> steps = new ArrayList<>((int) t);
        for (long s = 0; s < t; s++) {
            NDArray gates = projected.get(new NDIndex(":, {}, :", s)).add(h.matMul(whT)); // [B, 4H]
            NDList g = gates.split(4, 1);
            NDArray i = Activation.sigmoid(g.get(0));
            NDArray f = Activation.sigmoid(g.get(1));
            NDArray cell = g.get(2).tanh();
            NDArray o = Activation.sigmoid(g.get(3));
            c = f.mul(c).add(i.mul(cell));
            h = o.mul(c.tanh());
            steps.add(h);
        }
        return new NDList(NDArrays.stack(new NDList(steps), 1)); // [B, T, H]
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), hidden)};
    }

    /** The layer's trained parameters, as plain arrays in PyTorch's layout. */
    public LstmWeights.Layer weights() {
        return new LstmWeights.Layer(inputSize, hidden, wIh.getArray().toFloatArray(), wHh.getArray().toFloatArray(),
                bIh.getArray().toFloatArray(), bHh.getArray().toFloatArray());
    }

    /** Hidden units H. */
    public int hiddenSize() {
        return hidden;
    }
}
