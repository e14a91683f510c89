package io.maximus.hcl.core;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The event-time reference of a stream that may be history (replay) or live: judges each accepted record's event time
 * so that no single record, and no host alone, can move event time far ahead (and blind the window operators behind
 * it) or drag stale records in.
 *
 * <p>The rule, for a record from {@code host} at event time {@code t} with processing time {@code now}, {@code high}
 * the stream's event time, {@code skew} = {@code input.max-future-skew}, {@code lateness} = {@code input.max-lateness}
 * and {@code n} = {@code input.confirming-hosts}:
 * <ol>
 *   <li>{@code t > now + skew}: rejected, ahead of the wall clock (history cannot be in the future either);
 *   <li>the first record starts the stream ({@code high = t});
 *   <li>{@code t < high - lateness}: rejected, too far behind the stream;
 *   <li>{@code t <= high + skew}: accepted; {@code high} moves to the newest event time reached by {@code n} distinct
 *       hosts ({@link HostQuorum}; while fewer hosts are known, by all of them), never back: a record ahead of the
 *       others is accepted but moves neither {@code high} nor, with the same quorum, the watermark;
 *   <li>otherwise the record jumps ahead of the stream and is rejected, unless it is the
 *       {@value #JUMP_CONFIRMATIONS}th record in a row (no record accepted in between) that jumps to within
 *       {@code skew} of the first of them and those records come from at least {@code n} distinct hosts (or all the
 *       hosts known, if fewer): then the jump is real (a gap in the history, a fleet back after an outage), this
 *       record is accepted and {@code high = t}. Identical records from one host cannot confirm a jump.
 * </ol>
 * A host silent for longer than {@code input.host-timeout} (processing time) stops counting. Not thread-safe; one per
 * parallel parse task, not checkpointed (after a restart the stream starts again).
 */
public final class StreamClock {

    /** Records in a row that must agree on a jump ahead of the stream before it is taken. */
    public static final int JUMP_CONFIRMATIONS = 8;

    /**
     * Distinct hosts that must agree before event time moves, unless configured ({@code input.confirming-hosts}): 1,
     * the newest-record rule. More protects against a skewed or hostile host but holds event time at the least
     * advanced of the known hosts when hosts stop reporting, until {@code input.host-timeout} of processing time has
     * passed (never, in a replay of history that runs faster than that).
     */
    public static final int DEFAULT_CONFIRMING_HOSTS = 1;

    /** How long a silent host still counts, unless configured ({@code input.host-timeout}). */
    public static final Duration DEFAULT_HOST_TIMEOUT = Duration.ofMinutes(2);

    private static final long NONE = Long.MIN_VALUE;

    private final long skew;
    private final long lateness;
    private final String skewText;
    private final String latenessText;
    private final HostQuorum quorum;
    private final Set<String> jumpHosts = new HashSet<>();
    private long high = NONE;
    private long jumpStart = NONE;
    private int jumpCount;

    /** A clock with the window of {@code bounds} and the default quorum. */
    public StreamClock(InputBounds bounds) {
        this(bounds.maxFutureSkew(), bounds.maxLateness());
    }

    /** A clock with this window and the default quorum. */
    public StreamClock(Duration maxFutureSkew, Duration maxLateness) {
        this(maxFutureSkew, maxLateness, DEFAULT_CONFIRMING_HOSTS, DEFAULT_HOST_TIMEOUT);
    }

    /** A clock with the window of {@code bounds}, {@code confirmingHosts} and {@code hostTimeout}. */
    public StreamClock(InputBounds bounds, int confirmingHosts, Duration hostTimeout) {
        this(bounds.maxFutureSkew(), bounds.maxLateness(), confirmingHosts, hostTimeout);
    }

    /** A clock with this window; event time moves on the word of {@code confirmingHosts} distinct hosts. */
    public StreamClock(Duration maxFutureSkew, Duration maxLateness, int confirmingHosts, Duration hostTimeout) {
        this.skew = maxFutureSkew.toMillis();
        this.lateness = maxLateness.toMillis();
        this.skewText = maxFutureSkew.toString();
        this.latenessText = maxLateness.toString();
        this.quorum = new HostQuorum(confirmingHosts, hostTimeout.toMillis());
    }

    /**
     * Why a record of {@code host} at {@code eventTime} is refused at processing time {@code now}, or null when it is
     * accepted.
     */
    public String judge(String host, long eventTime, long now) {
        String key = host == null ? "" : host;
        if (eventTime > sat(now, skew)) {
            return "timestamp too far in the future (more than " + skewText + " ahead of processing time)";
        }
        if (high == NONE) {
            return accept(key, eventTime, now);
        }
        if (eventTime < sat(high, -lateness)) {
            return "timestamp too far in the past (more than " + latenessText
                    + " behind the newest accepted event time)";
        }
        if (eventTime <= sat(high, skew)) {
            return accept(key, eventTime, now);
        }
        if (jumpCount > 0 && Math.abs(eventTime - jumpStart) <= skew) {
            jumpCount++;
        } else {
            jumpStart = eventTime;
            jumpCount = 1;
            jumpHosts.clear();
        }
        jumpHosts.add(key);
        quorum.time(now); // hosts silent too long stop counting
        int hostsNeeded = Math.max(1, quorum.hosts()); // n, or all the hosts known if fewer
        if (jumpCount >= JUMP_CONFIRMATIONS && jumpHosts.size() >= hostsNeeded) {
            high = eventTime;
            return accept(key, eventTime, now);
        }
        return "timestamp jumps more than " + skewText + " ahead of the newest accepted event time (a jump is taken"
                + " once " + JUMP_CONFIRMATIONS + " records in a row from " + quorum.size()
                + " distinct hosts agree on it)";
    }

    /** Why a record at {@code eventTime} of an unnamed host is refused at {@code now}, or null when accepted. */
    public String judge(long eventTime, long now) {
        return judge("", eventTime, now);
    }

    /** The stream's event time (what the window is measured from), or {@link Long#MIN_VALUE} before the first. */
    public long high() {
        return high;
    }

    private String accept(String host, long eventTime, long now) {
        jumpCount = 0;
        jumpHosts.clear();
        quorum.observe(host, eventTime, now);
        high = Math.max(high, quorum.time());
        return null;
    }

    private static long sat(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
