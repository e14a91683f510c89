package io.maximus.hcl.models.degradation;

/**
 * L2 (least-squares) segment cost: the sum of squared deviations from the segment mean, in O(1) per segment
 * through prefix sums of x and x². Detects changes in the mean.
 */
public final class L2Cost implements SegmentCost {

    private double[] sum = new double[1];
    private double[] sumSq = new double[1];
    private int n;

    @Override
    public L2Cost fit(double[] signal) {
        n = signal.length;
        sum = new double[n + 1];
        sumSq = new double[n + 1];
        // centre on the first value to keep the prefix sums well conditioned for large offsets (e.g. latency in µs)
        double c = n == 0 ? 0 : signal[0];
        for (int i = 0; i < n; i++) {
            double x = signal[i] - c;
            sum[i + 1] = sum[i] + x;
            sumSq[i + 1] = sumSq[i] + x * x;
        }
        return this;
    }

    @Override
    public double cost(int start, int end) {
        int len = end - start;
        if (len <= 0) {
            return 0;
        }
        double s = sum[end] - sum[start];
        double c = sumSq[end] - sumSq[start] - s * s / len;
        return Math.max(0, c);
    }

    @Override
    public int size() {
        return n;
    }
}
