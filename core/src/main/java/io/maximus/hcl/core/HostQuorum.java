package io.maximus.hcl.core;

import java.util.HashMap;
import java.util.Map;

/**
 * How far event time has reached by the word of at least {@code n} distinct hosts: the {@code n}-th most advanced
 * host's newest event time, so fewer than {@code n} hosts (a clock-skewed host, a hostile producer) cannot move it.
 * While fewer than {@code n} hosts are known it is the least advanced of them (a single-host stream moves it alone).
 * A host silent for longer than the timeout (processing time) no longer counts, so a fleet that shrinks is not held
 * back by the hosts it lost. Never goes back; keeps at most {@code n} hosts (exact: a host left out is never ahead of
 * the {@code n} kept). Not thread-safe.
 */
public final class HostQuorum {

    /** {@link #time()} before any host has been seen. */
    public static final long NONE = Long.MIN_VALUE;

    private final int n;
    private final long timeoutMillis;
    private final Map<String, long[]> top = new HashMap<>(); // host -> {newest event time, last seen (processing)}
    private long time = NONE;

    /** A quorum of {@code n} hosts (at least 1); a host silent for {@code timeoutMillis} stops counting. */
    public HostQuorum(int n, long timeoutMillis) {
        if (n < 1) {
            throw new IllegalArgumentException("the quorum needs at least one host, got " + n);
        }
        this.n = n;
        this.timeoutMillis = timeoutMillis;
    }

    /** Records that {@code host} has reached {@code eventTime} at processing time {@code now}. */
    public void observe(String host, long eventTime, long now) {
        String key = host == null ? "" : host;
        expire(now);
        long[] e = top.get(key);
        if (e != null) {
            e[0] = Math.max(e[0], eventTime);
            e[1] = now;
        } else if (top.size() < n) {
            top.put(key, new long[] {eventTime, now});
        } else {
            String least = leastAdvanced();
            if (eventTime > top.get(least)[0]) {
                top.remove(least);
                top.put(key, new long[] {eventTime, now});
            }
        }
        advance();
    }

    /** The quorum's event time at processing time {@code now} (hosts silent too long dropped first). */
    public long time(long now) {
        if (expire(now)) {
            advance();
        }
        return time;
    }

    /** The quorum's event time as of the last call. */
    public long time() {
        return time;
    }

    /** Distinct hosts counting now (at most {@code n}). */
    public int hosts() {
        return top.size();
    }

    /** The number of hosts that make a quorum. */
    public int size() {
        return n;
    }

    private void advance() {
        if (!top.isEmpty()) {
            time = Math.max(time, top.get(leastAdvanced())[0]);
        }
    }

    private boolean expire(long now) {
        return top.values().removeIf(e -> now - e[1] > timeoutMillis);
    }

    private String leastAdvanced() {
        String least = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : top.entrySet()) {
            if (least == null || e.getValue()[0] < min) {
                least = e.getKey();
                min = e.getValue()[0];
            }
        }
        return least;
    }
}
