package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamClockTest {

    private static final long NOW = 1_790_000_000_000L;
    private static final long T0 = 1_772_409_600_000L;
    private static final long MIN = 60_000;

    private final StreamClock clock =
            new StreamClock(Duration.ofMinutes(10), Duration.ofDays(7), 3, Duration.ofMinutes(2));

    @Test
    void oneRecordInYear9999CannotMoveTheStream() {
        assertThat(clock.judge(T0, NOW)).isNull();
        assertThat(clock.judge(EventTimes.MAX_ACCEPTED, NOW)).contains("ahead of processing time");
        assertThat(clock.judge(T0 + 15_000, NOW)).isNull();
        assertThat(clock.high()).isEqualTo(T0 + 15_000);
    }

    @Test
    void aRecordAheadOfTheStreamButInThePastOfTheWallClockIsRefused() {
        assertThat(clock.judge(T0, NOW)).isNull();
        assertThat(clock.judge(T0 + 30L * 24 * 60 * MIN, NOW)).contains("jumps more than PT10M ahead");
        assertThat(clock.judge(T0 + 9 * MIN, NOW)).isNull();
        assertThat(clock.high()).isEqualTo(T0 + 9 * MIN);
    }

    @Test
    void aRealGapIsTakenOnceEnoughRecordsAgree() {
        assertThat(clock.judge(T0, NOW)).isNull();
        long after = T0 + 120 * MIN;
        for (int i = 0; i < StreamClock.JUMP_CONFIRMATIONS - 1; i++) {
            assertThat(clock.judge(after + i * 1000, NOW))
                    .as("record %d after the gap", i)
                    .isNotNull();
        }
        assertThat(clock.judge(after + 8000, NOW)).isNull();
        assertThat(clock.judge(after + 9000, NOW)).isNull();
    }

    @Test
    void recordsFarBehindTheStreamAreRefused() {
        assertThat(clock.judge(T0, NOW)).isNull();
        assertThat(clock.judge(T0 - 8L * 24 * 60 * MIN, NOW)).contains("behind the newest accepted event time");
        assertThat(clock.judge(T0 - 6L * 24 * 60 * MIN, NOW)).isNull();
        assertThat(clock.high()).isEqualTo(T0);
    }

    @Test
    void theFirstRecordIsJudgedAgainstTheWallClock() {
        assertThat(clock.judge(NOW + 11 * MIN, NOW)).contains("future");
        assertThat(clock.high()).isEqualTo(Long.MIN_VALUE);
        assertThat(clock.judge(NOW + 9 * MIN, NOW)).isNull();
    }

    @Test
    void identicalRecordsOfOneHostCannotConfirmAJumpOnceSeveralHostsAreKnown() {
        for (String h : new String[] {"a", "b", "c"}) {
            assertThat(clock.judge(h, T0, NOW)).isNull();
        }
        long far = T0 + 120 * MIN;
        for (int i = 0; i < 50; i++) {
            assertThat(clock.judge("hostile", far, NOW))
                    .as("identical record %d", i)
                    .contains("jumps");
        }
        assertThat(clock.high()).isEqualTo(T0);
        assertThat(clock.judge("a", T0 + 15_000, NOW)).isNull();
    }

    @Test
    void aJumpConfirmedByEnoughDistinctHostsIsTaken() {
        StreamClock two = new StreamClock(Duration.ofMinutes(10), Duration.ofDays(7), 2, Duration.ofMinutes(2));
        for (String h : new String[] {"a", "b", "c"}) {
            assertThat(two.judge(h, T0, NOW)).isNull();
        }
        long after = T0 + 120 * MIN;
        for (int i = 0; i < StreamClock.JUMP_CONFIRMATIONS - 1; i++) {
            assertThat(two.judge("a", after + i * 1000, NOW)).isNotNull();
        }
        assertThat(two.judge("a", after + 8000, NOW)).as("8 in a row, one host").isNotNull();
        assertThat(two.judge("b", after + 9000, NOW))
                .as("9 in a row, two hosts")
                .isNull();
        assertThat(two.high()).isEqualTo(after + 9000);
        assertThat(two.judge("c", after + 10_000, NOW)).isNull();
    }

    @Test
    void oneHostAheadOfTheOthersIsAcceptedButDoesNotMoveTheStream() {
        for (String h : new String[] {"a", "b", "c"}) {
            assertThat(clock.judge(h, T0, NOW)).isNull();
        }
        assertThat(clock.judge("skewed", T0 + 9 * MIN, NOW)).isNull();
        assertThat(clock.judge("skewed", T0 + 18 * MIN, NOW)).as("no ratchet").contains("jumps");
        assertThat(clock.high()).isEqualTo(T0);
        assertThat(clock.judge("other", T0 + 9 * MIN, NOW)).isNull();
        assertThat(clock.high()).as("two hosts ahead are not three").isEqualTo(T0);
        assertThat(clock.judge("third", T0 + 9 * MIN, NOW)).isNull();
        assertThat(clock.high()).as("three hosts agree").isEqualTo(T0 + 9 * MIN);
    }

    @Test
    void hostsSilentTooLongStopCounting() {
        for (String h : new String[] {"a", "b", "c"}) {
            assertThat(clock.judge(h, T0, NOW)).isNull();
        }
        long later = NOW + 3 * MIN; // a, b and c are silent for longer than the 2 min timeout
        assertThat(clock.judge("d", T0 + 5 * MIN, later)).isNull();
        assertThat(clock.high()).isEqualTo(T0 + 5 * MIN);
    }
}
