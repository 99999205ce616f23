package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static dev.switchboard.bus.Messages.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageBus} must do. A subclass per implementation supplies {@link #createBus};
 * the bus must read time from the given clock and notice an advanced clock by itself (these tests
 * never tick it by hand).
 *
 * <p>A bus over the network cannot know at publish time how many subscriptions a message reached,
 * nor learn synchronously that nobody listens; it overrides {@link #knowsDeliveryCountsAtPublish()}
 * and {@link #settle()}, and the assertions that only an in-process bus can satisfy are then
 * replaced by what can be observed asynchronously. Every assertion stays as it was for a bus that
 * keeps the default.
 */
public abstract class MessageBusContractTest {
    protected static final Duration WAIT = Duration.ofSeconds(5);

    protected final ManualClock clock = new ManualClock();
    protected MessageBus bus;

    /** For subclasses. */
    protected MessageBusContractTest() {}

    /**
     * @param clock the clock the bus must use for timeouts and TTLs
     * @return a fresh, running bus
     */
    protected abstract MessageBus createBus(ManualClock clock);

    /**
     * @return whether {@link MessageBus#publish} returns exact matched/delivered/dropped counts and
     *     "no interest" synchronously, expired messages are counted at publish, and a request to
     *     nobody fails before {@code request} returns (in process: yes; over a network: no)
     */
    protected boolean knowsDeliveryCountsAtPublish() {
        return true;
    }

    /**
     * Waits until what the test published (and the replies its handlers published) has reached the
     * subscriptions. In process there is nothing in flight; a networked bus flushes its connection.
     */
    protected void settle() {}

    @BeforeEach
    void startBus() {
        bus = createBus(clock);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void publish_toMatchingSubscriber_deliversTheMessage() {
        List<Message> got = new CopyOnWriteArrayList<>();
        bus.subscribe("orders.*", d -> got.add(d.message()));
        Message m = msg(clock, "orders.new");

        PublishResult result = bus.publish(m);

        if (knowsDeliveryCountsAtPublish()) {
            assertThat(result).isEqualTo(new PublishResult(1, 1, 0));
        }
        await().atMost(WAIT).until(() -> got.size() == 1);
        assertThat(got).containsExactly(m);
    }

    @Test
    void publish_withNoSubscriber_reportsNoInterest() {
        List<Message> got = new CopyOnWriteArrayList<>();
        bus.subscribe("orders.*", d -> got.add(d.message()));

        PublishResult result = bus.publish(msg(clock, "payments.new"));

        if (knowsDeliveryCountsAtPublish()) {
            assertThat(result.hasInterest()).isFalse();
            assertThat(result).isEqualTo(PublishResult.NO_INTEREST);
        } else {
            // Interest is unknowable at publish time; what must hold is that nobody got it.
            settle();
            assertThat(got).isEmpty();
        }
    }

    @Test
    void wildcards_followTheSubjectRules() {
        List<String> got = new CopyOnWriteArrayList<>();
        bus.subscribe("a.>", d -> got.add("gt:" + d.message().subject()));
        bus.subscribe("a.#", d -> got.add("hash:" + d.message().subject()));

        bus.publish(msg(clock, "a"));
        bus.publish(msg(clock, "a.b.c"));

        await().atMost(WAIT).until(() -> got.size() == 3);
        assertThat(got).containsExactlyInAnyOrder("hash:a", "gt:a.b.c", "hash:a.b.c");
    }

    @Test
    void oneSubscription_seesOnePublishersMessagesInOrder() {
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        // A small buffer that blocks the publisher: order must hold through backpressure.
        bus.subscribe(
                "seq",
                d -> got.add(seq(d)),
                SubscriptionOptions.builder().capacity(64).block(Duration.ofSeconds(30)).build());

        for (int i = 0; i < 2_000; i++) {
            assertThat(bus.publish(msg(clock, "seq", i)).delivered()).isEqualTo(1);
        }

        await().atMost(WAIT).until(() -> got.size() == 2_000);
        assertThat(got).isEqualTo(IntStream.range(0, 2_000).boxed().toList());
    }

    @Test
    void unsubscribe_stopsDelivery() {
        AtomicInteger got = new AtomicInteger();
        Subscription s = bus.subscribe("t", d -> got.incrementAndGet());
        assertThat(s.isActive()).isTrue();

        s.unsubscribe();

        assertThat(s.isActive()).isFalse();
        PublishResult result = bus.publish(msg(clock, "t"));
        if (knowsDeliveryCountsAtPublish()) {
            assertThat(result.hasInterest()).isFalse();
        }
        settle();
        assertThat(got).hasValue(0);
    }

    @Test
    void request_getsTheReply_withTheRequestsCorrelationId() throws Exception {
        bus.subscribe(
                "math.double",
                d ->
                        d.reply(
                                d.replyBuilder()
                                        .body(
                                                Container.builder()
                                                        .put(
                                                                "v",
                                                                2
                                                                        * d.message()
                                                                                .body()
                                                                                .getInt32("v"))
                                                        .build())
                                        .build()));
        Message request =
                Message.builder("math.double")
                        .clock(clock)
                        .correlationId("c-1")
                        .body(Container.builder().put("v", 21).build())
                        .build();

        Message reply = bus.request(request, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);

        assertThat(reply.body().getInt32("v")).isEqualTo(42);
        assertThat(reply.correlationId()).contains("c-1");
    }

    @Test
    void request_withNoSubscriber_failsAtOnceWithNoResponders() {
        CompletableFuture<Message> f = bus.request(msg(clock, "nobody.home"), Duration.ofHours(1));

        if (!knowsDeliveryCountsAtPublish()) {
            await().atMost(WAIT).until(f::isDone); // the server's status is on its way
        }
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoRespondersException.class)
                .hasMessageContaining("nobody.home");
    }

    @Test
    void request_withoutReply_timesOutOnTheBusClock() {
        bus.subscribe("slow", d -> {});
        CompletableFuture<Message> f = bus.request(msg(clock, "slow"), Duration.ofSeconds(2));

        clock.advance(Duration.ofMillis(1_999));
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> !f.isDone());

        clock.advance(Duration.ofMillis(1));
        await().atMost(WAIT).until(f::isDone);
        assertThatThrownBy(f::get)
                .hasCauseInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("slow");
    }

    @Test
    void requestAll_completesWhenMaxRepliesArrive() throws Exception {
        for (int i = 0; i < 3; i++) {
            String name = "r" + i;
            bus.subscribe("census", d -> d.reply(d.replyBuilder().header("who", name).build()));
        }

        List<Message> replies =
                bus.requestAll(msg(clock, "census"), 3, Duration.ofHours(1))
                        .get(5, TimeUnit.SECONDS);

        assertThat(replies)
                .extracting(m -> m.header("who").orElseThrow())
                .containsExactlyInAnyOrder("r0", "r1", "r2");
    }

    @Test
    void requestAll_atTheDeadline_returnsTheRepliesSoFar() throws Exception {
        AtomicInteger replied = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            bus.subscribe(
                    "census",
                    d -> {
                        d.reply(d.replyBuilder().build());
                        replied.incrementAndGet();
                    });
        }
        CompletableFuture<List<Message>> f =
                bus.requestAll(msg(clock, "census"), 5, Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> replied.get() == 2);
        settle();
        assertThat(f).isNotDone();

        clock.advance(Duration.ofSeconds(1));

        assertThat(f.get(5, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void queueGroup_getsEachMessageOnce_whilePlainSubscribersGetAll() {
        AtomicInteger group = new AtomicInteger();
        AtomicInteger plain = new AtomicInteger();
        SubscriptionOptions workers = SubscriptionOptions.builder().queueGroup("workers").build();
        for (int i = 0; i < 3; i++) {
            bus.subscribe("jobs", d -> group.incrementAndGet(), workers);
        }
        bus.subscribe("jobs", d -> plain.incrementAndGet());

        for (int i = 0; i < 30; i++) {
            PublishResult result = bus.publish(msg(clock, "jobs", i));
            if (knowsDeliveryCountsAtPublish()) {
                assertThat(result).isEqualTo(new PublishResult(2, 2, 0));
            }
        }

        await().atMost(WAIT).until(() -> group.get() == 30 && plain.get() == 30);
    }

    @Test
    void queueGroup_refusesAMemberAskingForAnotherStrategy() {
        bus.subscribe(
                "jobs",
                d -> {},
                SubscriptionOptions.builder().queueGroup("g", QueueStrategy.RANDOM).build());

        assertThatThrownBy(
                        () ->
                                bus.subscribe(
                                        "jobs",
                                        d -> {},
                                        SubscriptionOptions.builder().queueGroup("g").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RANDOM")
                .hasMessageContaining("ROUND_ROBIN");
    }

    @Test
    void drain_processesWhatIsBuffered_thenStopsAccepting() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        Subscription s =
                bus.subscribe(
                        "work",
                        d -> {
                            gate.await();
                            got.add(seq(d));
                        });
        for (int i = 0; i < 5; i++) {
            bus.publish(msg(clock, "work", i));
        }

        CompletableFuture<Void> drained = s.drain();
        PublishResult late = bus.publish(msg(clock, "work", 99));
        if (knowsDeliveryCountsAtPublish()) {
            assertThat(late.hasInterest()).isFalse();
        }
        assertThat(drained).isNotDone();
        gate.countDown();

        drained.get(5, TimeUnit.SECONDS);
        assertThat(got).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.stats().delivered()).isEqualTo(5);
        assertThat(s.isActive()).isFalse();
    }

    @Test
    void expiredMessage_isNotDelivered_andIsCounted() {
        List<Message> got = new CopyOnWriteArrayList<>();
        Subscription s = bus.subscribe("t", d -> got.add(d.message()));
        Message shortLived = Message.builder("t").clock(clock).ttl(Duration.ofMillis(100)).build();
        clock.advance(Duration.ofMillis(100));

        PublishResult result = bus.publish(shortLived);

        if (knowsDeliveryCountsAtPublish()) {
            assertThat(result).isEqualTo(new PublishResult(1, 0, 1));
            assertThat(s.stats().expired()).isEqualTo(1);
        } else {
            // Counted by the receiving subscription when the message arrives.
            await().atMost(WAIT).until(() -> s.stats().expired() == 1);
        }
        assertThat(got).isEmpty();
    }

    @Test
    void failingHandler_doesNotHurtThePublisher_andTheMessageIsDeadLettered() {
        List<Message> dead = new CopyOnWriteArrayList<>();
        bus.subscribe("$DLQ.>", d -> dead.add(d.message()));
        Subscription s =
                bus.subscribe(
                        "jobs.resize",
                        d -> {
                            throw new IllegalStateException("disk full");
                        });
        Message m = msg(clock, "jobs.resize");

        assertThat(bus.publish(m).delivered()).isEqualTo(1);

        await().atMost(WAIT).until(() -> dead.size() == 1);
        Message letter = dead.get(0);
        assertThat(letter.subject()).isEqualTo("$DLQ.jobs.resize");
        assertThat(letter.id()).isEqualTo(m.id());
        assertThat(letter.header(DeadLetters.ORIGINAL_SUBJECT)).contains("jobs.resize");
        assertThat(letter.header(DeadLetters.ERROR_CLASS))
                .contains(IllegalStateException.class.getName());
        assertThat(letter.header(DeadLetters.ERROR_MESSAGE)).contains("disk full");
        assertThat(s.stats().dropped(DropReason.HANDLER_FAILED)).isEqualTo(1);
    }

    @Test
    void reply_toAMessageWithoutReplySubject_isAnError() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        bus.subscribe(
                "t",
                d -> {
                    try {
                        d.reply(msg(clock, "x"));
                    } catch (IllegalStateException e) {
                        errors.add(e);
                    }
                });

        bus.publish(msg(clock, "t"));

        await().atMost(WAIT).until(() -> errors.size() == 1);
        assertThat(errors.get(0)).hasMessageContaining("without a reply subject");
    }

    @Test
    void closedBus_refusesWork_andFailsPendingRequests() {
        bus.subscribe("slow", d -> {});
        CompletableFuture<Message> pending = bus.request(msg(clock, "slow"), Duration.ofHours(1));

        bus.close();

        assertThat(pending).isCompletedExceptionally();
        assertThatThrownBy(() -> bus.publish(msg(clock, "slow")))
                .isInstanceOf(BusClosedException.class);
        assertThatThrownBy(() -> bus.subscribe("x", d -> {}))
                .isInstanceOf(BusClosedException.class);
    }
}
