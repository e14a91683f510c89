package io.maximus.hcl.models.anomaly.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;

/** The DJL block of the LSTM autoencoder: batch-first {@code [B, T, D]} in, reconstruction {@code [B, T, D]} out. */
public final class LstmAutoencoderBlock extends AbstractBlock {

    private final Architecture architecture;
    private final int inputDim;
    private final int hidden;
    private final LstmLayerBlock encoder;
    private final LstmLayerBlock decoder;
    private final Linear head;

    /** A block for windows of {@code inputDim} metrics with {@code hidden} encoder units. */
    public LstmAutoencoderBlock(Architecture architecture, int inputDim, int hidden) {
        this.architecture = architecture;
        this.inputDim = inputDim;
        this.hidden = hidden;
        // Layers written out from matrix products, not DJL's fused LSTM: see LstmLayerBlock for why.
        this.encoder = addChildBlock("encoder", new LstmLayerBlock(inputDim, hidden));
        int decoderHidden = architecture == Architecture.SEED ? inputDim : hidden;
        this.decoder = addChildBlock("decoder", new LstmLayerBlock(hidden, decoderHidden));
        this.head = architecture == Architecture.REPEAT
                ? addChildBlock("head", Linear.builder().setUnits(inputDim).build())
                : null;
    }

    /** The encoder LSTM. */
    LstmLayerBlock encoder() {
        return encoder;
    }

    /** The decoder LSTM. */
    LstmLayerBlock decoder() {
        return decoder;
    }

    /** The linear head (REPEAT only, else null). */
    Linear head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray encoded = encoder.forward(ps, new NDList(x), training, params).head(); // [B, T, H]
        NDArray decoderIn;
        if (architecture == Architecture.SEED) {
            decoderIn = encoded;
        } else {
            long b = encoded.getShape().get(0);
            long t = encoded.getShape().get(1);
            // The last step's output is the final hidden state; repeat it over the window.
            decoderIn = encoded.get(":, -1, :").expandDims(1).broadcast(new Shape(b, t, hidden));
        }
        NDArray decoded = decoder.forward(ps, new NDList(decoderIn), training, params).head();
        if (head != null) {
            decoded = head.forward(ps, new NDList(decoded), training, params).head();
        }
        return new NDList(decoded);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        encoder.initialize(manager, dataType, in);
        Shape mid = new Shape(in.get(0), in.get(1), hidden);
        decoder.initialize(manager, dataType, mid);
        if (head != null) {
            head.initialize(manager, dataType, mid);
        }
    }

    /** Input dimension D. */
    public int inputDim() {
        return inputDim;
    }
}
