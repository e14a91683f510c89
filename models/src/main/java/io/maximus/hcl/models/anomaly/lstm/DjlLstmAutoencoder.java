package io.maximus.hcl.models.anomaly.lstm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LSTM autoencoder as a DJL model on the PyTorch engine: training on standardized windows, forward passes,
 * and the trained weights for the ONNX export. Training only; serving goes through {@link OnnxLstmSession}.
 */
public final class DjlLstmAutoencoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DjlLstmAutoencoder.class);
    private static final String ENGINE = "PyTorch";
    /** System property of DJL's PyTorch engine for its intra-op thread count. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private final LstmAutoencoderConfig config;
    private final int inputDim;
    private final Model model;
    private final LstmAutoencoderBlock block;
    private final List<Double> epochLosses = new ArrayList<>();

    /** A fresh, initialized model (weights drawn from the engine's generator, seeded from the config). */
    public DjlLstmAutoencoder(LstmAutoencoderConfig config, int inputDim) {
        this.config = config;
        this.inputDim = inputDim;
        // A 32-unit LSTM gains little from intra-op parallelism, and OpenMP's spinning threads lose badly on shared
        // cores: one thread unless the caller chose otherwise (read once, when the engine loads).
        if (System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed((int) config.seed());
        this.block = new LstmAutoencoderBlock(config.architecture(), inputDim, config.hiddenSize());
        this.model = Model.newInstance("hcl-lstm-autoencoder", Device.cpu(), ENGINE);
        model.setBlock(block);
        block.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                new Shape(config.batchSize(), config.windowLength(), inputDim));
    }

    /**
     * Trains on {@code n} standardized windows {@code [n × T × D]} with Adam on the mean squared reconstruction
     * error; batches are shuffled with a generator seeded from the config.
     *
     * @return the mean training loss (MSE) of each epoch
     */
    public List<Double> train(float[] windows, int n) {
        int t = config.windowLength();
        int w = t * inputDim;
        if (windows.length < n * w || n == 0) {
            throw new IllegalArgumentException("need " + n + " windows of " + w + " values");
        }
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate()))
                .optClipGrad(1.0f).build();
        // L2Loss is 0.5 * squared error; reported losses are doubled to MSE.
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});
        Random rnd = new Random(config.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        try (Trainer trainer = model.newTrainer(tc)) {
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                shuffle(order, rnd);
                double sum = 0;
                for (int start = 0; start < n; start += config.batchSize()) {
                    int b = Math.min(config.batchSize(), n - start);
                    float[] batch = new float[b * w];
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(windows, order[start + i] * w, batch, i * w, w);
                    }
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray x = sub.create(batch, new Shape(b, t, inputDim));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(x));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(x), pred);
                            gc.backward(loss);
                            sum += 2.0 * loss.getFloat() * b;
                        }
                        trainer.step();
                    }
                }
                double mse = sum / n;
                epochLosses.add(mse);
                LOG.info("LSTM autoencoder epoch {}/{}: training MSE {}", epoch + 1, config.epochs(),
                        String.format("%.5f", mse));
            }
        }
        return List.copyOf(epochLosses);
    }

    /** Losses of the epochs trained so far. */
    public List<Double> epochLosses() {
        return List.copyOf(epochLosses);
    }

    /** The model's reconstruction {@code [n × T × D]} of {@code n} windows (inference mode). */
    public float[] reconstruct(float[] windows, int n) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = sub.create(java.util.Arrays.copyOf(windows, n * config.windowLength() * inputDim),
                    new Shape(n, config.windowLength(), inputDim));
            NDList out = block.forward(new ParameterStore(sub, false), new NDList(x), false);
            return out.head().toFloatArray();
        }
    }

    /** The trained weights, in PyTorch's gate order. */
    public LstmWeights weights() {
        LstmWeights.Layer enc = block.encoder().weights();
        LstmWeights.Layer dec = block.decoder().weights();
        float[] hw = null;
        float[] hb = null;
        if (config.architecture() == Architecture.REPEAT) {
            for (var p : block.head().getParameters()) {
                Parameter param = p.getValue();
                if (param.getType() == Parameter.Type.WEIGHT) {
                    hw = param.getArray().toFloatArray();
                } else if (param.getType() == Parameter.Type.BIAS) {
                    hb = param.getArray().toFloatArray();
                }
            }
        }
        return new LstmWeights(config.architecture(), inputDim, config.windowLength(), enc, dec, hw, hb);
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
