package io.maximus.hcl.models.anomaly.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast k-nearest-neighbour paths give bit for bit what the plain scan per row gives. */
class OnlineKnnEquivalenceTest {

    /** The plain scan: every row's full squared distance, the k smallest kept in order. */
    static double naive(double[] ref, int n, int d, double[] z, int skip, int neighbours) {
        int k = Math.min(neighbours, n - (skip >= 0 ? 1 : 0));
        double[] best = new double[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            if (i == skip) {
                continue;
            }
            double s = 0;
            for (int j = 0; j < d; j++) {
                double dl = z[j] - ref[i * d + j];
                s += dl * dl;
            }
            if (s < best[k - 1]) {
                int p = k - 1;
                while (p > 0 && best[p - 1] > s) {
                    best[p] = best[p - 1];
                    p--;
                }
                best[p] = s;
            }
        }
        double sum = 0;
        for (double b : best) {
            sum += Math.sqrt(b);
        }
        return sum / k;
    }

    @Test
    void leaveOneOutAndScoringMatchThePlainScanExactly() {
        OnlineAnomalyModel m = new OnlineAnomalyModel(OnlineAnomalyModel.Settings.defaults());
        SplittableRandom r = new SplittableRandom(11);
        for (int d : new int[] {1, 3, 4, 7, 16, 25}) {
            int n = 300;
            double[] ref = new double[n * d];
            for (int i = 0; i < ref.length; i++) {
                // coarse values make ties (equal distances) common
                ref[i] = i % 7 == 0 ? Math.round(r.nextGaussian() * 2) : r.nextGaussian() * (1 + i % d);
            }
            double[] loo = m.leaveOneOut(ref, n, d);
            for (int i = 0; i < n; i++) {
                double[] row = Arrays.copyOfRange(ref, i * d, i * d + d);
                assertThat(loo[i]).as("row %d of %d metrics", i, d).isEqualTo(naive(ref, n, d, row, i, 5));
                assertThat(m.knn(ref, n, d, row, i)).isEqualTo(naive(ref, n, d, row, i, 5));
            }
            for (int q = 0; q < 200; q++) {
                double[] z = new double[d];
                for (int j = 0; j < d; j++) {
                    z[j] = r.nextGaussian() * 3;
                }
                assertThat(m.knn(ref, n, d, z, -1)).isEqualTo(naive(ref, n, d, z, -1, 5));
            }
        }
    }

    @Test
    void aGrowingRingScoresExactlyAsAFullSizeOne() {
        OnlineAnomalyModel m = new OnlineAnomalyModel(OnlineAnomalyModel.Settings.defaults());
        OnlineModelState grown = new OnlineModelState();
        OnlineModelState full = new OnlineModelState();
        SplittableRandom r1 = new SplittableRandom(9);
        SplittableRandom r2 = new SplittableRandom(9);
        for (int i = 0; i < 1500; i++) {
            boolean incident = i >= 1100 && i < 1160;
            OnlineAnomalyModel.Result a = m.observe(grown, OnlineAnomalyModelTest.db(i, r1, incident, 0));
            if (i == 0) {
                assertThat(grown.ring.length).as("a new key holds a few rows").isEqualTo(16 * 4);
                // a state as the code before the growing ring wrote it (and a savepoint of it restores)
                m.observe(full, OnlineAnomalyModelTest.db(i, r2, incident, 0));
                full.ring = Arrays.copyOf(full.ring, 512 * 4);
                continue;
            }
            OnlineAnomalyModel.Result b = m.observe(full, OnlineAnomalyModelTest.db(i, r2, incident, 0));
            assertThat(a).as("snapshot %d", i).isEqualTo(b);
            if (i == 100) {
                assertThat(grown.ring.length).isEqualTo(128 * 4);
            }
        }
        assertThat(grown.ring.length).isEqualTo(512 * 4);
        assertThat(grown.fits).isGreaterThan(2);
    }
}
