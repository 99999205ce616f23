package dev.switchboard.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final long MS = 1_000_000L;

    @Test
    void backoff_growsByTheMultiplier_andIsCapped() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(500), 2, 0);
        Random r = new Random(1);

        assertThat(p.backoffNanos(1, r)).isEqualTo(100 * MS);
        assertThat(p.backoffNanos(2, r)).isEqualTo(200 * MS);
        assertThat(p.backoffNanos(3, r)).isEqualTo(400 * MS);
        assertThat(p.backoffNanos(4, r)).isEqualTo(500 * MS);
        assertThat(p.backoffNanos(60, r)).isEqualTo(500 * MS);
    }

    @Test
    void jitter_takesAtMostItsFraction_andVaries() {
        RetryPolicy p =
                new RetryPolicy(5, Duration.ofMillis(1_000), Duration.ofSeconds(10), 2, 0.5);
        Random r = new Random(42);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1_000; i++) {
            long b = p.backoffNanos(1, r);
            assertThat(b).isBetween(500 * MS, 1_000 * MS);
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        assertThat(max - min).isGreaterThan(400 * MS);
    }

    @Test
    void invalidPolicies_areRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new RetryPolicy(
                                        2, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 1, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
