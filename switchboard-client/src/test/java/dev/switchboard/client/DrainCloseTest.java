package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ConnectionEvent.Type;
import dev.switchboard.protocol.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DrainCloseTest extends ClientTestBase {

    @Test
    void flush_withoutPong_timesOut() throws Exception {
        ScriptedServer server = server();
        server.answerPings = false;
        Connection c = connect(options(server).connectTimeout(Duration.ofMillis(200)).build());

        assertThatThrownBy(() -> c.flush(Duration.ofMillis(100)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("PONG");
        assertThat(c.flushAsync(Duration.ofMillis(50)))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void drain_unsubscribes_handlesWhatArrived_flushes_thenCloses() throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).build());
        CountDownLatch gate = new CountDownLatch(1);
        List<Integer> got = new CopyOnWriteArrayList<>();
        Subscription sub =
                c.subscribe(
                        "work",
                        m -> {
                            gate.await();
                            got.add((int) m.payload()[0]);
                        });
        for (int i = 0; i < 5; i++) {
            c.publish("work", new byte[] {(byte) i});
        }
        c.flush(WAIT);

        CompletableFuture<Void> drained = c.drain(WAIT);
        await().atMost(WAIT).until(() -> !server.frames(Frame.Unsub.class).isEmpty());
        assertThat(c.status()).isEqualTo(Connection.Status.DRAINING);
        assertThatThrownBy(() -> c.subscribe("late")).isInstanceOf(ConnectionClosedException.class);
        c.publish("during.drain", new byte[1]);
        assertThat(drained).isNotDone();
        gate.countDown();

        drained.get(10, TimeUnit.SECONDS);
        assertThat(got).containsExactly(0, 1, 2, 3, 4);
        assertThat(c.status()).isEqualTo(Connection.Status.CLOSED);
        assertThat(server.frames(Frame.Unsub.class)).containsExactly(new Frame.Unsub(sub.sid(), 0));
        assertThat(server.frames(Frame.Pub.class))
                .extracting(Frame.Pub::subject)
                .contains("during.drain");
        events.awaitFirst(Type.CLOSED);
    }

    @Test
    void subscriptionDrain_deliversWhatWasOnTheWay() throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).build());
        List<Integer> got = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        Subscription sub =
                c.subscribe(
                        "work",
                        m -> {
                            gate.await();
                            got.add((int) m.payload()[0]);
                        });
        c.flush(WAIT);
        for (int i = 0; i < 5; i++) {
            c.publish("work", new byte[] {(byte) i});
        }

        CompletableFuture<Void> drained = sub.drain(WAIT);
        c.publish("work", new byte[] {99}); // after the UNSUB: not delivered
        assertThat(sub.isActive()).isFalse();
        gate.countDown();

        drained.get(10, TimeUnit.SECONDS);
        assertThat(got).containsExactly(0, 1, 2, 3, 4);
        assertThat(c.status()).isEqualTo(Connection.Status.CONNECTED);
    }

    @Test
    void close_failsPendingRequests_endsSubscriptions_andRefusesWork() throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).build());
        c.subscribe("slow", m -> {});
        PullSubscription pull = c.subscribe("pull");
        c.flush(WAIT);
        CompletableFuture<Msg> pending = c.request("slow", new byte[1], Duration.ofHours(1));

        c.close();

        assertThat(c.status()).isEqualTo(Connection.Status.CLOSED);
        assertThat(pending)
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ConnectionClosedException.class);
        assertThat(pull.isActive()).isFalse();
        assertThat(pull.next(Duration.ofSeconds(1))).isNull();
        assertThatThrownBy(() -> c.publish("x", new byte[1]))
                .isInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> c.subscribe("x")).isInstanceOf(ConnectionClosedException.class);
        assertThat(events.awaitFirst(Type.CLOSED).detail()).contains("closed by the application");
        await().atMost(WAIT).until(() -> server.conns.isEmpty());
        c.close(); // idempotent
        assertThat(events.count(Type.CLOSED)).isEqualTo(1);
    }

    @Test
    void close_flushesWhatWasPublished() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        for (int i = 0; i < 1000; i++) {
            c.publish("last.words", new byte[16]);
        }

        c.close();

        assertThat(server.frames(Frame.Pub.class)).hasSize(1000);
    }
}
