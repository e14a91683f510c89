package io.maximus.hcl.models.failure.exhaustion;

import java.util.Locale;

/**
 * What a trend fit rests on.
 *
 * @param method how the trend was fitted
 * @param spanMinutes minutes of history the fit covered
 * @param subWindowMinutes the sub-window length whose minima formed the lower envelope (0 when none was usable)
 * @param points valid one-minute points in the window
 * @param subWindows envelope minima fitted
 * @param increasingFraction fraction of consecutive envelope minima that increased
 * @param residualSigma robust scale (1.4826 MAD) of the minima around the fitted line
 * @param amplitude median height of the upper envelope over the fitted floor (a sawtooth's swing, or noise)
 */
public record ExhaustionEvidence(
        String method,
        int spanMinutes,
        int subWindowMinutes,
        int points,
        int subWindows,
        double increasingFraction,
        double residualSigma,
        double amplitude) {

    /** The method every fit uses. */
    public static final String METHOD = "lower-envelope Theil-Sen";

    /** One line for an event or a log. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s over %d min (%d points), %d sub-window minima of %d min, %.0f%% increasing, residual sigma %.3g,"
                        + " swing %.3g",
                method,
                spanMinutes,
                points,
                subWindows,
                subWindowMinutes,
                100 * increasingFraction,
                residualSigma,
                amplitude);
    }
}
