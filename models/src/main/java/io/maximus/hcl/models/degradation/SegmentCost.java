package io.maximus.hcl.models.degradation;

/**
 * Cost of a segment of a fitted signal, used by change-point search.
 *
 * <p>A cost is fitted once on a whole signal and then answers {@code cost(a, b)} for the half-open segment
 * {@code [a, b)} in O(1). Costs used with {@link Pelt} must be sub-additive in the sense of Killick et al. (2012):
 * {@code cost(a, c) >= cost(a, b) + cost(b, c)} for every {@code a < b < c}, which holds for both the L2 and the
 * RBF-kernel cost (both are within-segment sums of squares, in the input space and in the kernel feature space).
 */
public interface SegmentCost {

    /** Fits the cost to a signal (precomputes prefix sums); returns {@code this}. */
    SegmentCost fit(double[] signal);

    /** Cost of the half-open segment {@code [start, end)} of the fitted signal. */
    double cost(int start, int end);

    /** Length of the fitted signal. */
    int size();
}
