package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bus.BusClosedException;
import dev.switchboard.bus.DeadLetters;
import dev.switchboard.bus.DropReason;
import dev.switchboard.bus.MessageBus;
import dev.switchboard.bus.NoRespondersException;
import dev.switchboard.bus.PublishResult;
import dev.switchboard.bus.QueueStrategy;
import dev.switchboard.bus.RetryPolicy;
import dev.switchboard.bus.Subscription;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.core.ManualClock;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.message.Message;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.QueueMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The {@link MessageBus} view of a connection, against the scripted routing server. */
class NetworkBusTest extends ClientTestBase {
    private final ManualClock clock = new ManualClock();

    private MessageBus bus(ScriptedServer server) throws InterruptedException {
        return track(Connection.connectBus(options(server).clock(clock).build()));
    }

    @Test
    void publishAndSubscribe_typedMessages_acrossTheNetwork() throws Exception {
        ScriptedServer server = routingServer();
        MessageBus bus = bus(server);
        List<Message> got = new CopyOnWriteArrayList<>();
        bus.subscribe("orders.*", d -> got.add(d.message()));
        Message m =
                Message.builder("orders.new")
                        .clock(clock)
                        .body(Container.builder().put("qty", 3).build())
                        .build();

        PublishResult r = bus.publish(m);

        assertThat(r).isEqualTo(new PublishResult(1, 1, 0));
        await().atMost(WAIT).until(() -> got.size() == 1);
        assertThat(got).containsExactly(m);
    }

    @Test
    void request_getsTheReply_withTheCorrelationId_andNoRespondersFails() throws Exception {
        ScriptedServer server = routingServer();
        MessageBus bus = bus(server);
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
        Message req =
                Message.builder("math.double")
                        .clock(clock)
                        .correlationId("c-1")
                        .body(Container.builder().put("v", 21).build())
                        .build();

        Message reply = bus.request(req, WAIT).get(10, TimeUnit.SECONDS);
        CompletableFuture<Message> none =
                bus.request(Message.builder("nobody.home").build(), Duration.ofHours(1));

        assertThat(reply.body().getInt32("v")).isEqualTo(42);
        assertThat(reply.correlationId()).contains("c-1");
        assertThat(none)
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NoRespondersException.class);
    }

    @Test
    void failingHandler_isRetriedOnTheClock_thenDeadLettered() throws Exception {
        ScriptedServer server = routingServer();
        MessageBus bus = bus(server);
        List<Message> dead = new CopyOnWriteArrayList<>();
        bus.subscribe("$DLQ.>", d -> dead.add(d.message()));
        AtomicInteger calls = new AtomicInteger();
        Subscription s =
                bus.subscribe(
                        "jobs.resize",
                        d -> {
                            calls.incrementAndGet();
                            throw new IllegalStateException("disk full");
                        },
                        SubscriptionOptions.builder()
                                .retry(
                                        new RetryPolicy(
                                                2,
                                                Duration.ofSeconds(1),
                                                Duration.ofSeconds(1),
                                                1.0,
                                                0.0))
                                .build());
        Message m = Message.builder("jobs.resize").clock(clock).build();

        bus.publish(m);
        await().atMost(WAIT).until(() -> calls.get() == 1);
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> calls.get() == 1);
        clock.advance(Duration.ofSeconds(1));

        await().atMost(WAIT).until(() -> dead.size() == 1);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(dead.get(0).subject()).isEqualTo("$DLQ.jobs.resize");
        assertThat(dead.get(0).id()).isEqualTo(m.id());
        assertThat(dead.get(0).header(DeadLetters.ATTEMPTS)).contains("2");
        assertThat(s.stats().dropped(DropReason.HANDLER_FAILED)).isEqualTo(1);
        assertThat(s.stats().failedAttempts()).isEqualTo(2);
    }

    @Test
    void queueGroup_mapsTheStrategy_andRefusesAConflictingMember() throws Exception {
        ScriptedServer server = routingServer();
        MessageBus bus = bus(server);
        bus.subscribe(
                "jobs",
                d -> {},
                SubscriptionOptions.builder().consistentHash("g", "tenant").build());

        assertThatThrownBy(
                        () ->
                                bus.subscribe(
                                        "jobs",
                                        d -> {},
                                        SubscriptionOptions.builder()
                                                .queueGroup("g", QueueStrategy.RANDOM)
                                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CONSISTENT_HASH")
                .hasMessageContaining("RANDOM");
        await().atMost(WAIT).until(() -> !server.frames(Frame.Sub.class).isEmpty());
        assertThat(server.frames(Frame.Sub.class))
                .singleElement()
                .satisfies(
                        sub -> {
                            assertThat(sub.queueGroup()).isEqualTo("g");
                            assertThat(sub.mode()).isEqualTo(QueueMode.HASH);
                            assertThat(sub.hashHeader()).isEqualTo("tenant");
                        });
    }

    @Test
    void expiredMessage_isCountedByTheReceivingSubscription() throws Exception {
        ScriptedServer server = routingServer();
        MessageBus bus = bus(server);
        List<Message> got = new CopyOnWriteArrayList<>();
        Subscription s = bus.subscribe("t", d -> got.add(d.message()));
        Message shortLived = Message.builder("t").clock(clock).ttl(Duration.ofMillis(100)).build();
        clock.advance(Duration.ofMillis(100));

        bus.publish(shortLived);

        await().atMost(WAIT).until(() -> s.stats().expired() == 1);
        assertThat(got).isEmpty();
    }

    @Test
    void closingTheView_failsItsRequests_butKeepsTheConnection() throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).clock(clock).build());
        MessageBus bus = c.asMessageBus();
        bus.subscribe("slow", d -> {});
        CompletableFuture<Message> pending =
                bus.request(Message.builder("slow").build(), Duration.ofHours(1));

        bus.close();

        assertThat(pending).isCompletedExceptionally();
        assertThatThrownBy(() -> bus.publish(Message.builder("x").build()))
                .isInstanceOf(BusClosedException.class);
        assertThat(c.status()).isEqualTo(Connection.Status.CONNECTED);
        await().atMost(WAIT)
                .until(
                        () ->
                                ((dev.switchboard.client.internal.ClientConnection) c)
                                                .pendingRequests()
                                        == 0);
    }
}
