package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameFlags;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.stream.AckSubject;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerInfo;
import dev.switchboard.protocol.stream.PubAck;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamHeaders;
import dev.switchboard.protocol.stream.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Streams} against a {@link ScriptedServer} playing the broker: the frames the client sends
 * (PUB_ACK, NEXT requests, acks) and how it reads scripted answers.
 */
class StreamsTest extends ClientTestBase {
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    /** A scripted server that speaks protocol version 2 (streams). */
    @Override
    ScriptedServer server() {
        ScriptedServer s = super.server();
        s.welcomeVersion = ProtocolVersion.STREAMS;
        return s;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The first PUB to {@code subject} the server received, once it has. */
    private static Frame.Pub awaitPub(ScriptedServer server, String subject) {
        await().atMost(WAIT)
                .until(
                        () ->
                                server.frames(Frame.Pub.class).stream()
                                        .anyMatch(p -> p.subject().equals(subject)));
        return pubs(server, subject).get(0);
    }

    private static List<Frame.Pub> pubs(ScriptedServer server, String subject) {
        return server.frames(Frame.Pub.class).stream()
                .filter(p -> p.subject().equals(subject))
                .toList();
    }

    /** The sid of the wildcard inbox subscription that {@code replyTo} belongs to. */
    private static int inboxSid(ScriptedServer server, String replyTo) {
        return server.frames(Frame.Sub.class).stream()
                .filter(
                        s ->
                                s.pattern().endsWith(".*")
                                        && replyTo.startsWith(
                                                s.pattern().substring(0, s.pattern().length() - 1)))
                .reduce((a, b) -> b)
                .orElseThrow()
                .sid();
    }

    /** Sends a MSG on the subscription {@code sid}. */
    private static void send(
            ScriptedServer server,
            int sid,
            String subject,
            String replyTo,
            List<Map.Entry<String, String>> headers,
            byte[] payload) {
        server.last()
                .send(
                        new Frame.Msg(
                                sid,
                                subject,
                                replyTo,
                                headers.isEmpty() ? Headers.EMPTY : Headers.encode(headers),
                                payload,
                                false));
    }

    /** Answers a request (or acknowledged publish) on its reply subject. */
    private static void answer(ScriptedServer server, Frame.Pub to, String json) {
        send(server, inboxSid(server, to.replyTo()), to.replyTo(), null, List.of(), utf8(json));
    }

    // ------------------------------------------------------------------ publishing

    @Test
    void publishAsync_sendsPubAckWithAReplySubject_andCompletesFromTheAck() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());

        CompletableFuture<PubAck> f =
                c.streams()
                        .publishAsync(
                                "orders.new",
                                utf8("o1"),
                                PublishOptions.builder()
                                        .header("trace", "7")
                                        .msgId("id-1")
                                        .expectedStream("ORDERS")
                                        .expectedLastSeq(41)
                                        .build());

        Frame.Pub pub = awaitPub(server, "orders.new");
        assertThat(pub.flags()).isEqualTo(FrameFlags.PUB_ACK).isEqualTo(0x02);
        assertThat(pub.ack()).isTrue();
        assertThat(pub.request()).isFalse();
        assertThat(pub.replyTo()).matches("_INBOX\\.[0-9A-Za-z]{22}\\.1");
        assertThat(Headers.decode(pub.headers()))
                .containsExactly(
                        Map.entry("trace", "7"),
                        Map.entry(StreamHeaders.MSG_ID, "id-1"),
                        Map.entry(StreamHeaders.EXPECTED_STREAM, "ORDERS"),
                        Map.entry(StreamHeaders.EXPECTED_LAST_SEQ, "41"));
        assertThat(f).isNotDone();

