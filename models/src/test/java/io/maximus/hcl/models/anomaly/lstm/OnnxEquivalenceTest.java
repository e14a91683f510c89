package io.maximus.hcl.models.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.ErrorMode;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exported ONNX graph computes what the DJL-trained model computes, within 1e-4, and both compute what the
 * plain-Java reference LSTM computes on the trained weights (so a kernel that is wrong on one CPU shows up as a
 * disagreement with the reference, whichever engine has it).
 */
class OnnxEquivalenceTest {

    static final int D = 6;
    static final int T = 8;

    /** Synthetic standardized-looking series: phase-shifted sines plus seeded noise. */
    static float[] syntheticWindows(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] out = new float[n * T * D];
        for (int i = 0; i < n; i++) {
            double phase = rnd.nextDouble(0, 2 * Math.PI);
            for (int t = 0; t < T; t++) {
                for (int j = 0; j < D; j++) {
                    out[(i * T + t) * D + j] = (float) (Math.sin(phase + 0.4 * t + j) + 0.1 * rnd.nextGaussian());
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void onnxOutputEqualsTrainedDjlOutput(Architecture arch) {
        LstmAutoencoderConfig cfg = LstmAutoencoderConfig.defaults().withArchitecture(arch).withWindowLength(T)
                .withHiddenSize(16).withEpochs(3).withLearningRate(1e-2f);
        int n = 192;
        try (DjlLstmAutoencoder djl = new DjlLstmAutoencoder(cfg, D)) {
            List<Double> losses = djl.train(syntheticWindows(n, 1), n);
            assertThat(losses).hasSize(3);
            assertThat(losses.get(2)).as("training reduces the loss").isLessThan(losses.get(0));

            LstmWeights w = djl.weights();
            byte[] onnx = OnnxLstmExporter.export(w, "test");
            try (OnnxLstmSession ort = new OnnxLstmSession(onnx, T, D, 64, 1)) {
                for (long seed = 10; seed < 13; seed++) {
                    // Random inputs well outside the training distribution too (gaussian, sd 2).
                    SplittableRandom rnd = new SplittableRandom(seed);
                    int b = 7;
                    float[] x = new float[b * T * D];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (2 * rnd.nextGaussian());
                    }
                    float[] expected = djl.reconstruct(x, b);
                    float[] actual = ort.reconstruct(x, b);
                    float[] reference = new LstmReference(w).reconstruct(x, b);
                    assertThat(actual).hasSameSizeAs(expected);
                    assertThat(LstmReference.maxAbsDiff(expected, reference))
                            .as("max |DJL - reference|, seed %d", seed).isLessThan(1e-4);
                    assertThat(LstmReference.maxAbsDiff(actual, reference))
                            .as("max |ONNX - reference|, seed %d", seed).isLessThan(1e-4);
                    double maxDiff = 0;
                    for (int i = 0; i < expected.length; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
                    }
                    assertThat(maxDiff).as("max |ONNX - DJL|, seed %d", seed).isLessThan(1e-4);

                    float[] errors = ort.errors(x, b, ErrorMode.WINDOW);
                    float[] lastErrors = ort.errors(x, b, ErrorMode.LAST);
                    for (int i = 0; i < b; i++) {
                        double mse = 0;
                        double lastMse = 0;
                        for (int k = 0; k < T * D; k++) {
                            double e = expected[i * T * D + k] - x[i * T * D + k];
                            mse += e * e;
                            if (k >= (T - 1) * D) {
                                lastMse += e * e;
                            }
                        }
                        mse /= T * D;
                        lastMse /= D;
                        assertThat((double) errors[i]).isCloseTo(mse, offset(1e-4 * (1 + mse)));
                        assertThat((double) lastErrors[i]).isCloseTo(lastMse, offset(1e-4 * (1 + lastMse)));
                    }
                }
            }
        }
    }
}
