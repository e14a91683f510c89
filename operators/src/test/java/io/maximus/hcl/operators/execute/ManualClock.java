package io.maximus.hcl.operators.execute;

import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it, for the execute operators' processing-time stamps. */
final class ManualClock extends Clock implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final AtomicLong millis;

    /** A clock showing {@code millis} (epoch milliseconds). */
    ManualClock(long millis) {
        this.millis = new AtomicLong(millis);
    }

    /** Moves the clock forward. */
    void advance(long deltaMillis) {
        millis.addAndGet(deltaMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
