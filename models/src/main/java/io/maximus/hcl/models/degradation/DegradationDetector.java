package io.maximus.hcl.models.degradation;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The seed's degradation rule on top of PELT: in a window of a service's latency (for example the last 240 p99
 * samples at 15 s), a change point after which the mean latency is more than {@code threshold} (default 20%) above
 * the mean of the segment before it is a degradation, with severity {@code after/before - 1}.
 *
 * <p>The default is the RBF cost, as in the seed, with penalty {@code 3 log n} and a minimum segment of 8 points
 * (2 minutes at 15 s), so a change is visible 2 minutes after it happens. The RBF cost compares whole
 * distributions and ignores isolated spikes, which p99 latency is full of. The detector is stateless and
 * thread-safe per call; the per-key window is {@link LatencyWindow}.
 */
public final class DegradationDetector {

    private final Supplier<SegmentCost> costFactory;
    private final double penaltyPerLogN;
    private final int minSize;
    private final double threshold;

    /** The default detector: RBF cost, penalty 3·ln n, min segment 8 points, threshold +20%. */
    public DegradationDetector() {
        this(RbfCost::new, 3.0, 8, 0.20);
    }

    /**
     * A detector with the given cost, penalty factor (the penalty is {@code penaltyPerLogN * ln n}), minimum segment
     * length and relative-rise threshold.
     */
    public DegradationDetector(
            Supplier<SegmentCost> costFactory, double penaltyPerLogN, int minSize, double threshold) {
        this.costFactory = costFactory;
        this.penaltyPerLogN = penaltyPerLogN;
        this.minSize = minSize;
        this.threshold = threshold;
    }

    /** Change points of a window (start indices of the segments after the first). */
    public int[] changePoints(double[] window) {
        if (window.length < 2 * minSize) {
            return new int[0];
        }
        SegmentCost cost = costFactory.get().fit(window);
        double pen = penaltyPerLogN * Math.log(window.length);
        return new Pelt(pen, minSize).search(cost);
    }

    /**
     * The most recent degradation in the window, if any: the latest change point whose following segment's mean is
     * more than the threshold above the preceding segment's mean.
     */
    public Optional<Degradation> detect(double[] window) {
        int[] cps = changePoints(window);
        Degradation found = null;
        for (int i = 0; i < cps.length; i++) {
            int start = i == 0 ? 0 : cps[i - 1];
            int cp = cps[i];
            int end = i + 1 < cps.length ? cps[i + 1] : window.length;
            double before = mean(window, start, cp);
            double after = mean(window, cp, end);
            if (before > 0 && after > before * (1 + threshold)) {
                found = new Degradation(cp, window.length - cp, before, after, after / before - 1);
            }
        }
        return Optional.ofNullable(found);
    }

    private static double mean(double[] x, int a, int b) {
        double s = 0;
        for (int i = a; i < b; i++) {
            s += x[i];
        }
        return s / (b - a);
    }
}
