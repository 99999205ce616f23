package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static dev.switchboard.bus.Messages.seq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An executor that refuses a drain run: for the moment (a saturated pool, a full scheduler lane),
 * the messages stay buffered and the run is tried again with backoff; for good (a shut-down
 * executor service, or a plain executor throwing {@link RejectedExecutionException}), the
 * subscription closes and counts what it held.
 */
class ExecutorRefusalTest {
    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus =
            InProcessBus.builder().clock(clock).tickInterval(Duration.ZERO).build();

    /** Runs queued here while open; refused with a plain runtime exception while full. */
    private final ManualExecutor manual = new ManualExecutor();

    private boolean full = true;
    private int refusals;

    @AfterEach
    void close() {
        bus.close();
    }

    private void advance(Duration d) {
        clock.advance(d);
        bus.tick();
    }

    @Test
    void refusedForTheMoment_keepsTheMessages_andRetriesWithBackoff() {
        List<Integer> seen = new ArrayList<>();
        Subscription sub =
                bus.subscribe(
                        "refused.busy",
                        d -> seen.add(seq(d)),
                        SubscriptionOptions.builder()
                                .executor(
                                        task -> {
                                            if (full) {
                                                refusals++;
                                                throw new IllegalStateException("lane full");
                                            }
                                            manual.execute(task);
                                        })
                                .build());
        for (int i = 1; i <= 3; i++) {
            assertThat(bus.publish(msg(clock, "refused.busy", i)).delivered()).isEqualTo(1);
        }
        assertThat(refusals).isEqualTo(1);
        assertThat(sub.stats().pending()).isEqualTo(3);

        advance(Duration.ofMillis(1)); // first retry after 1 ms: refused again
        assertThat(refusals).isEqualTo(2);
        advance(Duration.ofMillis(1)); // the next one is 2 ms after that
        assertThat(refusals).isEqualTo(2);

        full = false;
        advance(Duration.ofMillis(1));
        manual.runAll();

        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(sub.isActive()).isTrue();
        assertThat(sub.stats().pending()).isZero();
        assertThat(sub.stats().droppedTotal()).isZero();
    }

    /** A handler for subscriptions whose runs never start. */
    private static MessageHandler neverCalled() {
        return d -> {
            throw new AssertionError("never called");
        };
    }

    /** Options with an executor that refuses every run by throwing {@code refusal}. */
    private static SubscriptionOptions refusing(RuntimeException refusal) {
        return SubscriptionOptions.builder()
                .executor(
                        task -> {
                            throw refusal;
                        })
                .build();
    }

    @Test
    void unsubscribe_whileWaitingToRetry_dropsAndCountsTheMessages() {
        Subscription sub =
                bus.subscribe(
                        "refused.closed",
                        neverCalled(),
                        refusing(new IllegalStateException("lane full")));
        bus.publish(msg(clock, "refused.closed", 1));
        bus.publish(msg(clock, "refused.closed", 2));

        sub.unsubscribe();

        assertThat(sub.stats().dropped(DropReason.UNSUBSCRIBED)).isEqualTo(2);
        assertThat(sub.stats().pending()).isZero();
        advance(Duration.ofSeconds(1)); // the scheduled retry finds nothing to do
        assertThat(sub.stats().dropped(DropReason.UNSUBSCRIBED)).isEqualTo(2);
    }

    @Test
    void shutDownExecutorService_closesTheSubscription_andCountsWhatItHeld() {
        ExecutorService gone = Executors.newSingleThreadExecutor();
        gone.shutdown();
        Subscription sub =
                bus.subscribe(
                        "refused.gone",
                        neverCalled(),
                        SubscriptionOptions.builder().executor(gone).build());

        assertThat(bus.publish(msg(clock, "refused.gone", 1)).delivered()).isEqualTo(1);

        assertThat(sub.isActive()).isFalse();
        assertThat(sub.stats().dropped(DropReason.UNSUBSCRIBED)).isEqualTo(1);
        assertThat(sub.stats().pending()).isZero();
        assertThat(bus.publish(msg(clock, "refused.gone", 2)).hasInterest())
                .as("detached from routing")
                .isFalse();
    }

    @Test
    void plainExecutorThrowingRejectedExecution_dropsAndCountsWhatWasAccepted() {
        Subscription sub =
                bus.subscribe(
                        "refused.rejected",
                        neverCalled(),
                        refusing(new RejectedExecutionException("gone")));

        PublishResult first = bus.publish(msg(clock, "refused.rejected", 1));
        PublishResult second = bus.publish(msg(clock, "refused.rejected", 2));

        assertThat(first.delivered()).isEqualTo(1);
        assertThat(second.delivered()).isZero();
        assertThat(sub.isActive()).isFalse();
        assertThat(sub.stats().dropped(DropReason.UNSUBSCRIBED)).isEqualTo(1);
        assertThat(sub.stats().pending()).isZero();
    }
}
