package io.maximus.hcl.models.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.IsolationForestComponent;
import io.maximus.hcl.models.anomaly.PcaResidualComponent;
import io.maximus.hcl.models.anomaly.WindowFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttentionTest {

    static double[] calm(SplittableRandom r, int d) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = 0.5 + 0.02 * (r.nextDouble() - 0.5);
        }
        return x;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void salienceRisesOnASustainedShiftAndTheStateSurvivesSerialization() throws Exception {
        PeripheralMonitor m = PeripheralMonitor.defaults();
        PeripheralState s = new PeripheralState(8);
        SplittableRandom r = new SplittableRandom(1);
        double calmMax = 0;
        for (int i = 0; i < 3000; i++) {
            double sal = m.update(s, calm(r, 8));
            if (i > 1000) {
                calmMax = Math.max(calmMax, sal);
            }
        }
        PeripheralState copy = roundTrip(s);
        double[] shifted = calm(r, 8);
        shifted[3] += 0.5;
        double sal = 0;
        double salCopy = 0;
        for (int i = 0; i < 10; i++) {
            sal = m.update(s, shifted);
            salCopy = m.update(copy, shifted);
        }
        assertThat(salCopy).isEqualTo(sal);
        assertThat(sal).isGreaterThan(3 * calmMax);
        assertThat(s.lastTopMetric()).isEqualTo(3);
        assertThat(s.lastLevelZ()).isGreaterThan(10);
    }

    @Test
    void frozenLearningKeepsTheBaseline() {
        PeripheralMonitor m = PeripheralMonitor.defaults();
        PeripheralState learning = new PeripheralState(4);
        PeripheralState frozen = new PeripheralState(4);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 2000; i++) {
            double[] x = calm(r, 4);
            m.update(learning, x);
            m.update(frozen, x);
        }
        double[] shifted = {2, 2, 2, 2};
        double a = 0;
        double b = 0;
        for (int i = 0; i < 3000; i++) {
            a = m.update(learning, shifted);
            b = m.update(frozen, shifted, false);
        }
        // the learning state gets used to the shift; the frozen one still sees it as salient
        assertThat(b).isGreaterThan(10 * a);
    }

    @Test
    void fovealStageEscalatesSalientSnapshotsWithinItsBudget() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] train = new double[2000][];
        for (int i = 0; i < train.length; i++) {
            train[i] = calm(r, 6);
        }
        AnomalyDetector det = new AnomalyDetector(
                        List.of(
                                new IsolationForestComponent(30, 128, 1, new WindowFeatures(true, 1)),
                                new PcaResidualComponent(0.9)),
                        Map.of(IsolationForestComponent.NAME, 0.6, PcaResidualComponent.NAME, 0.4),
                        0.85,
                        0.001,
                        null)
                .smoothing(0.3)
                .fit(train);
        PeripheralMonitor m = PeripheralMonitor.defaults();
        PeripheralState ps = new PeripheralState(6);
        for (double[] x : train) {
            m.update(ps, x);
        }
        FovealAnalyzer f = new FovealAnalyzer(det, 1.0, 6.0, 1, 0.01, 20, 0.05, 0.8);
        FovealState fs = new FovealState(7);
        int calmEscalations = 0;
        for (int i = 0; i < 2000; i++) {
            double[] x = calm(r, 6);
            FovealAnalyzer.Escalation e = f.decide(fs, ps, x, m.update(ps, x, !fs.fixated()));
            if (e.analyzed()) {
                calmEscalations++;
                f.analyzeScore(fs);
            }
        }
        assertThat(calmEscalations).isLessThan(2000 / 5);
        assertThat(fs.sampled()).isPositive();
        boolean flagged = false;
        int analyzedDuringIncident = 0;
        for (int i = 0; i < 200; i++) {
            double[] x = calm(r, 6);
            // a flapping incident: every metric swings far outside its range and back on each snapshot (an
            // Isolation Forest cannot tell a constant out-of-range value from the training maximum, so the
            // incident must also show in the deltas for both components to agree)
            for (int j = 0; j < 6; j++) {
                x[j] = 0.5 + ((i + j) % 2 == 0 ? 0.1 : -0.1);
            }
            FovealAnalyzer.Escalation e = f.decide(fs, ps, x, m.update(ps, x, !fs.fixated()));
            if (e.analyzed()) {
                analyzedDuringIncident++;
                flagged |= f.analyze(fs).anomalous();
            }
        }
        assertThat(flagged).isTrue();
        // budget: at most the burst plus 0.05 per snapshot
        assertThat(analyzedDuringIncident).isLessThanOrEqualTo(20 + 10 + 1);
        assertThat(fs.budgetDenied()).isPositive();
    }

    @Test
    void samplingIsReproducibleFromTheSeed() {
        SplittableRandom r = new SplittableRandom(4);
        double[][] train = new double[500][];
        for (int i = 0; i < train.length; i++) {
            train[i] = calm(r, 3);
        }
        AnomalyDetector det = new AnomalyDetector(
                        List.of(new PcaResidualComponent(0.9)),
                        Map.of(PcaResidualComponent.NAME, 1.0),
                        0.85,
                        0.001,
                        null)
                .fit(train);
        PeripheralState ps = new PeripheralState(3);
        FovealAnalyzer f = new FovealAnalyzer(det, 1.0, 1e9, 0, 0.1, 1e9, 1, 2.0);
        FovealState a = new FovealState(99);
        FovealState b = new FovealState(99);
        StringBuilder sa = new StringBuilder();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            // salience 0 never passes the level (the tracked quantile is 0, margin 1, so use -1)
            sa.append(f.decide(a, ps, train[i], -1).ordinal());
            sb.append(f.decide(b, ps, train[i], -1).ordinal());
        }
        assertThat(sa.toString()).isEqualTo(sb.toString());
        assertThat(a.sampled()).isBetween(15L, 50L);
    }
}
