package io.maximus.hcl.models.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DegradationDetectorTest {

    private static final int PER_MIN = 4; // 15-second samples
    private static final int PER_DAY = 24 * 60 * PER_MIN;

    /** p99 latency in ms: a daily cycle (±30%), multiplicative noise and occasional spikes. */
    private static double p99(Random rnd, int i, double stepFactor) {
        double cycle = 1 + 0.3 * Math.sin(2 * Math.PI * i / PER_DAY);
        double noise = Math.exp(0.08 * rnd.nextGaussian());
        double spike = rnd.nextDouble() < 0.01 ? 1.5 + rnd.nextDouble() : 1.0;
        return 200 * cycle * noise * spike * stepFactor;
    }

    @Test
    void detectsA45PercentStepInP99WithinFifteenMinutes() {
        DegradationDetector det = new DegradationDetector();
        for (long seed = 1; seed <= 5; seed++) {
            Random rnd = new Random(seed);
            int stepAt = (int) (PER_DAY * (0.1 + 0.2 * seed)); // different phases of the cycle
            LatencyWindow w = new LatencyWindow(240);
            int detectedAfter = -1;
            for (int i = stepAt - 4 * 60 * PER_MIN; i < stepAt + 15 * 60 * PER_MIN; i++) {
                w.add(p99(rnd, i, i >= stepAt ? 1.45 : 1.0));
                if (i >= stepAt && w.size() == 240 && i % PER_MIN == 0) { // run once a minute
                    Optional<Degradation> d = det.detect(w.toArray());
                    if (d.isPresent()) {
                        detectedAfter = i - stepAt;
                        assertThat(d.get().severity()).isBetween(0.25, 0.75);
                        break;
                    }
                }
            }
            assertThat(detectedAfter).as("seed %d", seed).isBetween(0, 15 * 60 * PER_MIN);
        }
    }

    @Test
    void staysQuietOnACalmDailyCycleWithNoise() {
        DegradationDetector det = new DegradationDetector();
        Random rnd = new Random(42);
        LatencyWindow w = new LatencyWindow(240);
        int runs = 0;
        int alarms = 0;
        for (int i = 0; i < PER_DAY; i++) {
            w.add(p99(rnd, i, 1.0));
            if (w.size() == 240 && i % (2 * PER_MIN) == 0) { // every 2 minutes
                runs++;
                if (det.detect(w.toArray()).isPresent()) {
                    alarms++;
                }
            }
        }
        assertThat(runs).isGreaterThan(650);
        assertThat(alarms).isZero();
    }

    @Test
    void windowKeepsTheLatestSamplesInOrder() {
        LatencyWindow w = new LatencyWindow(3);
        for (int i = 1; i <= 5; i++) {
            w.add(i);
        }
        assertThat(w.toArray()).containsExactly(3, 4, 5);
        assertThat(w.size()).isEqualTo(3);
    }
}
