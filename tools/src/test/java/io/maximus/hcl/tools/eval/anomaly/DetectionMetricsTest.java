package io.maximus.hcl.tools.eval.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DetectionMetricsTest {

    @Test
    void rocAucCountsOrderedPairsAndHalvesTies() {
        double[] s = {0.1, 0.4, 0.35, 0.8};
        int[] l = {0, 0, 1, 1};
        // pairs (pos, neg): (0.35,0.1) ok, (0.35,0.4) wrong, (0.8, *) ok -> 3/4
        assertThat(DetectionMetrics.rocAuc(s, l)).isCloseTo(0.75, within(1e-12));
        assertThat(DetectionMetrics.rocAuc(new double[] {1, 1, 1, 1}, l)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void averagePrecisionAndBestF1() {
        double[] s = {0.1, 0.4, 0.35, 0.8};
        int[] l = {0, 0, 1, 1};
        // ranking: 0.8(P) 0.4(N) 0.35(P) 0.1(N): AP = 0.5*1 + 0.5*(2/3)
        assertThat(DetectionMetrics.prAuc(s, l)).isCloseTo(0.5 + 1.0 / 3, within(1e-12));
        double[] f = DetectionMetrics.bestF1(s, l);
        // threshold 0.8: P=1 R=.5 F1=.667; threshold .35: P=2/3 R=1 F1=.8
        assertThat(f[0]).isCloseTo(0.8, within(1e-12));
        assertThat(f[1]).isEqualTo(0.35);
    }

    @Test
    void pointAdjustCreditsWholeSegments() {
        double[] s = {0.1, 0.9, 0.05, 0.05, 0.1, 0.1, 0.1, 0.1};
        int[] l = {0, 1, 1, 1, 0, 0, 0, 0};
        // plain: threshold 0.05 catches all three but also five normals: F1 = 6 / 11
        assertThat(DetectionMetrics.bestF1(s, l)[0]).isCloseTo(6.0 / 11, within(1e-12));
        assertThat(DetectionMetrics.bestF1PointAdjusted(s, l)).isCloseTo(1.0, within(1e-12));
    }
}
