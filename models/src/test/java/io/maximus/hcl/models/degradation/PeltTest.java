package io.maximus.hcl.models.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PeltTest {

    private static double[] piecewise(Random rnd, int n) {
        double[] x = new double[n];
        double level = rnd.nextGaussian() * 3;
        double noise = 0.3 + rnd.nextDouble();
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < 0.05) {
                level = rnd.nextGaussian() * 3;
            }
            x[i] = level + noise * rnd.nextGaussian();
        }
        return x;
    }

    private static void assertExact(Supplier<SegmentCost> costs, long seed0) {
        int nonTrivial = 0;
        for (long seed = seed0; seed < seed0 + 150; seed++) {
            Random rnd = new Random(seed);
            int n = 20 + rnd.nextInt(120);
            double[] x = piecewise(rnd, n);
            SegmentCost cost = costs.get().fit(x);
            double pen = 0.5 + rnd.nextDouble() * 10;
            int minSize = 1 + rnd.nextInt(6);
            Pelt pelt = new Pelt(pen, minSize);
            int[] fast = pelt.search(cost);
            int[] exact = pelt.optimalPartitioning(cost);
            assertThat(fast)
                    .as("seed %d n %d pen %.2f minSize %d", seed, n, pen, minSize)
                    .containsExactly(exact);
            for (int i = 0; i < fast.length; i++) {
                int prev = i == 0 ? 0 : fast[i - 1];
                assertThat(fast[i] - prev).isGreaterThanOrEqualTo(minSize);
            }
            if (fast.length > 0) {
                assertThat(n - fast[fast.length - 1]).isGreaterThanOrEqualTo(minSize);
                nonTrivial++;
            }
        }
        assertThat(nonTrivial).as("most random series have change points").isGreaterThan(100);
    }

    @Test
    void peltEqualsOptimalPartitioningWithL2Cost() {
        assertExact(L2Cost::new, 1000);
    }

    @Test
    void peltEqualsOptimalPartitioningWithRbfCost() {
        assertExact(RbfCost::new, 5000);
    }

    @Test
    void findsAnObviousMeanShiftAtTheRightPlace() {
        Random rnd = new Random(7);
        double[] x = new double[200];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i < 120 ? 10 : 14) + rnd.nextGaussian();
        }
        assertThat(new Pelt(3 * Math.log(200), 5).search(new L2Cost().fit(x))).containsExactly(120);
        assertThat(new Pelt(3 * Math.log(200), 5).search(new RbfCost().fit(x))).containsExactly(120);
    }

    @Test
    void rbfCostMatchesItsDefinition() {
        Random rnd = new Random(3);
        double[] x = new double[30];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        RbfCost c = new RbfCost(0.7).fit(x);
        int a = 4;
        int b = 19;
        double sum = 0;
        for (int i = a; i < b; i++) {
            for (int j = a; j < b; j++) {
                sum += Math.exp(-0.7 * (x[i] - x[j]) * (x[i] - x[j]));
            }
        }
        assertThat(c.cost(a, b)).isCloseTo((b - a) - sum / (b - a), org.assertj.core.data.Offset.offset(1e-9));
    }
}
