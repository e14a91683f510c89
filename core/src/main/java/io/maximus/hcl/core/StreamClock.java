package io.maximus.hcl.core;

import java.time.Duration;

/**
 * The event-time reference of a stream that may be history (replay) or live: judges each accepted record's event time
 * so that no single record can move event time far ahead (and blind the window operators behind it) or drag stale
 * records in.
 *
 * <p>The rule, for a record at event time {@code t} with processing time {@code now}, {@code high} the newest event
 * time accepted so far, {@code skew} = {@code input.max-future-skew} and {@code lateness} = {@code input.max-lateness}:
 * <ol>
 *   <li>{@code t > now + skew}: rejected, ahead of the wall clock (history cannot be in the future either);
 *   <li>the first record starts the stream ({@code high = t});
 *   <li>{@code t < high - lateness}: rejected, too far behind the stream;
 *   <li>{@code t <= high + skew}: accepted ({@code high = max(high, t)});
 *   <li>otherwise the record jumps ahead of the stream and is rejected, unless it is the
 *       {@value #JUMP_CONFIRMATIONS}th record in a row (no record accepted in between) that jumps to within
 *       {@code skew} of the first of them: then the jump is real (a gap in the history, a collector back after an
 *       outage), this record is accepted and {@code high = t}.
 * </ol>
 * Not thread-safe; one per parallel parse task, not checkpointed (after a restart the stream starts again).
 */
public final class StreamClock {

    /** Records in a row that must agree on a jump ahead of the stream before it is taken. */
    public static final int JUMP_CONFIRMATIONS = 8;

    private static final long NONE = Long.MIN_VALUE;

    private final long skew;
    private final long lateness;
    private final String skewText;
    private final String latenessText;
    private long high = NONE;
    private long jumpStart = NONE;
    private int jumpCount;

    /** A clock with the window of {@code bounds}. */
    public StreamClock(InputBounds bounds) {
        this(bounds.maxFutureSkew(), bounds.maxLateness());
    }

    /** A clock with this window. */
    public StreamClock(Duration maxFutureSkew, Duration maxLateness) {
        this.skew = maxFutureSkew.toMillis();
        this.lateness = maxLateness.toMillis();
        this.skewText = maxFutureSkew.toString();
        this.latenessText = maxLateness.toString();
    }

    /** Why a record at {@code eventTime} is refused at processing time {@code now}, or null when it is accepted. */
    public String judge(long eventTime, long now) {
        if (eventTime > sat(now, skew)) {
            return "timestamp too far in the future (more than " + skewText + " ahead of processing time)";
        }
        if (high == NONE) {
            high = eventTime;
            return null;
        }
        if (eventTime < sat(high, -lateness)) {
            return "timestamp too far in the past (more than " + latenessText
                    + " behind the newest accepted event time)";
        }
        if (eventTime <= sat(high, skew)) {
            high = Math.max(high, eventTime);
            jumpCount = 0;
            return null;
        }
        if (jumpCount > 0 && Math.abs(eventTime - jumpStart) <= skew) {
            jumpCount++;
        } else {
            jumpStart = eventTime;
            jumpCount = 1;
        }
        if (jumpCount >= JUMP_CONFIRMATIONS) {
            high = eventTime;
            jumpCount = 0;
            return null;
        }
        return "timestamp jumps more than " + skewText + " ahead of the newest accepted event time (a jump is taken"
                + " once " + JUMP_CONFIRMATIONS + " records in a row agree on it)";
    }

    /** The newest accepted event time, or {@link Long#MIN_VALUE} before the first. */
    public long high() {
        return high;
    }

    private static long sat(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
