package io.maximus.hcl.models.failure.exhaustion;

/**
 * The outcome of one trend fit: either a usable upward trend with its time to exhaustion, or why there is none.
 *
 * @param usable whether the envelope gave a significant, consistent upward trend
 * @param reason why not, or {@code "trend"}
 * @param slopePerMinute slope of the lower envelope, metric units per minute
 * @param level the upper envelope now (fitted floor plus the typical swing above it)
 * @param minutesToExhaustion minutes until {@code level} reaches the ceiling at this slope (infinite if never)
 * @param evidence what the fit rests on
 */
public record TrendFit(
        boolean usable,
        String reason,
        double slopePerMinute,
        double level,
        double minutesToExhaustion,
        ExhaustionEvidence evidence) {

    static TrendFit rejected(String reason, ExhaustionEvidence evidence) {
        return new TrendFit(false, reason, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, evidence);
    }
}
