package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ConnectionEvent.Type;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReconnectTest extends ClientTestBase {

    private static void awaitStatus(Connection c, Connection.Status s) {
        await().atMost(WAIT).until(() -> c.status() == s);
    }

    @Test
    void afterARestart_resubscribesOnceWithTheSameSids_thenSendsBufferedPublishes()
            throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        List<String> got = new CopyOnWriteArrayList<>();
        Subscription handler = c.subscribe("orders.>", m -> got.add(m.subject()));
        PullSubscription pull = c.subscribe("audit");
        Subscription gone = c.subscribe("gone", m -> {});
        c.flush(WAIT);
        gone.unsubscribe();
        c.flush(WAIT);

        server.stop();
        awaitStatus(c, Connection.Status.RECONNECTING);
        assertThat(c.connectedUrl()).isEmpty();
        for (int i = 0; i < 3; i++) {
            c.publish("while.down", new byte[] {(byte) i});
        }
        assertThat(c.stats().pendingOutboundBytes()).isPositive();
        server.start();

        awaitStatus(c, Connection.Status.CONNECTED);
        c.flush(WAIT);
        List<Frame> after = List.copyOf(server.last().frames);
        assertThat(after.get(0)).isInstanceOf(Frame.Hello.class);
        assertThat(after.subList(1, 3))
                .containsExactlyInAnyOrder(
                        new Frame.Sub(
                                handler.sid(),
                                "orders.>",
                                null,
                                dev.switchboard.protocol.QueueMode.ROUND_ROBIN,
                                null),
                        new Frame.Sub(
                                pull.sid(),
                                "audit",
                                null,
                                dev.switchboard.protocol.QueueMode.ROUND_ROBIN,
                                null));
        assertThat(after.subList(3, 6))
                .allSatisfy(f -> assertThat(f).isInstanceOf(Frame.Pub.class))
                .extracting(f -> ((Frame.Pub) f).payload()[0])
                .containsExactly((byte) 0, (byte) 1, (byte) 2);
        assertThat(after.stream().filter(Frame.Sub.class::isInstance)).hasSize(2);
        assertThat(events.types())
                .containsSubsequence(
                        Type.CONNECTED, Type.DISCONNECTED, Type.RECONNECTED, Type.RESUBSCRIBED);
        assertThat(c.stats().reconnects()).isEqualTo(1);

        server.sendAll(
                new Frame.Msg(
                        handler.sid(), "orders.new", null, Headers.EMPTY, new byte[0], false));
        await().atMost(WAIT).until(() -> got.equals(List.of("orders.new")));
    }

    @Test
    void reconnectBufferFull_withFailPolicy_throwsAClearError() throws Exception {
        ScriptedServer server = server();
        Connection c =
                connect(options(server).reconnectBuffer(1024, BufferFullPolicy.FAIL).build());
        server.stop();
        awaitStatus(c, Connection.Status.RECONNECTING);

        assertThatThrownBy(
                        () -> {
                            for (int i = 0; i < 100; i++) {
                                c.publish("t", new byte[100]);
                            }
                        })
                .isInstanceOf(BufferFullException.class)
                .hasMessageContaining("reconnect buffer is full")
                .hasMessageContaining("1024");
        assertThat(c.stats().msgsOut()).isBetween(1L, 10L);
    }

    @Test
    void reconnectBufferFull_withBlockPolicy_waitsForTheReconnect() throws Exception {
        ScriptedServer server = server();
        Connection c =
                connect(
                        options(server)
                                .reconnectBuffer(1024, BufferFullPolicy.BLOCK)
                                .publishTimeout(Duration.ofSeconds(30))
                                .build());
        server.stop();
        awaitStatus(c, Connection.Status.RECONNECTING);
        int n = 0;
        while (c.stats().pendingOutboundBytes() + 120 <= 1024) {
            c.publish("t", new byte[100]);
            n++;
        }
        int sent = n + 1;

        CompletableFuture<Void> blocked =
                CompletableFuture.runAsync(() -> c.publish("t", new byte[100]));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !blocked.isDone());
        server.start();

        blocked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        c.flush(WAIT);
        assertThat(server.last().frames.stream().filter(Frame.Pub.class::isInstance)).hasSize(sent);
    }

    @Test
    void reconnectBufferFull_withBlockPolicy_failsAfterThePublishTimeout() throws Exception {
        ScriptedServer server = server();
        Connection c =
                connect(
                        options(server)
                                .reconnectBuffer(1024, BufferFullPolicy.BLOCK)
                                .publishTimeout(Duration.ofMillis(100))
                                .build());
        server.stop();
        awaitStatus(c, Connection.Status.RECONNECTING);

        assertThatThrownBy(
                        () -> {
                            for (int i = 0; i < 100; i++) {
                                c.publish("t", new byte[100]);
                            }
                        })
                .isInstanceOf(BufferFullException.class)
                .hasMessageContaining("reconnect buffer stayed full for PT0.1S");
    }

    @Test
    void unansweredPings_makeTheConnectionStale_andItReconnects() throws Exception {
        ScriptedServer server = server();
        server.answerPings = false;
        Connection c =
                connect(options(server).pingInterval(Duration.ofMillis(50)).maxPingsOut(2).build());

        ConnectionEvent lost = events.awaitFirst(Type.DISCONNECTED);
        assertThat(lost.detail()).contains("stale connection: 2 PINGs unanswered");
        server.answerPings = true;
        events.awaitFirst(Type.RECONNECTED);
        awaitStatus(c, Connection.Status.CONNECTED);
        c.flush(WAIT);
    }

    @Test
    void serverPing_isAnsweredWithPong() {
        ScriptedServer server = server();
        try {
            connect(options(server).build());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }

        server.sendAll(new Frame.Ping());

        await().atMost(WAIT).until(() -> !server.frames(Frame.Pong.class).isEmpty());
    }

    @Test
    void goAway_isALameDuckEvent_andTheClientMovesToTheNextServer() throws Exception {
        ScriptedServer a = server();
        ScriptedServer b = server();
        Connection c = connect(options(a, b).build());
        Subscription sub = c.subscribe("s", m -> {});
        c.flush(WAIT);

        a.sendAll(new Frame.GoAway(5_000, "maintenance"));

        assertThat(events.awaitFirst(Type.LAME_DUCK).detail()).contains("maintenance");
        await().atMost(WAIT)
                .until(() -> c.connectedUrl().equals(java.util.Optional.of(URI.create(b.url()))));
        c.publish("after.move", new byte[1]);
        c.flush(WAIT);
        assertThat(b.frames(Frame.Sub.class)).extracting(Frame.Sub::sid).containsExactly(sub.sid());
        assertThat(b.frames(Frame.Pub.class))
                .extracting(Frame.Pub::subject)
                .containsExactly("after.move");
        assertThat(a.frames(Frame.Sub.class)).hasSize(1);
    }

    @Test
    void fatalServerError_reconnects_butAuthFailureCloses() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());

        server.sendAll(Frame.Err.of(ErrorCode.INTERNAL_ERROR, 0, "oops"));
        events.awaitFirst(Type.RECONNECTED);
        await().atMost(WAIT)
                .until(() -> server.conns.size() == 1 && c.status() == Connection.Status.CONNECTED);

        server.sendAll(Frame.Err.of(ErrorCode.AUTH_FAILED, 0, "token revoked"));
        assertThat(events.awaitFirst(Type.CLOSED).detail()).contains("authentication refused");
        assertThat(c.status()).isEqualTo(Connection.Status.CLOSED);
        assertThat(events.count(Type.RECONNECTED)).isEqualTo(1);
    }

    @Test
    void givesUp_afterMaxReconnectAttempts() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).maxReconnectAttempts(2).build());

        server.stop();

        assertThat(events.awaitFirst(Type.CLOSED).detail())
                .contains("gave up after 2 reconnect attempts");
        assertThat(c.status()).isEqualTo(Connection.Status.CLOSED);
    }

    @Test
    void withReconnectOff_aLossCloses() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).reconnect(false).build());

        server.stop();

        events.awaitFirst(Type.CLOSED);
        assertThat(c.status()).isEqualTo(Connection.Status.CLOSED);
        assertThatThrownBy(() -> c.publish("t", new byte[1]))
                .isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void backoff_doublesUpToTheMax_withJitter() throws Exception {
        ScriptedServer server = server();
        dev.switchboard.client.internal.ClientConnection c =
                (dev.switchboard.client.internal.ClientConnection)
                        connect(
                                options(server)
                                        .reconnectWait(
                                                Duration.ofMillis(100), Duration.ofMillis(350))
                                        .reconnectJitter(Duration.ofMillis(10))
                                        .build());

        assertThat(c.backoffNanos(1) / 1_000_000).isBetween(90L, 110L);
        assertThat(c.backoffNanos(2) / 1_000_000).isBetween(190L, 210L);
        assertThat(c.backoffNanos(3) / 1_000_000).isBetween(340L, 360L);
        assertThat(c.backoffNanos(50) / 1_000_000).isBetween(340L, 360L);
    }
}
