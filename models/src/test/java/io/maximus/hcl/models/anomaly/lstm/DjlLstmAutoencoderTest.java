package io.maximus.hcl.models.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training is reproducible from the seed, and the seed matters. */
class DjlLstmAutoencoderTest {

    static final int D = OnnxEquivalenceTest.D;
    static final int T = OnnxEquivalenceTest.T;

    record Run(List<Double> losses, LstmWeights weights) {}

    static Run train(long seed) {
        LstmAutoencoderConfig cfg = LstmAutoencoderConfig.defaults()
                .withArchitecture(Architecture.REPEAT)
                .withWindowLength(T)
                .withHiddenSize(8)
                .withEpochs(2)
                .withSeed(seed);
        int n = 128;
        try (DjlLstmAutoencoder m = new DjlLstmAutoencoder(cfg, D)) {
            return new Run(m.train(OnnxEquivalenceTest.syntheticWindows(n, 5), n), m.weights());
        }
    }

    @Test
    void sameSeedSameModel() {
        Run a = train(7);
        Run b = train(7);
        Run c = train(8);
        assertThat(b.losses()).isEqualTo(a.losses());
        assertThat(b.weights().encoder().wIh())
                .containsExactly(a.weights().encoder().wIh());
        assertThat(b.weights().decoder().wHh())
                .containsExactly(a.weights().decoder().wHh());
        assertThat(b.weights().headWeight()).containsExactly(a.weights().headWeight());
        assertThat(c.weights().encoder().wIh())
                .isNotEqualTo(a.weights().encoder().wIh());
        // Shapes as PyTorch lays them out: [4H x in], [4H x H], head [D x H].
        assertThat(a.weights().encoder().wIh()).hasSize(4 * 8 * D);
        assertThat(a.weights().decoder().wHh()).hasSize(4 * 8 * 8);
        assertThat(a.weights().headWeight()).hasSize(D * 8);
    }
}