        answer(server, pub, "{\"stream\":\"ORDERS\",\"seq\":42}");

        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(new PubAck("ORDERS", 42, false));
    }

    @Test
    void publish_errorBody_failsWithTheCode_andDuplicateIsReported() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        Streams streams = c.streams();

        CompletableFuture<PubAck> full = streams.publishAsync("orders.a", utf8("x"));
        CompletableFuture<PubAck> dup = streams.publishAsync("orders.b", utf8("y"));
        answer(
                server,
                awaitPub(server, "orders.a"),
                "{\"error\":{\"code\":602,\"description\":\"stream ORDERS is full\"}}");
        answer(
                server,
                awaitPub(server, "orders.b"),
                "{\"stream\":\"ORDERS\",\"seq\":3,\"duplicate\":true}");

        assertThatThrownBy(() -> full.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(StreamApiException.class)
                .hasMessageContaining("stream ORDERS is full")
                .satisfies(
                        e -> {
                            assertThat(((StreamApiException) e).code()).isEqualTo(602);
                            assertThat(((StreamApiException) e).error())
                                    .isEqualTo(ApiError.STREAM_FULL);
                        });
        assertThat(dup.get(10, TimeUnit.SECONDS).duplicate()).isTrue();
    }

    @Test
    void publishAsync_toAVersion1Server_failsAtOnce_withoutSendingPubAck() throws Exception {
        ScriptedServer server = super.server();
        Connection c = connect(options(server).build());

        CompletableFuture<PubAck> f = c.streams().publishAsync("old.server", utf8("x"));

        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(StreamApiException.class)
                .hasMessageContaining("protocol version 1")
                .satisfies(
                        e ->
                                assertThat(((StreamApiException) e).error())
                                        .isEqualTo(ApiError.STREAMS_DISABLED));
        c.flush(WAIT);
        assertThat(pubs(server, "old.server")).isEmpty();
    }

    @Test
    void manyOutstandingPublishes_shareOneInbox_andMatchAcksInAnyOrder() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        int n = 2_000;
        PublishOptions patient = PublishOptions.builder().timeout(Duration.ofMinutes(1)).build();
        List<CompletableFuture<PubAck>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(c.streams().publishAsync("win." + i, utf8("m" + i), patient));
        }
        await().atMost(WAIT).until(() -> server.frames(Frame.Pub.class).size() == n);
        List<Frame.Pub> sent = server.frames(Frame.Pub.class);
        int sid = inboxSid(server, sent.get(0).replyTo());
        // All acks in one write, last publish first.
        io.netty.channel.Channel ch = server.last().channel;
        io.netty.buffer.ByteBuf acks = ch.alloc().buffer();
        for (int i = n - 1; i >= 0; i--) {
            Frame.Pub p = sent.get(i);
            long seq = Long.parseLong(p.subject().substring("win.".length())) + 1;
            FrameWriter.write(
                    new Frame.Msg(
                            sid,
                            p.replyTo(),
                            null,
                            Headers.EMPTY,
                            utf8("{\"stream\":\"WIN\",\"seq\":" + seq + "}"),
                            false),
                    acks);
        }
        ch.writeAndFlush(acks);

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .get(20, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            assertThat(futures.get(i).join().seq()).isEqualTo(i + 1);
        }
        assertThat(
                        server.frames(Frame.Sub.class).stream()
                                .filter(s -> s.pattern().startsWith("_INBOX."))
                                .count())
                .isEqualTo(1);
        assertThat(sent.stream().map(Frame.Pub::replyTo).distinct().count()).isEqualTo(n);
    }

    @Test
    void publish_withoutAnAck_timesOutOnTheClock_withAClearMessage() throws Exception {
        ScriptedServer server = server();
        ManualClock clock = new ManualClock();
        Connection c = connect(options(server).clock(clock).build());

        CompletableFuture<PubAck> f =
                c.streams()
                        .publishAsync(
                                "slow.one",
                                utf8("x"),
                                PublishOptions.builder().timeout(Duration.ofSeconds(2)).build());
        Frame.Pub pub = awaitPub(server, "slow.one");
        clock.advance(Duration.ofMillis(1_900));
        assertThat(f).isNotDone();
        clock.advance(Duration.ofMillis(200));

        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no stream acknowledgement for the publish to 'slow.one'")
                .hasMessageContaining("PT2S");
        // A late ack is ignored.
        answer(server, pub, "{\"stream\":\"S\",\"seq\":1}");
        c.flush(WAIT);
        assertThat(f).isCompletedExceptionally();
    }

    @Test
    void blockingPublish_throwsTheBrokersError() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());

        Future<PubAck> f =
                background.submit(
                        () ->
                                c.streams()
                                        .publish(
                                                "nowhere",
                                                utf8("x"),
                                                PublishOptions.builder()
                                                        .expectedLastSeq(0)
                                                        .build()));
        answer(
                server,
                awaitPub(server, "nowhere"),
                "{\"error\":{\"code\":603,\"description\":\"last sequence is 4, not 0\"}}");

        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(StreamApiException.class)
                .satisfies(e -> assertThat(((StreamApiException) e).code()).isEqualTo(603));
    }

    @Test
    void pendingPublishes_failWhenTheConnectionCloses() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        CompletableFuture<PubAck> f = c.streams().publishAsync("bye", utf8("x"));
        awaitPub(server, "bye");

        c.close();

        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ConnectionClosedException.class);
    }

    // ------------------------------------------------------------------ management

    @Test
    void createStream_sendsTheConfig_andReadsTheInfo_errorsThrowWithTheCode() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        StreamConfig config = StreamConfig.builder("ORDERS").subjects("orders.>").build();

        Future<StreamInfo> created = background.submit(() -> c.streams().createStream(config));
        Frame.Pub req = awaitPub(server, "$SYS.API.STREAM.CREATE.ORDERS");
        assertThat(ApiJson.readRequest(req.payload(), StreamConfig.class)).isEqualTo(config);
        StreamInfo info = new StreamInfo(config, null, "2026-11-26T00:00:00Z");
        answer(server, req, new String(ApiJson.write(info), StandardCharsets.UTF_8));
        assertThat(created.get(10, TimeUnit.SECONDS)).isEqualTo(info);

        Future<StreamInfo> missing = background.submit(() -> c.streams().streamInfo("NOPE"));
        answer(
                server,
                awaitPub(server, "$SYS.API.STREAM.INFO.NOPE"),
                "{\"error\":{\"code\":600,\"description\":\"no stream NOPE\"}}");
        assertThatThrownBy(() -> missing.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(StreamApiException.class)
                .satisfies(
                        e ->
                                assertThat(((StreamApiException) e).error())
                                        .isEqualTo(ApiError.NO_STREAM));
    }

    @Test
    void createConsumer_sendsABodyTheBrokersStrictReaderAccepts() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        ConsumerConfig config =
                ConsumerConfig.builder("push").deliverSubject("deliver.orders").build();

        Future<ConsumerInfo> created =
                background.submit(() -> c.streams().createConsumer("ORDERS", config));
        Frame.Pub req = awaitPub(server, "$SYS.API.CONSUMER.CREATE.ORDERS.push");
        assertThat(ApiJson.readRequest(req.payload(), ConsumerConfig.class)).isEqualTo(config);
        ConsumerInfo info =
                new ConsumerInfo(
                        "ORDERS", "push", config, "2026-11-26T00:00:00Z", 0, 0, 0, 0, 0, 0, 0, 0);
        answer(server, req, new String(ApiJson.write(info), StandardCharsets.UTF_8));

        assertThat(created.get(10, TimeUnit.SECONDS)).isEqualTo(info);
    }

    // ------------------------------------------------------------------ pull

    private static String ackSubject(long deliveries, long seq, long cseq, long pending) {
        return new AckSubject(
                        "ORDERS",
                        "work",
                        deliveries,
                        seq,
                        cseq,
                        1_700_000_000_123_456_789L,
                        pending)
                .format();
    }

    @Test
    void fetch_sendsNext_collectsDeliveries_andEndsAtStatus408() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        PullConsumer pull = c.streams().pullConsumer("ORDERS", "work");

        Future<List<StreamMessage>> fetched =
                background.submit(() -> pull.fetch(5, Duration.ofSeconds(3)));
        Frame.Pub next = awaitPub(server, "$SYS.API.CONSUMER.NEXT.ORDERS.work");
        assertThat(ApiJson.readTree(next.payload()).path("batch").asInt()).isEqualTo(5);
        assertThat(ApiJson.readTree(next.payload()).path("expires_ms").asLong()).isEqualTo(3000);
        int sid = inboxSid(server, next.replyTo());
        send(
                server,
                sid,
                "orders.1",
                ackSubject(1, 7, 1, 1),
                List.of(Map.entry("k", "v")),
                utf8("a"));
        send(server, sid, "orders.2", ackSubject(2, 8, 2, 0), List.of(), utf8("b"));
        send(
                server,
                sid,
                next.replyTo(),
                null,
                List.of(
                        Map.entry(StreamHeaders.STATUS, "408"),
                        Map.entry(StreamHeaders.DESCRIPTION, "Request Timeout")),
                new byte[0]);

        List<StreamMessage> got = fetched.get(10, TimeUnit.SECONDS);
        assertThat(got).hasSize(2);
        StreamMessage first = got.get(0);
        assertThat(first.subject()).isEqualTo("orders.1");
        assertThat(first.payload()).isEqualTo(utf8("a"));
        assertThat(first.header("k")).contains("v");
        assertThat(first.stream()).isEqualTo("ORDERS");
        assertThat(first.consumer()).isEqualTo("work");
        assertThat(first.streamSequence()).isEqualTo(7);
        assertThat(first.consumerSequence()).isEqualTo(1);
        assertThat(first.deliveries()).isEqualTo(1);
        assertThat(first.pending()).isEqualTo(1);
        assertThat(first.timestamp())
                .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
        assertThat(got.get(1).deliveries()).isEqualTo(2);
    }

    @Test
    void fetch_status409_throws_andAnErrorAnswerThrows() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        PullConsumer pull = c.streams().pullConsumer("ORDERS", "work");

        Future<List<StreamMessage>> gone =
                background.submit(() -> pull.fetch(1, Duration.ofSeconds(5)));
        Frame.Pub next = awaitPub(server, "$SYS.API.CONSUMER.NEXT.ORDERS.work");
        send(
                server,
                inboxSid(server, next.replyTo()),
                next.replyTo(),
                null,
                List.of(Map.entry(StreamHeaders.STATUS, "409")),
                new byte[0]);
        assertThatThrownBy(() -> gone.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(StreamApiException.class)
                .satisfies(e -> assertThat(((StreamApiException) e).code()).isEqualTo(409));

        Future<List<StreamMessage>> wrong =
                background.submit(() -> pull.fetch(1, Duration.ofSeconds(5)));
        await().atMost(WAIT)
                .until(() -> pubs(server, "$SYS.API.CONSUMER.NEXT.ORDERS.work").size() == 2);
        Frame.Pub second = pubs(server, "$SYS.API.CONSUMER.NEXT.ORDERS.work").get(1);
        answer(
                server,
                second,
                "{\"error\":{\"code\":612,\"description\":\"work is a push consumer\"}}");
        assertThatThrownBy(() -> wrong.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(StreamApiException.class)
                .satisfies(e -> assertThat(((StreamApiException) e).code()).isEqualTo(612));
    }

    @Test
    void acks_publishTheSpecPayloadsToTheAckSubject() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        String ack = ackSubject(1, 9, 3, 0);
        StreamMessage m =
                StreamMessage.of(new Msg(1, "orders.9", ack, Headers.EMPTY, utf8("p"), c));

        m.ack();
        m.nak();
        m.nak(Duration.ofMillis(1500));
        m.inProgress();
        m.term();
        m.term("bad input");
        c.flush(WAIT);

        assertThat(
                        pubs(server, ack).stream()
                                .map(p -> new String(p.payload(), StandardCharsets.UTF_8)))
                .containsExactly(
                        "+ACK",
                        "-NAK",
                        "-NAK {\"delay_ms\": 1500}",
                        "+WIP",
                        "+TERM",
                        "+TERM bad input");
    }

    @Test
    void ackSync_waitsForOk_andNotPendingThrows() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        String ack = ackSubject(1, 9, 3, 0);
        StreamMessage m =
                StreamMessage.of(new Msg(1, "orders.9", ack, Headers.EMPTY, utf8("p"), c));

        Future<?> ok =
                background.submit(
                        () -> {
                            m.ackSync(WAIT);
                            return null;
                        });
        answer(server, awaitPub(server, ack), "{\"ok\":true}");
        ok.get(10, TimeUnit.SECONDS);

        Future<?> refused =
                background.submit(
                        () -> {
                            m.ackSync(WAIT);
                            return null;
                        });
        await().atMost(WAIT).until(() -> pubs(server, ack).size() == 2);
        answer(
                server,
                pubs(server, ack).get(1),
                "{\"error\":{\"code\":614,\"description\":\"seq 9 is not pending\"}}");
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(StreamApiException.class)
                .satisfies(
                        e ->
                                assertThat(((StreamApiException) e).error())
                                        .isEqualTo(ApiError.NOT_PENDING));
    }

    @Test
    void streamMessage_refusesAMessageWithoutAnAckSubject() {
        Msg plain = new Msg(1, "x", "_INBOX.abc.1", Headers.EMPTY, new byte[0], null);
        assertThatThrownBy(() -> StreamMessage.of(plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a $SYS.ACK subject");
    }

    // ------------------------------------------------------------------ push

    @Test
    void subscribe_readsTheDeliverSubject_andHandsDeliveriesToTheHandler() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());
        BlockingQueue<StreamMessage> got = new LinkedBlockingQueue<>();

        Future<Subscription> sub =
                background.submit(
                        () -> c.streams().subscribe("ORDERS", "push", "workers", got::add));
        answer(
                server,
                awaitPub(server, "$SYS.API.CONSUMER.INFO.ORDERS.push"),
                "{\"stream\":\"ORDERS\",\"name\":\"push\",\"config\":{\"name\":\"push\","
                        + "\"deliver_subject\":\"deliver.orders\"}}");
        Subscription s = sub.get(10, TimeUnit.SECONDS);
        assertThat(s.pattern()).isEqualTo("deliver.orders");
        assertThat(s.queueGroup()).contains("workers");
        await().atMost(WAIT)
                .until(
                        () ->
                                server.frames(Frame.Sub.class).stream()
                                        .anyMatch(f -> f.pattern().equals("deliver.orders")));

        send(server, s.sid(), "orders.5", ackSubject(1, 5, 1, 0), List.of(), utf8("five"));

        StreamMessage m = got.poll(10, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m.streamSequence()).isEqualTo(5);
        assertThat(m.payload()).isEqualTo(utf8("five"));
    }

    @Test
    void subscribe_toAPullConsumer_isWrongConsumerKind() throws Exception {
        ScriptedServer server = server();
        Connection c = connect(options(server).build());

        Future<Subscription> sub =
                background.submit(() -> c.streams().subscribe("ORDERS", "pull", m -> {}));
        answer(
                server,
                awaitPub(server, "$SYS.API.CONSUMER.INFO.ORDERS.pull"),
                "{\"stream\":\"ORDERS\",\"name\":\"pull\",\"config\":{\"name\":\"pull\"}}");

        assertThatThrownBy(() -> sub.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(StreamApiException.class)
                .satisfies(
                        e ->
                                assertThat(((StreamApiException) e).error())
                                        .isEqualTo(ApiError.WRONG_CONSUMER_KIND));
    }
}
