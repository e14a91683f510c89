package io.maximus.hcl.models.anomaly.lstm;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX graph of an LSTM autoencoder from its weights, with ONNX's own LSTM operator.
 *
 * <p>DJL cannot export a PyTorch-engine model to ONNX, so the graph is written node by node with the ONNX protobuf
 * classes that tribuo-util-onnx ships (its operator helpers have no LSTM). Inputs and outputs are batch-first:
 * {@value #INPUT} {@code [batch, T, D]} → {@value #OUTPUT_RECONSTRUCTION} {@code [batch, T, D]} and
 * {@value #OUTPUT_ERROR} {@code [batch]}, the mean squared reconstruction error of each window, and
 * {@value #OUTPUT_ERROR_LAST} {@code [batch]}, that of each window's last step. Inside, the
 * windows are transposed to ONNX's sequence-major layout (ONNX Runtime's CPU LSTM does not take {@code layout=1}).
 * ONNX orders the gate blocks i, o, f, c where PyTorch has i, f, g, o: the weights are permuted on the way in.
 */
public final class OnnxLstmExporter {

    /** Name of the graph input. */
    public static final String INPUT = "windows";
    /** Name of the reconstruction output. */
    public static final String OUTPUT_RECONSTRUCTION = "reconstruction";
    /** Name of the per-window error output. */
    public static final String OUTPUT_ERROR = "error";
    /** Name of the per-window last-step error output. */
    public static final String OUTPUT_ERROR_LAST = "error_last";
    /** ONNX operator set the graph uses. */
    public static final int OPSET = 17;
    private static final int IR_VERSION = 8;
    /** For each ONNX gate block (i, o, f, c), the PyTorch block (i, f, g, o) it comes from. */
    private static final int[] ONNX_FROM_TORCH = {0, 3, 1, 2};

    private OnnxLstmExporter() {
    }

    /** The serialized ONNX model. */
    public static byte[] export(LstmWeights w, String modelVersion) {
        return build(w, modelVersion).toByteArray();
    }

    /** The ONNX model proto. */
    public static ModelProto build(LstmWeights w, String modelVersion) {
        int t = w.windowLength();
        int d = w.inputDim();
        GraphProto.Builder g = GraphProto.newBuilder().setName("hcl_lstm_autoencoder");
        g.addInput(valueInfo(INPUT, "batch", t, d));
        g.addOutput(valueInfo(OUTPUT_RECONSTRUCTION, "batch", t, d));
        g.addOutput(valueInfo(OUTPUT_ERROR, "batch"));
        g.addOutput(valueInfo(OUTPUT_ERROR_LAST, "batch"));

        addLstmInitializers(g, "enc", w.encoder());
        addLstmInitializers(g, "dec", w.decoder());
        g.addInitializer(int64Tensor("axis1", new long[] {1}, 1));
        g.addNode(node("Transpose", List.of(INPUT), List.of("x_tbd")).addAttribute(ints("perm", 1, 0, 2)));
        String decoderInput;
        if (w.architecture() == Architecture.SEED) {
            g.addNode(lstm("enc", w.encoder().hiddenSize(), List.of("enc_y")));
            g.addNode(node("Squeeze", List.of("enc_y", "axis1"), List.of("enc_seq")));
            decoderInput = "enc_seq";
        } else {
            // Y_h [1, B, H] broadcast over T steps: Expand with shape [T, 1, 1] gives [T, B, H].
            g.addInitializer(int64Tensor("repeat_shape", new long[] {t, 1, 1}, 3));
            g.addNode(lstm("enc", w.encoder().hiddenSize(), List.of("", "enc_h")));
            g.addNode(node("Expand", List.of("enc_h", "repeat_shape"), List.of("enc_rep")));
            decoderInput = "enc_rep";
        }
        g.addNode(lstmOn(decoderInput, "dec", w.decoder().hiddenSize(), List.of("dec_y")));
        g.addNode(node("Squeeze", List.of("dec_y", "axis1"), List.of("dec_seq")));
        String seqOut = "dec_seq";
        if (w.architecture() == Architecture.REPEAT) {
            int hd = w.decoder().hiddenSize();
            g.addInitializer(floatTensor("head_wt", transpose(w.headWeight(), d, hd), hd, d));
            g.addInitializer(floatTensor("head_b", w.headBias(), d));
            g.addNode(node("MatMul", List.of("dec_seq", "head_wt"), List.of("head_mm")));
            g.addNode(node("Add", List.of("head_mm", "head_b"), List.of("head_out")));
            seqOut = "head_out";
        }
        g.addNode(node("Transpose", List.of(seqOut), List.of(OUTPUT_RECONSTRUCTION)).addAttribute(ints("perm", 1, 0, 2)));
        g.addNode(node("Sub", List.of(OUTPUT_RECONSTRUCTION, INPUT), List.of("diff")));
        g.addNode(node("Mul", List.of("diff", "diff"), List.of("sq")));
        g.addNode(node("ReduceMean", List.of("sq"), List.of(OUTPUT_ERROR))
                .addAttribute(ints("axes", 1, 2))
                .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT)
                        .setI(0)));
        g.addInitializer(int64Tensor("last_start", new long[] {t - 1}, 1));
        g.addInitializer(int64Tensor("last_end", new long[] {t}, 1));
        g.addNode(node("Slice", List.of("sq", "last_start", "last_end", "axis1"), List.of("sq_last")));
        g.addNode(node("ReduceMean", List.of("sq_last"), List.of(OUTPUT_ERROR_LAST))
                .addAttribute(ints("axes", 1, 2))
                .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT)
                        .setI(0)));

        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("hcl-models")
                .setProducerVersion(modelVersion)
                .setModelVersion(1)
                .setDocString("HCL LSTM autoencoder " + w.architecture() + " T=" + t + " D=" + d)
                .setGraph(g)
                .build();
    }

    private static NodeProto.Builder lstm(String prefix, int hidden, List<String> outputs) {
        return lstmOn("x_tbd", prefix, hidden, outputs);
    }

    private static NodeProto.Builder lstmOn(String input, String prefix, int hidden, List<String> outputs) {
        return node("LSTM", List.of(input, prefix + "_W", prefix + "_R", prefix + "_B"), outputs)
                .setName(prefix + "_lstm")
                .addAttribute(AttributeProto.newBuilder().setName("hidden_size")
                        .setType(AttributeProto.AttributeType.INT).setI(hidden));
    }

    private static void addLstmInitializers(GraphProto.Builder g, String prefix, LstmWeights.Layer l) {
        int h = l.hiddenSize();
        g.addInitializer(floatTensor(prefix + "_W", reorderGates(l.wIh(), h, l.inputSize()), 1, 4L * h, l.inputSize()));
        g.addInitializer(floatTensor(prefix + "_R", reorderGates(l.wHh(), h, h), 1, 4L * h, h));
        float[] b = new float[8 * h];
        System.arraycopy(reorderGates(l.bIh(), h, 1), 0, b, 0, 4 * h);
        System.arraycopy(reorderGates(l.bHh(), h, 1), 0, b, 4 * h, 4 * h);
        g.addInitializer(floatTensor(prefix + "_B", b, 1, 8L * h));
    }

    /**
     * The weights inside an exported model, back in PyTorch's layout: the inverse of {@link #build}, so that a
     * shipped {@code model.onnx} can be checked against {@link LstmReference} without the training run.
     *
     * @throws IllegalArgumentException if the bytes are not a graph this exporter wrote
     */
    public static LstmWeights readWeights(byte[] onnx) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        GraphProto g = model.getGraph();
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto tp : g.getInitializerList()) {
            init.put(tp.getName(), tp);
        }
        ValueInfoProto in = g.getInputList().stream().filter(v -> v.getName().equals(INPUT)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no input " + INPUT));
        var dims = in.getType().getTensorType().getShape().getDimList();
        int t = (int) dims.get(1).getDimValue();
        int d = (int) dims.get(2).getDimValue();
        LstmWeights.Layer enc = readLayer(init, "enc");
        LstmWeights.Layer dec = readLayer(init, "dec");
        if (!init.containsKey("head_wt")) {
            return new LstmWeights(Architecture.SEED, d, t, enc, dec, null, null);
        }
        int hd = dec.hiddenSize();
        float[] headT = floats(init, "head_wt");
        return new LstmWeights(Architecture.REPEAT, d, t, enc, dec, transpose(headT, hd, d), floats(init, "head_b"));
    }

    private static LstmWeights.Layer readLayer(Map<String, TensorProto> init, String prefix) {
        TensorProto w = init.get(prefix + "_W");
        if (w == null) {
            throw new IllegalArgumentException("no initializer " + prefix + "_W");
        }
        int h = (int) (w.getDims(1) / 4);
        int inSize = (int) w.getDims(2);
        float[] b = floats(init, prefix + "_B");
        return new LstmWeights.Layer(inSize, h, torchGates(floats(init, prefix + "_W"), h, inSize),
                torchGates(floats(init, prefix + "_R"), h, h),
                torchGates(Arrays.copyOfRange(b, 0, 4 * h), h, 1),
                torchGates(Arrays.copyOfRange(b, 4 * h, 8 * h), h, 1));
    }

    private static float[] floats(Map<String, TensorProto> init, String name) {
        TensorProto tp = init.get(name);
        if (tp == null) {
            throw new IllegalArgumentException("no initializer " + name);
        }
        FloatBuffer fb = tp.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    /** The inverse of {@link #reorderGates}: ONNX's gate order back to PyTorch's. */
    static float[] torchGates(float[] onnx, int h, int cols) {
        float[] out = new float[onnx.length];
        int block = h * cols;
        for (int k = 0; k < 4; k++) {
            System.arraycopy(onnx, k * block, out, ONNX_FROM_TORCH[k] * block, block);
        }
        return out;
    }

    /** Permutes the four gate blocks ({@code h × cols} each) from PyTorch's order to ONNX's. */
    static float[] reorderGates(float[] torch, int h, int cols) {
        float[] out = new float[torch.length];
        int block = h * cols;
        for (int k = 0; k < 4; k++) {
            System.arraycopy(torch, ONNX_FROM_TORCH[k] * block, out, k * block, block);
        }
        return out;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] out = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = a[r * cols + c];
            }
        }
        return out;
    }

    private static NodeProto.Builder node(String op, List<String> in, List<String> out) {
        return NodeProto.newBuilder().setOpType(op).addAllInput(in).addAllOutput(out);
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static TensorProto floatTensor(String name, float[] data, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long x : dims) {
            t.addDims(x);
        }
        return t.build();
    }

    private static TensorProto int64Tensor(String name, long[] data, long dim) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(dim);
        for (long x : data) {
            t.addInt64Data(x);
        }
        return t.build();
    }

    private static ValueInfoProto valueInfo(String name, String batchParam, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchParam));
        for (long x : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(x));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}
