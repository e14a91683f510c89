package io.maximus.hcl.models.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {

    /** A real, minimal component: the Euclidean norm of the standardized snapshot. */
    static final class NormComponent implements AnomalyComponent {
        @Override
        public String name() {
            return "norm";
        }

        @Override
        public int windowLength() {
            return 1;
        }

        @Override
        public void fit(double[][] rows) {}

        @Override
        public double score(double[][] rows, int t) {
            double s = 0;
            for (double v : rows[t]) {
                s += v * v;
            }
            return Math.sqrt(s);
        }
    }

    static double[][] train() {
        double[][] x = IsolationForestTest.gaussian(3000, 6, 11);
        for (double[] r : x) {
            r[5] = 1.0; // constant metric
            r[1] = 0.8 * r[0] + 0.2 * r[1]; // correlated pair
        }
        return x;
    }

    static AnomalyDetector detector() {
        return new AnomalyDetector(
                        List.of(
                                new IsolationForestComponent(50, 256, 3, new WindowFeatures(true, 1)),
                                new PcaResidualComponent(0.95)),
                        Map.of(
                                IsolationForestComponent.NAME,
                                0.6,
                                PcaResidualComponent.NAME,
                                0.4,
                                AnomalyDetector.LSTM_AUTOENCODER,
                                0.4),
                        0.85,
                        0.01,
                        new String[] {"cpu", "load", "mem", "disk", "net", "const"})
                .smoothing(0.3);
    }

    @Test
    void reportsMissingComponentsAndRenormalizesWeights() {
        AnomalyDetector d = detector().fit(train());
        assertThat(d.missingComponents()).containsExactly(AnomalyDetector.LSTM_AUTOENCODER);
        double[][] z = d.standardize(train());
        DetectorScore s = d.score(z, 10);
        assertThat(s.weights().get(IsolationForestComponent.NAME)).isCloseTo(0.6, within(1e-12));
        assertThat(s.weights().get(PcaResidualComponent.NAME)).isCloseTo(0.4, within(1e-12));
        assertThat(s.components()).containsOnlyKeys(IsolationForestComponent.NAME, PcaResidualComponent.NAME);
        assertThat(s.score()).isBetween(0.0, 1.0);
    }

    @Test
    void anomalousSnapshotPassesTheThresholdAndNamesTheMetric() {
        AnomalyDetector d = detector().fit(train());
        double[] calm = {0.1, 0.08, -0.3, 0.2, 0.0, 1.0};
        // an incident moves several metrics at once and breaks the cpu/load correlation; "disk" moves most
        double[] broken = {4.0, -3.0, 5.0, 9.0, 4.0, 1.0};
        SnapshotWindow w = d.newWindow();
        for (int i = 0; i < 5; i++) {
            w.push(d, calm);
            d.score(w);
        }
        DetectorScore quiet = d.score(w);
        assertThat(quiet.anomalous()).isFalse();
        DetectorScore s = null;
        for (int i = 0; i < 10; i++) {
            w.push(d, broken);
            s = d.score(w);
        }
        assertThat(s.anomalous()).isTrue();
        assertThat(s.score()).isGreaterThan(quiet.score());
        assertThat(s.salient().get(0).metric()).isEqualTo("disk");
        assertThat(s.components().get(PcaResidualComponent.NAME)).isGreaterThan(0.99);
    }

    @Test
    void streamingWindowReproducesBatchScores() {
        double[][] tr = train();
        AnomalyDetector d = detector().fit(tr);
        double[][] test = IsolationForestTest.gaussian(200, 6, 12);
        double[] batch = d.scoreAll(test);
        SnapshotWindow w = d.newWindow();
        for (int t = 0; t < test.length; t++) {
            w.push(d, test[t]);
            assertThat(d.combined(w)).isCloseTo(batch[t], within(1e-12));
        }
    }

    @Test
    void aSecondComponentPlugsInThroughTheInterface() {
        AnomalyDetector d = new AnomalyDetector(
                        List.of(new NormComponent()), AnomalyDetector.defaultWeights(), 0.85, 0.01, null)
                .fit(train());
        assertThat(d.missingComponents())
                .containsExactly(IsolationForestComponent.NAME, AnomalyDetector.LSTM_AUTOENCODER);
        DetectorScore s = d.score(d.standardize(new double[][] {{9, 9, 9, 9, 9, 1}}), 0);
        // an unweighted component gets the whole weight when it is the only one present
        assertThat(s.weights().get("norm")).isEqualTo(1.0);
        assertThat(s.anomalous()).isTrue();
    }
}
