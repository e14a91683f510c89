package io.maximus.hcl.models.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaResidualComponentTest {

    /** Metric 1 follows metric 0 two rows later; from {@code breakFrom} on it follows it with no delay. */
    private static double[][] rows(int n, long seed, int breakFrom) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        double[][] x = new double[n][3];
        for (int t = 0; t < n; t++) {
            // an AR(1) process: no low-dimensional cycle, so only the delay relation ties the two metrics
            a[t] = (t == 0 ? 0 : 0.9 * a[t - 1]) + 0.3 * r.nextGaussian();
            x[t][0] = a[t];
            x[t][1] = (t >= breakFrom ? a[t] : a[Math.max(t - 2, 0)]) + 0.02 * r.nextGaussian();
            x[t][2] = 0.02 * r.nextGaussian();
        }
        return x;
    }

    private static double max(double[] s, int from, int to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int t = from; t < to; t++) {
            m = Math.max(m, s[t]);
        }
        return m;
    }

    private static double shareAbove(double[] s, int from, int to, double level) {
        int k = 0;
        for (int t = from; t < to; t++) {
            k += s[t] > level ? 1 : 0;
        }
        return k / (double) (to - from);
    }

    @Test
    void aWindowSeesABrokenDelayThatTheSnapshotCannot() {
        double[][] train = rows(3000, 1, Integer.MAX_VALUE);
        double[][] test = rows(1000, 2, 600);
        PcaResidualComponent snapshot = new PcaResidualComponent(0.99);
        PcaResidualComponent window = new PcaResidualComponent(0.99, 3);
        snapshot.fit(train);
        window.fit(train);
        assertThat(window.windowLength()).isEqualTo(3);
        assertThat(snapshot.windowLength()).isEqualTo(1);
        double[] s1 = snapshot.scoreAll(test);
        double[] s3 = window.scoreAll(test);
        // every value stays in its training range: the snapshot's subspace holds both metrics, so almost nothing shows
        assertThat(shareAbove(s1, 610, 1000, max(s1, 10, 600))).isLessThan(0.1);
        // the window's subspace holds "metric 1 = metric 0 two rows ago": broken, most rows lie far off it
        double calm = max(s3, 10, 600);
        assertThat(shareAbove(s3, 610, 1000, calm)).isGreaterThan(0.6);
        assertThat(shareAbove(s3, 610, 1000, 2 * calm)).isGreaterThan(0.5);
        // attribution is per metric (summed over the window) and points at the two metrics of the broken relation
        double[] attr = window.attribution(test, 800);
        assertThat(attr).hasSize(3);
        assertThat(attr[2]).isLessThan(Math.max(attr[0], attr[1]));
    }

    @Test
    void oneRowWindowsScoreAsTheSnapshotComponent() {
        double[][] train = rows(2000, 3, Integer.MAX_VALUE);
        double[][] test = rows(300, 4, 150);
        PcaResidualComponent a = new PcaResidualComponent(0.9);
        PcaResidualComponent b = new PcaResidualComponent(0.9, 1);
        a.fit(train);
        b.fit(train);
        assertThat(b.lags()).isEqualTo(1);
        assertThat(b.scoreAll(test)).containsExactly(a.scoreAll(test));
    }

    @Test
    void survivesJavaSerializationWithItsWindow() throws Exception {
        PcaResidualComponent c = new PcaResidualComponent(0.99, 4);
        double[][] train = rows(2000, 5, Integer.MAX_VALUE);
        c.fit(train);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(c);
        }
        PcaResidualComponent back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
            back = (PcaResidualComponent) in.readObject();
        }
        assertThat(back.lags()).isEqualTo(4);
        assertThat(back.componentsKept()).isEqualTo(c.componentsKept());
        double[][] test = rows(200, 6, 100);
        assertThat(back.scoreAll(test)).containsExactly(c.scoreAll(test));
    }
}
