package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request deadlines with a manual clock and hand-driven ticks: exact, no waiting at all. */
class RequestTimeoutTest {
    private final ManualClock clock = new ManualClock();
    private final InProcessBus bus =
            InProcessBus.builder().clock(clock).tickInterval(Duration.ZERO).build();

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void request_failsExactlyAtItsTimeout() {
        bus.subscribe("silent", d -> {});
        CompletableFuture<Message> f = bus.request(msg(clock, "silent"), Duration.ofMillis(500));

        clock.advance(Duration.ofMillis(499));
        bus.tick();
        assertThat(f).isNotDone();

        clock.advance(Duration.ofMillis(1));
        assertThat(bus.tick()).isEqualTo(1);
        assertThatThrownBy(f::join).hasCauseInstanceOf(RequestTimeoutException.class);
        assertThat(bus.pendingRequests()).isZero();
    }

    @Test
    void repliedRequest_isForgotten_andItsTimeoutDoesNothing() {
        bus.subscribe(
                "echo",
                d -> d.reply(d.message()),
                SubscriptionOptions.builder().callerThread().build());

        CompletableFuture<Message> f = bus.request(msg(clock, "echo"), Duration.ofMillis(500));

        assertThat(f).isCompleted();
        assertThat(bus.pendingRequests()).isZero();
        clock.advance(Duration.ofSeconds(1));
        bus.tick();
        assertThat(f).isCompletedWithValueMatching(m -> m.subject().startsWith("_INBOX."));
    }

    @Test
    void lateReply_afterTimeout_reachesNobody() {
        CompletableFuture<Delivery> held = new CompletableFuture<>();
        bus.subscribe("slow", held::complete, SubscriptionOptions.builder().callerThread().build());
        CompletableFuture<Message> f = bus.request(msg(clock, "slow"), Duration.ofMillis(10));
        clock.advance(Duration.ofMillis(10));
        bus.tick();

        Delivery d = held.join();
        PublishResult late = d.reply(d.replyBuilder().build());

        assertThat(late.hasInterest()).isFalse();
        assertThat(f).isCompletedExceptionally();
    }

    @Test
    void cancelledRequest_isForgotten() {
        bus.subscribe("silent", d -> {});
        CompletableFuture<Message> f = bus.request(msg(clock, "silent"), Duration.ofMinutes(1));
        assertThat(bus.pendingRequests()).isOne();

        f.cancel(false);

        assertThat(bus.pendingRequests()).isZero();
    }

    @Test
    void requestAll_withNoResponders_failsAtOnce() {
        CompletableFuture<List<Message>> f =
                bus.requestAll(msg(clock, "void"), 3, Duration.ofSeconds(1));

        assertThatThrownBy(f::join).hasCauseInstanceOf(NoRespondersException.class);
    }
}
