package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockTest {

    @Test
    void systemCoarseTime_neverRunsAheadOfNanoTime_andAdvances() {
        Clock clock = Clock.system();
        long first = clock.coarseNanoTime();
        assertThat(first).isLessThanOrEqualTo(clock.nanoTime());
        long exactThen = clock.nanoTime();
        // The ticker refreshes every half millisecond: wait for a reading newer than exactThen.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> clock.coarseNanoTime() - exactThen > 0);
        assertThat(clock.coarseNanoTime()).isLessThanOrEqualTo(clock.nanoTime());
    }

    @Test
    void manualClock_isExactForCoarseReadings_andOnlyMovesForward() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        clock.advance(Duration.ofMillis(3));
        assertThat(clock.coarseNanoTime()).isEqualTo(clock.nanoTime()).isEqualTo(3_000_000L);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00.003Z"));
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
