package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static dev.switchboard.bus.Messages.seq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One drain run handles everything buffered before it. These tests pin what must hold for the
 * messages behind the one being handled: a retry backoff keeps them in order behind the retried
 * one, and an unsubscribe from inside the run drops and counts them.
 */
class DrainRunTest {
    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus =
            InProcessBus.builder().clock(clock).tickInterval(Duration.ZERO).build();

    private final ManualExecutor manual = new ManualExecutor();

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void retryBackoff_keepsTheMessagesBehindInOrder() {
        List<Integer> seen = new ArrayList<>();
        boolean[] failedOnce = {false};
        Subscription sub =
                bus.subscribe(
                        "batch.retry",
                        d -> {
                            int n = seq(d);
                            seen.add(n);
                            if (n == 3 && !failedOnce[0]) {
                                failedOnce[0] = true;
                                throw new IllegalStateException("transient");
                            }
                        },
                        SubscriptionOptions.builder()
                                .executor(manual)
                                .retry(
                                        new RetryPolicy(
                                                2,
                                                Duration.ofMillis(100),
                                                Duration.ofSeconds(1),
                                                2.0,
                                                0.0))
                                .build());
        for (int i = 1; i <= 10; i++) {
            bus.publish(msg(clock, "batch.retry", i));
        }
        manual.runAll(); // one run handles 1-3; message 3 fails and parks the run
        assertThat(seen).containsExactly(1, 2, 3);

        bus.publish(msg(clock, "batch.retry", 11)); // arrives while parked: goes after the rest
        clock.advance(Duration.ofMillis(100));
        bus.tick();
        manual.runAll();

        assertThat(seen).containsExactly(1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(sub.stats().delivered()).isEqualTo(11);
        assertThat(sub.stats().pending()).isZero();
    }

    @Test
    void unsubscribe_fromInsideTheRun_dropsAndCountsTheRest() {
        List<Integer> seen = new ArrayList<>();
        Subscription[] self = new Subscription[1];
        self[0] =
                bus.subscribe(
                        "batch.close",
                        d -> {
                            seen.add(seq(d));
                            if (seq(d) == 2) {
                                self[0].unsubscribe(); // from inside the batch
                            }
                        },
                        SubscriptionOptions.builder().executor(manual).build());
        for (int i = 1; i <= 10; i++) {
            bus.publish(msg(clock, "batch.close", i));
        }
        manual.runAll();

        assertThat(seen).containsExactly(1, 2);
        SubscriptionStats stats = self[0].stats();
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.dropped(DropReason.UNSUBSCRIBED)).isEqualTo(8);
        assertThat(stats.pending()).isZero();
    }
}
