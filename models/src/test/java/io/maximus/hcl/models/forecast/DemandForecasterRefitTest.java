package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DemandForecasterRefitTest {

    /** Monday 2026-03-02 00:00 UTC. */
    private static final long T0 = 1_772_409_600_000L;

    private static final long STEP = 900_000;

    private static DemandForecaster forecaster(double drift) {
        return new DemandForecaster(new DemandForecaster.Config(
                "cpu_usage", 900, new int[] {1, 1, 1, 1, 1, 1}, 0, 4 * 96, 2 * 96, 4, 200, 0.9, 4, 96, drift));
    }

    private static double cpu(int step, Random rnd) {
        return 50 + 20 * Math.sin(2 * Math.PI * (step % 96) / 96.0) + rnd.nextGaussian();
    }

    /** Feeds points {@code [from, to)} (plus {@code shift} from {@code shiftAt}), fitting synchronously when due. */
    private static int run(DemandForecaster f, DemandForecaster.State s, int from, int to, int shiftAt, double shift) {
        Random rnd = new Random(3 + from);
        int fits = 0;
        for (int i = from; i < to; i++) {
            double v = cpu(i, rnd) + (i >= shiftAt ? shift : 0);
            f.add(s, T0 + i * STEP, v);
            f.close(s);
            if (f.refitDue(s)) {
                f.install(s, f.fit(f.training(s), s.model));
                fits++;
            }
        }
        return fits;
    }

    @Test
    void withoutDriftTheModelOnlyFiltersAndAShiftRefitsWithinTwoHours() {
        DemandForecaster f = forecaster(3.0);
        DemandForecaster.State s = new DemandForecaster.State();
        assertThat(run(f, s, 0, 3 * 96, Integer.MAX_VALUE, 0))
                .as("fits in the first three days")
                .isBetween(1, 6);
        int before = s.refits;
        // day 4: same cycle; the history (4 days held) has grown by less than an eighth of it since the last fit
        // before its end only a few times, so a handful of refits at most instead of 24
        int day4 = run(f, s, 3 * 96, 4 * 96, Integer.MAX_VALUE, 0);
        assertThat(day4).isLessThanOrEqualTo(3);
        assertThat(s.driftCount).isPositive();
        assertThat(s.driftSum / s.driftCount).isLessThan(3.0);
        // a level shift of 15 sigma: the innovations drift, a refit follows within 8 points (2 h)
        long shiftStep = f.stepOf(T0 + 4 * 96 * STEP);
        int refitsAtShift = s.refits;
        run(f, s, 4 * 96, 4 * 96 + 8, 4 * 96, 15);
        assertThat(s.refits).isGreaterThan(refitsAtShift);
        assertThat(s.fittedStep).isGreaterThanOrEqualTo(shiftStep);
        assertThat(before).isPositive();
    }

    @Test
    void withoutAThresholdEveryRefitIntervalRefits() {
        DemandForecaster f = forecaster(0);
        DemandForecaster.State s = new DemandForecaster.State();
        run(f, s, 0, 3 * 96, Integer.MAX_VALUE, 0);
        assertThat(run(f, s, 3 * 96, 4 * 96, Integer.MAX_VALUE, 0)).isEqualTo(24);
    }
}
