package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static dev.switchboard.bus.Messages.seq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries wait out their backoff on the bus clock, then the message is dead-lettered. The bus has
 * no timer thread here and handlers run on the caller, so each {@link InProcessBus#tick()} runs the
 * due retry right here: every step is deterministic.
 */
class RetryAndDeadLetterTest {
    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus =
            InProcessBus.builder().clock(clock).tickInterval(Duration.ZERO).build();
    private final List<Message> dead = new ArrayList<>();

    private static final RetryPolicy THREE_TRIES =
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.0);

    RetryAndDeadLetterTest() {
        bus.subscribe(
                "$DLQ.>",
                d -> dead.add(d.message()),
                SubscriptionOptions.builder().callerThread().build());
    }

    @AfterEach
    void close() {
        bus.close();
    }

    private static SubscriptionOptions retrying() {
        return SubscriptionOptions.builder().callerThread().retry(THREE_TRIES).build();
    }

    @Test
    void failingHandler_isRetriedAfterExponentialBackoff_thenDeadLettered() {
        AtomicInteger calls = new AtomicInteger();
        Subscription s =
                bus.subscribe(
                        "jobs.email",
                        d -> {
                            calls.incrementAndGet();
                            throw new IllegalArgumentException("bad address #" + d.attempt());
                        },
                        retrying());

        bus.publish(msg(clock, "jobs.email", 7));
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofMillis(99));
        bus.tick();
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        bus.tick();
        assertThat(calls).hasValue(2);

        clock.advance(Duration.ofMillis(199)); // the second wait is doubled
        bus.tick();
        assertThat(calls).hasValue(2);
        assertThat(dead).isEmpty();
        clock.advance(Duration.ofMillis(1));
        bus.tick();
        assertThat(calls).hasValue(3);

        assertThat(dead).hasSize(1);
        Message letter = dead.get(0);
        assertThat(letter.subject()).isEqualTo("$DLQ.jobs.email");
        assertThat(letter.header(DeadLetters.ATTEMPTS)).contains("3");
        assertThat(letter.header(DeadLetters.ERROR_MESSAGE)).contains("bad address #3");
        assertThat(letter.header(DeadLetters.REASON)).contains("handler-failed");
        assertThat(s.stats().failedAttempts()).isEqualTo(3);
        assertThat(s.stats().dropped(DropReason.HANDLER_FAILED)).isEqualTo(1);
        assertThat(s.stats().pending()).isZero();
    }

    @Test
    void handlerSucceedingOnRetry_isDelivered_andLaterMessagesWaitTheirTurn() {
        List<Integer> handled = new ArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        Subscription s =
                bus.subscribe(
                        "jobs",
                        d -> {
                            if (seq(d) == 1 && failedOnce.compareAndSet(false, true)) {
                                throw new IllegalStateException("transient");
                            }
                            handled.add(seq(d));
                        },
                        retrying());

        bus.publish(msg(clock, "jobs", 1));
        bus.publish(msg(clock, "jobs", 2)); // waits behind the retry of 1
        assertThat(handled).isEmpty();

        clock.advance(Duration.ofMillis(100));
        bus.tick();

        assertThat(handled).containsExactly(1, 2);
        assertThat(dead).isEmpty();
        assertThat(s.stats().delivered()).isEqualTo(2);
        assertThat(s.stats().failedAttempts()).isEqualTo(1);
    }

    @Test
    void deadLetter_canBeReplayedToItsOriginalSubject() {
        AtomicBoolean broken = new AtomicBoolean(true);
        List<Message> handled = new ArrayList<>();
        bus.subscribe(
                "jobs.pdf",
                d -> {
                    if (broken.get()) {
                        throw new IllegalStateException("renderer down");
                    }
                    handled.add(d.message());
                },
                SubscriptionOptions.builder().callerThread().build());
        Message original =
                Message.builder("jobs.pdf").clock(clock).header("doc", "invoice-9").build();
        bus.publish(original);
        assertThat(dead).hasSize(1);

        broken.set(false);
        PublishResult replayed = DeadLetters.replay(bus, dead.get(0));

        assertThat(replayed.delivered()).isEqualTo(1);
        assertThat(handled).hasSize(1);
        Message again = handled.get(0);
        assertThat(again.id()).isEqualTo(original.id());
        assertThat(again.subject()).isEqualTo("jobs.pdf");
        assertThat(again.headers()).isEqualTo(original.headers());
    }

    @Test
    void customDeadLetterSubject_isUsed() {
        bus.subscribe(
                "jobs.x",
                d -> {
                    throw new IllegalStateException("no");
                },
                SubscriptionOptions.builder()
                        .callerThread()
                        .deadLetterSubject("$DLQ.custom")
                        .build());

        bus.publish(msg(clock, "jobs.x"));

        assertThat(dead).extracting(Message::subject).containsExactly("$DLQ.custom");
    }

    @Test
    void unsubscribeDuringBackoff_dropsTheRetry() {
        AtomicInteger calls = new AtomicInteger();
        Subscription s =
                bus.subscribe(
                        "jobs",
                        d -> {
                            calls.incrementAndGet();
                            throw new IllegalStateException("down");
                        },
                        retrying());
        bus.publish(msg(clock, "jobs"));

        s.unsubscribe();
        clock.advance(Duration.ofSeconds(1));
        bus.tick();

        assertThat(calls).hasValue(1);
        assertThat(s.stats().dropped(DropReason.UNSUBSCRIBED)).isEqualTo(1);
        assertThat(dead).isEmpty();
    }
}
