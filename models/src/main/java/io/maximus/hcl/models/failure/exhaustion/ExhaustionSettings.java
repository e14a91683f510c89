package io.maximus.hcl.models.failure.exhaustion;

import java.io.Serializable;
import java.util.List;

/**
 * How the exhaustion trend is judged; {@link #defaults()} holds the values the tests were written against.
 *
 * @param windowMinutes one-minute points kept per key and metric (the history the trend is fitted on)
 * @param minSpanMinutes the least history, first point to last, before any prediction
 * @param subWindowMinutes candidate sub-window lengths for the lower envelope, tried shortest first
 * @param minSubWindows the least number of usable sub-windows for a fit
 * @param minIncreasingFraction the least fraction of consecutive envelope minima that must increase
 * @param dropSigmas an envelope minimum below its predecessor by more than this many noise sigmas is a reset
 * @param dropFraction ... or by more than this fraction of the ceiling (whichever is larger)
 * @param minRiseFraction the fitted rise over the fitted span must be at least this fraction of the ceiling
 * @param minRiseToNoise ... and at least this many robust residual sigmas (goodness of fit)
 * @param horizonMinutes warn when the predicted time to exhaustion is at most this
 * @param raiseAfter consecutive minutes that must confirm before a warning is raised
 * @param clearAfter consecutive minutes that must disconfirm before a raised warning is cleared
 */
public record ExhaustionSettings(
        int windowMinutes,
        int minSpanMinutes,
        List<Integer> subWindowMinutes,
        int minSubWindows,
        double minIncreasingFraction,
        double dropSigmas,
        double dropFraction,
        double minRiseFraction,
        double minRiseToNoise,
        int horizonMinutes,
        int raiseAfter,
        int clearAfter)
        implements Serializable {

    /** Validates the settings. */
    public ExhaustionSettings {
        subWindowMinutes = List.copyOf(subWindowMinutes);
        if (windowMinutes < 10
                || minSpanMinutes < 5
                || minSpanMinutes > windowMinutes
                || minSubWindows < 3
                || subWindowMinutes.isEmpty()
                || raiseAfter < 1
                || clearAfter < 1
                || horizonMinutes < 1) {
            throw new IllegalArgumentException("invalid exhaustion settings: " + windowMinutes + "/" + minSpanMinutes
                    + "/" + subWindowMinutes + "/" + minSubWindows);
        }
    }

    /** Two hours of history, 45 minutes before a first prediction, a one-hour horizon, raise after 3, clear after 5. */
    public static ExhaustionSettings defaults() {
        return new ExhaustionSettings(120, 45, List.of(5, 10, 15, 20), 6, 0.6, 4.0, 0.01, 0.02, 4.0, 60, 3, 5);
    }

    /** These settings with another horizon. */
    public ExhaustionSettings withHorizonMinutes(int minutes) {
        return new ExhaustionSettings(
                windowMinutes,
                minSpanMinutes,
                subWindowMinutes,
                minSubWindows,
                minIncreasingFraction,
                dropSigmas,
                dropFraction,
                minRiseFraction,
                minRiseToNoise,
                minutes,
                raiseAfter,
                clearAfter);
    }

    /** These settings with another window (points kept per key and metric); the least span shrinks to fit. */
    public ExhaustionSettings withWindowMinutes(int minutes) {
        return new ExhaustionSettings(
                minutes,
                Math.min(minSpanMinutes, minutes),
                subWindowMinutes,
                minSubWindows,
                minIncreasingFraction,
                dropSigmas,
                dropFraction,
                minRiseFraction,
                minRiseToNoise,
                horizonMinutes,
                raiseAfter,
                clearAfter);
    }
}
