package io.maximus.hcl.models.failure.exhaustion;

/**
 * A resource-exhaustion warning for one key and metric.
 *
 * @param phase raised, still holding, or cleared
 * @param key the key (host, or service/host)
 * @param metric the metric running out
 * @param timestamp the instant judged: the end of the newest complete minute, epoch ms
 * @param currentValue the latest value received
 * @param level the upper envelope now, the level the projection starts from
 * @param ceiling the level at which the resource is exhausted
 * @param slopePerMinute the trend of the lower envelope, units per minute
 * @param timeToExhaustionSeconds predicted seconds until exhaustion (-1 when cleared)
 * @param exhaustionAt predicted instant of exhaustion, epoch ms (-1 when cleared)
 * @param evidence what the prediction rests on
 */
public record ExhaustionWarning(
        Phase phase,
        String key,
        String metric,
        long timestamp,
        double currentValue,
        double level,
        double ceiling,
        double slopePerMinute,
        long timeToExhaustionSeconds,
        long exhaustionAt,
        ExhaustionEvidence evidence) {

    /** Where a warning is in its life. */
    public enum Phase {
        /** First minute the warning holds (after the confirmations). */
        RAISED,
        /** The warning still holds; the prediction is refreshed. */
        ONGOING,
        /** The warning no longer holds (after the disconfirmations). */
        CLEARED
    }
}
