package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.message.InvalidSubjectException;
import dev.switchboard.core.message.Message;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.ProtocolLimits;
import dev.switchboard.protocol.QueueMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublishSubscribeTest extends ClientTestBase {

    private static byte[] seq(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    private static int seq(byte[] b) {
        return ByteBuffer.wrap(b).getInt();
    }

    private static Frame.Msg msg(int sid, String subject, int i) {
        return new Frame.Msg(sid, subject, null, Headers.EMPTY, seq(i), false);
    }

    @Test
    void manyPublishes_arriveAllInOrder() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        int n = 20_000;

        for (int i = 0; i < n; i++) {
            c.publish("bench.seq", seq(i));
        }
        c.flush(WAIT);

        List<Frame.Pub> pubs = server.frames(Frame.Pub.class);
        assertThat(pubs).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seq(pubs.get(i).payload())).isEqualTo(i);
        }
        assertThat(server.reads.get()).isLessThanOrEqualTo(n);
        assertThat(c.stats().msgsOut()).isEqualTo(n);
        assertThat(c.stats().bytesOut()).isEqualTo(4L * n);
    }

    @Test
    void publishesBufferedWhileDisconnected_goOutInAFewLargeWrites() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        server.stop();
        await().atMost(WAIT).until(() -> c.status() == Connection.Status.RECONNECTING);
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            c.publish("batch", seq(i));
        }
        long readsBefore = server.reads.get();

        server.start();
        await().atMost(WAIT).until(() -> c.status() == Connection.Status.CONNECTED);
        c.flush(WAIT);

        List<Frame.Pub> pubs = server.frames(Frame.Pub.class);
        assertThat(pubs).hasSize(n);
        assertThat(seq(pubs.get(n - 1).payload())).isEqualTo(n - 1);
        // ~200 KB of frames handed over as one batch: a handful of socket reads, not 10,000.
        assertThat(server.reads.get() - readsBefore).isLessThan(100);
    }

    @Test
    void publishWithReplyToAndHeaders_sendsThemAsGiven() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());

        c.publish(
                "orders.new",
                "replies.1",
                List.of(Map.entry("k", "v1"), Map.entry("k", "v2")),
                "x".getBytes(StandardCharsets.UTF_8));
        c.flush(WAIT);

        Frame.Pub p = server.frames(Frame.Pub.class).get(0);
        assertThat(p.replyTo()).isEqualTo("replies.1");
        assertThat(Headers.decode(p.headers()))
                .containsExactly(Map.entry("k", "v1"), Map.entry("k", "v2"));
        assertThat(p.request()).isFalse();
    }

    @Test
    void typedMessage_roundTripsThroughTheBinaryCodec() throws Exception {
        ScriptedServer server = routingServer();
        Connection c = connect(options(server).build());
        PullSubscription sub = c.subscribe("typed.>");
        Message m = Message.builder("typed.one").header("tenant", "acme").build();

        c.publish(m);

        Msg got = sub.next(WAIT);
        assertThat(got.message()).isEqualTo(m);
        assertThat(got.header("tenant")).contains("acme"); // also a frame header
    }

    @Test
    void limits_areCheckedBeforeSending_namingTheLimit() throws Exception {
        ScriptedServer server = server();
        server.limits = new ProtocolLimits(1024, 32, 64 << 10, 64 << 10);
        Connection c = connect(options(server).build());

        assertThatThrownBy(() -> c.publish("big", new byte[1025]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1025")
                .hasMessageContaining("max_payload")
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> c.publish("a".repeat(33), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_subject");
        assertThatThrownBy(() -> c.publish("bad subject", new byte[1]))
                .isInstanceOf(InvalidSubjectException.class);
        assertThatThrownBy(() -> c.publish("wild.*", new byte[1]))
                .isInstanceOf(InvalidSubjectException.class);
        assertThatThrownBy(() -> c.subscribe("a..b")).isInstanceOf(InvalidSubjectException.class);
        c.publish("ok", new byte[1024]);
        c.flush(WAIT);
        assertThat(server.frames(Frame.Pub.class)).hasSize(1);
    }

    @Test
    void handlerSubscription_getsMessagesInOrder_onTheDispatcherThread() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        List<Integer> got = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Subscription sub =
                c.subscribe(
                        "orders.*",
                        m -> {
                            got.add(seq(m.payload()));
                            threads.add(Thread.currentThread().getName());
                        });
        c.flush(WAIT);
        Frame.Sub sent = server.frames(Frame.Sub.class).get(0);
        assertThat(sent.sid()).isEqualTo(sub.sid());
        assertThat(sent.pattern()).isEqualTo("orders.*");
        assertThat(sent.queueGroup()).isNull();

        for (int i = 0; i < 100; i++) {
            server.sendAll(msg(sub.sid(), "orders.new", i));
        }
        server.sendAll(msg(9999, "orders.new", -1)); // unknown sid: dropped silently

        await().atMost(WAIT).until(() -> got.size() == 100);
        assertThat(got).isEqualTo(IntStream.range(0, 100).boxed().toList());
        assertThat(threads).allMatch(t -> t.equals("switchboard-client-test-dispatcher"));
        await().atMost(WAIT).until(() -> sub.delivered() == 100 && sub.pendingMessages() == 0);
        assertThat(c.stats().msgsIn()).isEqualTo(101);
    }

    @Test
    void pullSubscription_next_iterator_andEnd() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        PullSubscription sub = c.subscribe("jobs");
        c.flush(WAIT);

        assertThat(sub.next(Duration.ofMillis(20))).isNull();
        for (int i = 0; i < 3; i++) {
            server.sendAll(msg(sub.sid(), "jobs", i));
        }
        assertThat(seq(sub.next(WAIT).payload())).isEqualTo(0);
        await().atMost(WAIT).until(() -> sub.pendingMessages() == 2);
        sub.unsubscribe();

        List<Integer> rest = new ArrayList<>();
        Iterator<Msg> it = sub.iterator();
        while (it.hasNext()) {
            rest.add(seq(it.next().payload()));
        }
        assertThat(rest).containsExactly(1, 2);
        assertThat(sub.next(Duration.ofMillis(10))).isNull();
        assertThat(sub.isActive()).isFalse();
        c.flush(WAIT);
        assertThat(server.frames(Frame.Unsub.class))
                .singleElement()
                .isEqualTo(new Frame.Unsub(sub.sid(), 0));
    }

    @Test
    void pullSubscription_readersOnSeveralThreads_shareTheBatches_andAllSeeTheEnd()
            throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        PullSubscription sub = c.subscribe("jobs");
        c.flush(WAIT);
        int total = 2_000;
        List<List<Integer>> perReader = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<Integer> mine = new CopyOnWriteArrayList<>();
            perReader.add(mine);
            readers.add(
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        try {
                                            for (Msg m; (m = sub.next(WAIT)) != null; ) {
                                                mine.add(seq(m.payload()));
                                            }
                                        } catch (InterruptedException e) {
                                            Thread.currentThread().interrupt();
                                        }
                                    }));
        }
        // Back to back: the client queues each socket read's messages as one batch.
        for (int i = 0; i < total; i++) {
            server.sendAll(msg(sub.sid(), "jobs", i));
        }
        await().atMost(WAIT).until(() -> perReader.stream().mapToInt(List::size).sum() == total);
        sub.unsubscribe(); // the end: every reader waiting in next() gets null
        for (Thread t : readers) {
            t.join(WAIT.toMillis());
            assertThat(t.isAlive()).as("a reader still waits after the end").isFalse();
        }
        List<Integer> all = new ArrayList<>();
        for (List<Integer> mine : perReader) {
            assertThat(mine).as("each reader takes in order").isSorted();
            all.addAll(mine);
        }
        assertThat(all)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, total).boxed().toList());
        assertThat(sub.next(Duration.ZERO)).isNull();
        assertThat(sub.pendingMessages()).isZero();
    }

    @Test
    void queueSubscribe_sendsGroupAndMode_andSidsAreUnique() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());

        Subscription a = c.queueSubscribe("work.>", "workers", m -> {});
        Subscription b =
                c.subscribe(
                        "work.>",
                        SubscribeOptions.builder().hashGroup("sharded", "tenant").build(),
                        m -> {});
        c.flush(WAIT);

        assertThat(a.sid()).isNotEqualTo(b.sid());
        assertThat(server.frames(Frame.Sub.class))
                .containsExactly(
                        new Frame.Sub(a.sid(), "work.>", "workers", QueueMode.ROUND_ROBIN, null),
                        new Frame.Sub(b.sid(), "work.>", "sharded", QueueMode.HASH, "tenant"));
        assertThat(a.queueGroup()).contains("workers");
    }

    @Test
    void autoUnsubscribe_endsAfterTheCount() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        List<Integer> got = new CopyOnWriteArrayList<>();
        Subscription sub = c.subscribe("t", m -> got.add(seq(m.payload())));

        sub.autoUnsubscribe(2);
        for (int i = 0; i < 4; i++) {
            server.sendAll(msg(sub.sid(), "t", i));
        }

        await().atMost(WAIT).until(() -> !sub.isActive() && sub.pendingMessages() == 0);
        c.flush(WAIT);
        assertThat(got).containsExactly(0, 1);
        assertThat(server.frames(Frame.Unsub.class)).containsExactly(new Frame.Unsub(sub.sid(), 2));
    }

    @Test
    void serverRefusal_endsTheSubscription_withItsError() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        Subscription sub = c.subscribe("secret.>", m -> {});
        c.flush(WAIT);

        server.sendAll(Frame.Err.of(ErrorCode.PERMISSION_DENIED, sub.sid(), "not for you"));

        await().atMost(WAIT).until(() -> sub.error().isPresent());
        assertThat(sub.isActive()).isFalse();
        assertThat(sub.error().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        ConnectionEvent e = events.awaitFirst(ConnectionEvent.Type.ERROR);
        assertThat(e.sid()).isEqualTo(sub.sid());
        assertThat(e.detail()).contains("not for you");
        assertThat(c.status()).isEqualTo(Connection.Status.CONNECTED);
    }

    @Test
    void slowConsumer_dropsPastThePendingLimit_andSaysSoOncePerEpisode() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        Subscription sub =
                c.subscribe(
                        "firehose",
                        SubscribeOptions.builder().pendingLimits(10, 1 << 20).build(),
                        m -> gate.await());

        for (int i = 0; i < 25; i++) {
            server.sendAll(msg(sub.sid(), "firehose", i));
        }

        await().atMost(WAIT).until(() -> sub.dropped() == 15);
        assertThat(sub.pendingMessages()).isEqualTo(10);
        assertThat(c.stats().droppedSlowConsumer()).isEqualTo(15);
        ConnectionEvent e = events.awaitFirst(ConnectionEvent.Type.SLOW_CONSUMER);
        assertThat(e.sid()).isEqualTo(sub.sid());
        assertThat(e.detail()).contains("firehose");
        gate.countDown();
        await().atMost(WAIT).until(() -> sub.pendingMessages() == 0);
        assertThat(events.count(ConnectionEvent.Type.SLOW_CONSUMER)).isEqualTo(1);
        assertThat(sub.delivered()).isEqualTo(10);
    }

    @Test
    void handlerThatThrows_isCountedAndReportedOnce_andDeliveryGoesOn() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        List<Integer> got = new CopyOnWriteArrayList<>();
        Subscription sub =
                c.subscribe(
                        "t",
                        m -> {
                            got.add(seq(m.payload()));
                            throw new IllegalStateException("boom");
                        });

        for (int i = 0; i < 3; i++) {
            server.sendAll(msg(sub.sid(), "t", i));
        }

        await().atMost(WAIT).until(() -> got.size() == 3 && c.stats().handlerErrors() == 3);
        assertThat(events.awaitFirst(ConnectionEvent.Type.ERROR).error())
                .hasMessageContaining("boom");
        assertThat(events.count(ConnectionEvent.Type.ERROR)).isEqualTo(1);
    }
}
