package io.maximus.hcl.models.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plain-Java reference LSTM agrees with ONNX Runtime on the exported graph, independently of any training
 * engine; and the weights read back from an exported graph are the weights that went in.
 */
class LstmReferenceTest {

    static float[] gaussianWindows(int n, int t, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n * t * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * rnd.nextGaussian());
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void referenceEqualsOnnxRuntimeOnRandomWeights(Architecture arch) {
        int d = 5;
        int t = 12;
        LstmWeights w = LstmWeights.random(arch, d, t, 16, 3);
        float[] x = gaussianWindows(9, t, d, 4);
        float[] reference = new LstmReference(w).reconstruct(x, 9);
        try (OnnxLstmSession ort = new OnnxLstmSession(OnnxLstmExporter.export(w, "t"), t, d, 16, 1)) {
            float[] onnx = ort.reconstruct(x, 9);
            assertThat(LstmReference.maxAbsDiff(reference, onnx)).as("max |ONNX - reference|").isLessThan(1e-5);
        }
        // Not trivially equal: the network does not just copy or zero its input.
        assertThat(LstmReference.maxAbsDiff(reference, new float[reference.length])).isGreaterThan(1e-2);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void weightsReadBackFromTheGraphAreTheWeightsWritten(Architecture arch) {
        LstmWeights w = LstmWeights.random(arch, 4, 7, 6, 11);
        LstmWeights back = OnnxLstmExporter.readWeights(OnnxLstmExporter.export(w, "t"));
        assertThat(back.architecture()).isEqualTo(arch);
        assertThat(back.inputDim()).isEqualTo(4);
        assertThat(back.windowLength()).isEqualTo(7);
        for (var pair : new LstmWeights.Layer[][] {{w.encoder(), back.encoder()}, {w.decoder(), back.decoder()}}) {
            assertThat(pair[1].wIh()).containsExactly(pair[0].wIh());
            assertThat(pair[1].wHh()).containsExactly(pair[0].wHh());
            assertThat(pair[1].bIh()).containsExactly(pair[0].bIh());
            assertThat(pair[1].bHh()).containsExactly(pair[0].bHh());
        }
        if (arch == Architecture.REPEAT) {
            assertThat(back.headWeight()).containsExactly(w.headWeight());
            assertThat(back.headBias()).containsExactly(w.headBias());
        }
    }

    @Test
    void maxAbsDiffReportsNaNAsADifference() {
        assertThat(LstmReference.maxAbsDiff(new float[] {1, 2}, new float[] {1, 2})).isZero();
        assertThat(LstmReference.maxAbsDiff(new float[] {1, 2}, new float[] {1, 2.5f})).isEqualTo(0.5);
        assertThat(LstmReference.maxAbsDiff(new float[] {1, Float.NaN}, new float[] {1, 2})).isNaN();
    }
}
