package io.maximus.hcl.core;

import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds a telemetry record must respect to be accepted (see {@link TelemetryParser}); the job maps its
 * {@code input.*} options onto this.
 *
 * <p>Defaults ({@link #DEFAULTS}): event time at most 10 minutes ahead of and at most 7 days behind the reference
 * time the caller supplies (processing time or a watermark; no window when it supplies none); at most 512 metrics and
 * 64 labels per record; a record of at most 1 MiB (1,048,576 chars); raw text in a dead letter cut to 64 KiB of
 * UTF-8; percentages within 0..100 give or take 1 point; every other value within ±1e15 (counts, latencies, rates and
 * bytes also non-negative; see {@link MetricFamily}). The fixed rules (event time within
 * {@link EventTimes#MIN_ACCEPTED}..{@link EventTimes#MAX_ACCEPTED}, the name character sets and lengths, label values
 * of at most 256 chars without control characters) are in {@link TelemetryInvariants}.
 *
 * @param maxFutureSkew how far event time may be ahead of the reference time (input.max-future-skew)
 * @param maxLateness how far event time may be behind the reference time (input.max-lateness)
 * @param maxMetrics most metrics in one record
 * @param maxLabels most labels in one record
 * @param maxRecordChars longest record parsed at all; a longer one is dead-lettered unread
 * @param maxDeadLetterBytes most UTF-8 bytes of the raw record kept in a dead letter
 * @param percentTolerance how far outside 0..100 a percentage may be (rounding, rate jitter)
 * @param maxAbsValue largest magnitude of any metric value
 */
public record InputBounds(
        Duration maxFutureSkew,
        Duration maxLateness,
        int maxMetrics,
        int maxLabels,
        int maxRecordChars,
        int maxDeadLetterBytes,
        double percentTolerance,
        double maxAbsValue)
        implements Serializable {

    /** Longest window either way: longer than the whole accepted event-time range. */
    private static final Duration LONGEST = Duration.ofDays(3_700_000);

    /** The defaults listed above. */
    public static final InputBounds DEFAULTS =
            new InputBounds(Duration.ofMinutes(10), Duration.ofDays(7), 512, 64, 1 << 20, 64 * 1024, 1.0, 1e15);

    /** Reference time meaning "no reference": the window check is skipped (history, training data). */
    public static final long NO_REFERENCE = Long.MIN_VALUE;

    private static final long serialVersionUID = 1L;

    /** Checks that every bound is usable. */
    public InputBounds {
        if (maxFutureSkew == null || maxFutureSkew.isNegative() || maxLateness == null || maxLateness.isNegative()) {
            throw new IllegalArgumentException("max future skew and max lateness must be durations >= 0");
        }
        if (maxFutureSkew.compareTo(LONGEST) > 0 || maxLateness.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("max future skew and max lateness must be at most " + LONGEST);
        }
        if (maxMetrics < 1 || maxLabels < 0 || maxRecordChars < 2 || maxDeadLetterBytes < 16) {
            throw new IllegalArgumentException("metric, label, record and dead-letter limits must be positive");
        }
        if (!(percentTolerance >= 0 && percentTolerance < 100)
                || !(maxAbsValue > 0)
                || Double.isInfinite(maxAbsValue)) {
            throw new IllegalArgumentException("percent tolerance must be in [0, 100) and max value finite and > 0");
        }
    }

    /** These bounds with another event-time window. */
    public InputBounds withWindow(Duration futureSkew, Duration lateness) {
        return new InputBounds(
                futureSkew,
                lateness,
                maxMetrics,
                maxLabels,
                maxRecordChars,
                maxDeadLetterBytes,
                percentTolerance,
                maxAbsValue);
    }

    /**
     * Why {@code eventTime} is outside the window around {@code reference}, or null when it is inside (or when
     * {@code reference} is {@link #NO_REFERENCE}).
     */
    public String windowViolation(long eventTime, long reference) {
        if (reference == NO_REFERENCE) {
            return null;
        }
        if (eventTime > saturatedAdd(reference, maxFutureSkew.toMillis())) {
            return "timestamp too far in the future (more than " + maxFutureSkew + " ahead of the reference time)";
        }
        if (eventTime < saturatedAdd(reference, -maxLateness.toMillis())) {
            return "timestamp too far in the past (more than " + maxLateness + " behind the reference time)";
        }
        return null;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
