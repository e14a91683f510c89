package io.maximus.hcl.models.failure.exhaustion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The selection median is exactly the median of a sorted copy, ties, signed zeros and infinities included. */
class EnvelopeMedianTest {

    static double sorted(double[] v, int n) {
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    @Test
    void matchesTheSortedMedianBitForBit() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 20_000; trial++) {
            int len = 1 + r.nextInt(trial % 10 == 0 ? 400 : 40);
            double[] v = new double[len + r.nextInt(3)];
            int kind = trial % 4;
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (kind) {
                    case 0 -> r.nextGaussian();
                    case 1 -> r.nextInt(3) - 1; // many ties
                    case 2 -> r.nextBoolean() ? 0.0 : -0.0;
                    default -> r.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : Math.round(r.nextGaussian() * 4) / 4.0;
                };
            }
            double[] before = v.clone();
            double expected = sorted(v, len);
            assertThat(EnvelopeTrend.median(v, len)).as("trial %d", trial).isEqualTo(expected);
            assertThat(v).as("the input is not reordered").isEqualTo(before);
        }
    }

    @Test
    void equalValuesStayLinear() {
        double[] flat = new double[200_000];
        long start = System.nanoTime();
        assertThat(EnvelopeTrend.median(flat, flat.length)).isEqualTo(0.0);
        assertThat((System.nanoTime() - start) / 1e9)
                .as("seconds for 200,000 equal values")
                .isLessThan(5);
    }
}
