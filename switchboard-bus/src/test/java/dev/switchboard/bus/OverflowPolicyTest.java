package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static dev.switchboard.bus.Messages.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each overflow policy, on a buffer of two held behind a blocked handler: message 0 is in the
 * handler, 1 and 2 fill the buffer, 3 overflows.
 */
class OverflowPolicyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus = InProcessBus.builder().clock(clock).build();
    private final Gate gate = new Gate();

    @AfterEach
    void close() {
        bus.close();
    }

    private Subscription fill(SubscriptionOptions.Builder options) throws Exception {
        Subscription s = bus.subscribe("q", gate, options.capacity(2).build());
        bus.publish(msg(clock, "q", 0));
        gate.awaitHeld();
        assertThat(bus.publish(msg(clock, "q", 1)).delivered()).isEqualTo(1);
        assertThat(bus.publish(msg(clock, "q", 2)).delivered()).isEqualTo(1);
        return s;
    }

    @Test
    void dropNewest_refusesTheNewMessage() throws Exception {
        Subscription s = fill(SubscriptionOptions.builder().overflow(OverflowPolicy.DROP_NEWEST));

        assertThat(bus.publish(msg(clock, "q", 3))).isEqualTo(new PublishResult(1, 0, 1));
        gate.open();

        await().atMost(WAIT).until(() -> gate.seen.size() == 3);
        assertThat(gate.seen).containsExactly(0, 1, 2);
        assertThat(s.stats().dropped(DropReason.BUFFER_FULL)).isEqualTo(1);
    }

    @Test
    void dropOldest_evictsTheEarliestBuffered() throws Exception {
        Subscription s = fill(SubscriptionOptions.builder().overflow(OverflowPolicy.DROP_OLDEST));

        assertThat(bus.publish(msg(clock, "q", 3)).delivered()).isEqualTo(1);
        gate.open();

        await().atMost(WAIT).until(() -> gate.seen.size() == 3);
        assertThat(gate.seen).containsExactly(0, 2, 3);
        assertThat(s.stats().dropped(DropReason.EVICTED_OLDEST)).isEqualTo(1);
    }

    @Test
    void deadLetter_sendsTheNewMessageToTheDeadLetterSubject() throws Exception {
        List<Message> dead = new CopyOnWriteArrayList<>();
        bus.subscribe("$DLQ.q", d -> dead.add(d.message()));
        Subscription s = fill(SubscriptionOptions.builder().overflow(OverflowPolicy.DEAD_LETTER));

        assertThat(bus.publish(msg(clock, "q", 3)).dropped()).isEqualTo(1);

        await().atMost(WAIT).until(() -> dead.size() == 1);
        assertThat(seq(dead.get(0))).isEqualTo(3);
        assertThat(dead.get(0).header(DeadLetters.REASON)).contains("overflow");
        assertThat(s.stats().dropped(DropReason.OVERFLOW_DEAD_LETTERED)).isEqualTo(1);
        gate.open();
        await().atMost(WAIT).until(() -> gate.seen.size() == 3);
        assertThat(gate.seen).containsExactly(0, 1, 2);
    }

    @Test
    void block_timesOutOnTheBusClock() throws Exception {
        Subscription s = fill(SubscriptionOptions.builder().block(Duration.ofSeconds(30)));

        CompletableFuture<PublishResult> blocked =
                CompletableFuture.supplyAsync(() -> bus.publish(msg(clock, "q", 3)));
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> !blocked.isDone());
        clock.advance(Duration.ofSeconds(30));

        assertThat(blocked.get()).isEqualTo(new PublishResult(1, 0, 1));
        assertThat(s.stats().dropped(DropReason.BLOCK_TIMEOUT)).isEqualTo(1);
        gate.open();
    }

    @Test
    void block_resumesWhenRoomFrees() throws Exception {
        fill(SubscriptionOptions.builder().block(Duration.ofSeconds(30)));

        CompletableFuture<PublishResult> blocked =
                CompletableFuture.supplyAsync(() -> bus.publish(msg(clock, "q", 3)));
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> !blocked.isDone());
        gate.open();

        assertThat(blocked.get().delivered()).isEqualTo(1);
        await().atMost(WAIT).until(() -> gate.seen.size() == 4);
        assertThat(gate.seen).containsExactly(0, 1, 2, 3);
    }

    @Test
    void dropOldest_capacityAboveItsLimit_isRefusedWithTheReason() {
        SubscriptionOptions.Builder b =
                SubscriptionOptions.builder()
                        .overflow(OverflowPolicy.DROP_OLDEST)
                        .capacity(SubscriptionOptions.MAX_DROP_OLDEST_CAPACITY + 1);
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DROP_OLDEST")
                .hasMessageContaining("at most " + SubscriptionOptions.MAX_DROP_OLDEST_CAPACITY);
        assertThat(b.overflow(OverflowPolicy.DROP_NEWEST).build().capacity())
                .isEqualTo(SubscriptionOptions.MAX_DROP_OLDEST_CAPACITY + 1);
    }
}
