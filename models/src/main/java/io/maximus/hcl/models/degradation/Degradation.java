package io.maximus.hcl.models.degradation;

/**
 * A detected latency degradation: a change point in a window after which the mean rose by more than the threshold.
 *
 * @param changeIndex index in the window of the first point after the change
 * @param pointsSinceChange how many points of the window follow the change (how long ago it happened)
 * @param meanBefore mean of the segment before the change
 * @param meanAfter mean of the segment after the change
 * @param severity relative rise, {@code meanAfter / meanBefore - 1} (0.45 = +45%)
 */
public record Degradation(
        int changeIndex, int pointsSinceChange, double meanBefore, double meanAfter, double severity) {}
