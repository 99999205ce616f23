package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import dev.switchboard.protocol.stream.AckSubject;
import dev.switchboard.protocol.stream.StreamHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable streams over the wire with a raw protocol client: the stream API, acknowledged
 * publishing, pull consumers, acks, and what survives a restart.
 */
class StreamsProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    private Broker broker;
    private int inbox;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private Broker start(Path storage) {
        broker =
                Broker.start(
                        BrokerConfig.builder().port(0).httpPort(-1).storageDir(storage).build());
        return broker;
    }

    private final java.util.ArrayDeque<Frame> backlog = new java.util.ArrayDeque<>();

    /**
     * The next frame matching, from what was read and set aside earlier or from the socket; frames
     * that do not match are kept for later calls (answers and deliveries race).
     */
    private Frame frame(RawClient c, java.util.function.Predicate<Frame> wanted) throws Exception {
        for (java.util.Iterator<Frame> it = backlog.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (wanted.test(f)) {
                it.remove();
                return f;
            }
        }
        while (true) {
            Frame f = c.next();
            if (wanted.test(f)) {
                return f;
            }
            backlog.add(f);
        }
    }

    private static boolean delivery(Frame f) {
        return f instanceof Frame.Msg m
                && m.replyTo() != null
                && m.replyTo().startsWith("$SYS.ACK.");
    }

    private static boolean status(Frame f) {
        return f instanceof Frame.Msg m
                && m.headers().length > 0
                && Headers.decode(m.headers()).stream()
                        .anyMatch(h -> h.getKey().equals(StreamHeaders.STATUS));
    }

    private RawClient client() throws Exception {
        RawClient c = RawClient.tcp(broker.port());
        c.hello("t", null);
        c.send(new Frame.Sub(1, "_IN.>", null, QueueMode.ROUND_ROBIN, null));
        c.flush();
        return c;
    }

    private JsonNode ask(RawClient c, String subject, String body) throws Exception {
        String reply = "_IN." + (++inbox);
        c.send(
                new Frame.Pub(
                        subject,
                        reply,
                        Headers.EMPTY,
                        body.getBytes(StandardCharsets.UTF_8),
                        true));
        Frame.Msg m =
                (Frame.Msg) frame(c, f -> f instanceof Frame.Msg mm && mm.subject().equals(reply));
        assertThat(m.noResponders()).as("answered").isFalse();
        return JSON.readTree(m.payload());
    }

    private JsonNode publish(
            RawClient c, String subject, String payload, Map<String, String> headers)
            throws Exception {
        String reply = "_IN." + (++inbox);
        byte[] h =
                headers.isEmpty() ? Headers.EMPTY : Headers.encode(List.copyOf(headers.entrySet()));
        c.send(
                new Frame.Pub(
                        subject, reply, h, payload.getBytes(StandardCharsets.UTF_8), false, true));
        Frame.Msg m =
                (Frame.Msg) frame(c, f -> f instanceof Frame.Msg mm && mm.subject().equals(reply));
        return JSON.readTree(m.payload());
    }

    @Test
    void aClientThatStopsReading_isPaced_andDoesNotHoldUpAnotherOnTheSameConsumer()
            throws Exception {
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .port(0)
                                .httpPort(-1)
                                .storageDir(dir)
                                .maxPayload(64 << 10)
                                .maxPendingBytes(256 << 10)
                                .build());
        int messages = 10_000; // 10 MB: far past the socket buffers and the 256 KiB bound
        try (RawClient c = client();
                RawClient stalled = RawClient.tcpSmallReceiveBuffer(broker.port())) {
            ask(c, "$SYS.API.STREAM.CREATE.BIG", "{\"name\":\"BIG\",\"subjects\":[\"big.*\"]}");
            byte[] kib = new byte[1024];
            for (int i = 0; i < messages; i++) {
                c.send(new Frame.Pub("big.x", null, Headers.EMPTY, kib, false));
            }
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(
                            () ->
                                    ask(c, "$SYS.API.STREAM.INFO.BIG", "")
                                                    .at("/state/messages")
                                                    .asLong()
                                            == messages);
            ask(c, "$SYS.API.CONSUMER.CREATE.BIG.w", "{\"name\":\"w\",\"ack_policy\":\"none\"}");

            // A client asks for everything, then reads nothing.
            stalled.hello("stalled", null);
            stalled.send(new Frame.Sub(1, "_S.>", null, QueueMode.ROUND_ROBIN, null));
            stalled.send(
                    new Frame.Pub(
                            "$SYS.API.CONSUMER.NEXT.BIG.w",
                            "_S.1",
                            Headers.EMPTY,
                            ("{\"batch\":" + messages + ",\"expires_ms\":60000}")
                                    .getBytes(StandardCharsets.UTF_8),
                            false));
            // Another client on the same consumer, behind it in the queue, is still served.
            c.send(
                    new Frame.Pub(
                            "$SYS.API.CONSUMER.NEXT.BIG.w",
                            "_IN.second",
                            Headers.EMPTY,
                            "{\"batch\":10,\"expires_ms\":60000}".getBytes(StandardCharsets.UTF_8),
                            false));
            for (int i = 0; i < 10; i++) {
                assertThat(frame(c, StreamsProtocolTest::delivery)).isNotNull();
            }
            // The stalled client was paced, not cut off as a slow consumer.
            stalled.readTimeout(200);
            assertThat(stalled.closedByServer()).isFalse();
        }
    }

    @Test
    void withoutStorage_streamCallsAndAckedPublishesAreRefusedWithACode() throws Exception {
        start(null);
        try (RawClient c = client()) {
            assertThat(ask(c, "$SYS.API.STREAM.LIST", "").at("/error/code").asInt()).isEqualTo(609);
            assertThat(publish(c, "orders.1", "x", Map.of()).at("/error/code").asInt())
                    .isEqualTo(609);
        }
    }

    @Test
    void ackFlag_onAVersion1Connection_isRefusedAsBadFlags() throws Exception {
        start(dir);
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.send(new Frame.Hello(1, 1, "old", null, "raw-test", true));
            assertThat(((Frame.Welcome) c.next()).version()).isEqualTo(1);
            c.send(new Frame.Pub("orders.1", "_IN.1", Headers.EMPTY, new byte[1], false, true));
            Frame.Err err = (Frame.Err) frame(c, f -> f instanceof Frame.Err);
            assertThat(err.code()).isEqualTo(dev.switchboard.protocol.ErrorCode.BAD_FLAGS.code());
            assertThat(err.text()).contains("protocol version 2");
        }
    }

    @Test
    void ackedPublishing_sequencesDuplicatesAndExpectations() throws Exception {
        start(dir);
        try (RawClient c = client()) {
            JsonNode info =
                    ask(
                            c,
                            "$SYS.API.STREAM.CREATE.ORDERS",
                            "{\"name\":\"ORDERS\",\"subjects\":[\"orders.>\"]}");
            assertThat(info.at("/config/name").asText()).isEqualTo("ORDERS");
            assertThat(info.at("/config/fsync").asText()).isEqualTo("always");
            assertThat(
                            ask(
                                            c,
                                            "$SYS.API.STREAM.CREATE.OTHER",
                                            "{\"name\":\"OTHER\",\"subjects\":[\"orders.eu\"]}")
                                    .at("/error/code")
                                    .asInt())
                    .isEqualTo(606);
            for (int i = 1; i <= 3; i++) {
                JsonNode ack = publish(c, "orders.eu", "o" + i, Map.of());
                assertThat(ack.get("stream").asText()).isEqualTo("ORDERS");
                assertThat(ack.get("seq").asLong()).isEqualTo(i);
            }
            JsonNode first = publish(c, "orders.us", "dup", Map.of(StreamHeaders.MSG_ID, "id-1"));
            JsonNode again = publish(c, "orders.us", "dup", Map.of(StreamHeaders.MSG_ID, "id-1"));
            assertThat(first.get("seq").asLong()).isEqualTo(4);
            assertThat(again.get("seq").asLong()).isEqualTo(4);
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            assertThat(
                            publish(
                                            c,
                                            "orders.us",
                                            "x",
                                            Map.of(StreamHeaders.EXPECTED_LAST_SEQ, "3"))
                                    .at("/error/code")
                                    .asInt())
                    .isEqualTo(603);
            assertThat(
                            publish(
                                            c,
                                            "orders.us",
                                            "x",
                                            Map.of(StreamHeaders.EXPECTED_LAST_SEQ, "4"))
                                    .get("seq")
                                    .asLong())
                    .isEqualTo(5);
            assertThat(
                            publish(
                                            c,
                                            "orders.us",
                                            "x",
                                            Map.of(StreamHeaders.EXPECTED_STREAM, "NOPE"))
                                    .at("/error/code")
                                    .asInt())
                    .isEqualTo(605);
            assertThat(publish(c, "billing.1", "x", Map.of()).at("/error/code").asInt())
                    .isEqualTo(600);
            JsonNode state = ask(c, "$SYS.API.STREAM.INFO.ORDERS", "").get("state");
            assertThat(state.get("messages").asLong()).isEqualTo(5);
            assertThat(state.get("last_seq").asLong()).isEqualTo(5);
            JsonNode msg = ask(c, "$SYS.API.STREAM.MSG.GET.ORDERS", "{\"seq\":2}").get("message");
            assertThat(msg.get("subject").asText()).isEqualTo("orders.eu");
            assertThat(
                            new String(
                                    java.util.Base64.getDecoder().decode(msg.get("data").asText()),
                                    StandardCharsets.UTF_8))
                    .isEqualTo("o2");
            assertThat(
                            ask(
                                            c,
                                            "$SYS.API.STREAM.CREATE.BAD",
                                            "{\"name\":\"BAD\",\"max_msgs\":-5}")
                                    .at("/error/description")
                                    .asText())
                    .contains("max_msgs");
        }
    }

    @Test
    void pullConsumer_deliversAcksRedeliversAndSurvivesRestart() throws Exception {
        start(dir);
        try (RawClient c = client()) {
            ask(c, "$SYS.API.STREAM.CREATE.JOBS", "{\"name\":\"JOBS\",\"subjects\":[\"jobs.*\"]}");
            for (int i = 1; i <= 3; i++) {
                publish(c, "jobs.a", "j" + i, Map.of());
            }
            JsonNode ci =
                    ask(
                            c,
                            "$SYS.API.CONSUMER.CREATE.JOBS.w",
                            "{\"name\":\"w\",\"ack_wait_ms\":60000}");
            assertThat(ci.get("num_pending").asLong()).isEqualTo(3);
            c.send(
                    new Frame.Pub(
                            "$SYS.API.CONSUMER.NEXT.JOBS.w",
                            "_IN.pull1",
                            Headers.EMPTY,
                            "{\"batch\":2,\"expires_ms\":5000}".getBytes(StandardCharsets.UTF_8),
                            false));
            Frame.Msg d1 = (Frame.Msg) frame(c, StreamsProtocolTest::delivery);
            Frame.Msg d2 = (Frame.Msg) frame(c, StreamsProtocolTest::delivery);
            assertThat(d1.subject()).isEqualTo("jobs.a");
            AckSubject a1 = AckSubject.parse(d1.replyTo());
            AckSubject a2 = AckSubject.parse(d2.replyTo());
            assertThat(a1.streamSeq()).isEqualTo(1);
            assertThat(a2.streamSeq()).isEqualTo(2);
            assertThat(a1.deliveries()).isEqualTo(1);
            // Synchronous ack of 1; NAK of 2 with no delay: redelivered next.
            c.send(
                    new Frame.Pub(
                            d1.replyTo(),
                            "_IN.ack1",
                            Headers.EMPTY,
                            "+ACK".getBytes(StandardCharsets.UTF_8),
                            false));
            Frame.Msg ok =
                    (Frame.Msg)
                            frame(
                                    c,
                                    f ->
                                            f instanceof Frame.Msg m
                                                    && m.subject().equals("_IN.ack1"));
            assertThat(JSON.readTree(ok.payload()).get("ok").asBoolean()).isTrue();
            c.send(
                    new Frame.Pub(
                            d2.replyTo(),
                            null,
                            Headers.EMPTY,
                            "-NAK {\"delay_ms\":0}".getBytes(StandardCharsets.UTF_8),
                            false));
            c.send(
                    new Frame.Pub(
                            "$SYS.API.CONSUMER.NEXT.JOBS.w",
                            "_IN.pull2",
                            Headers.EMPTY,
                            "{\"batch\":3,\"no_wait\":true}".getBytes(StandardCharsets.UTF_8),
                            false));
            Frame.Msg r2 = (Frame.Msg) frame(c, StreamsProtocolTest::delivery);
            Frame.Msg r3 = (Frame.Msg) frame(c, StreamsProtocolTest::delivery);
            Frame.Msg status = (Frame.Msg) frame(c, StreamsProtocolTest::status);
            assertThat(AckSubject.parse(r2.replyTo()).streamSeq()).isEqualTo(2);
            assertThat(AckSubject.parse(r2.replyTo()).deliveries()).isEqualTo(2);
            assertThat(AckSubject.parse(r3.replyTo()).streamSeq()).isEqualTo(3);
            assertThat(Headers.decode(status.headers()))
                    .contains(Map.entry(StreamHeaders.STATUS, "404"));
            // Ack 3 synchronously; 2 stays outstanding.
            c.send(new Frame.Pub(r3.replyTo(), "_IN.ack3", Headers.EMPTY, new byte[0], false));
            frame(c, f -> f instanceof Frame.Msg m && m.subject().equals("_IN.ack3"));
            JsonNode info = ask(c, "$SYS.API.CONSUMER.INFO.JOBS.w", "");
            assertThat(info.get("num_ack_pending").asLong()).isEqualTo(1);
            assertThat(info.get("ack_floor").asLong()).isEqualTo(1);
            assertThat(
                            ask(
                                            c,
                                            "$SYS.API.CONSUMER.CREATE.JOBS.w",
                                            "{\"name\":\"w\",\"ack_wait_ms\":5}")
                                    .at("/error/code")
                                    .asInt())
                    .isEqualTo(611);
        }
        broker.shutdown(Duration.ZERO);
        start(dir);
        try (RawClient c = client()) {
            JsonNode state = ask(c, "$SYS.API.STREAM.INFO.JOBS", "").get("state");
            assertThat(state.get("messages").asLong()).isEqualTo(3);
            assertThat(state.get("consumers").asInt()).isEqualTo(1);
            JsonNode info = ask(c, "$SYS.API.CONSUMER.INFO.JOBS.w", "");
            assertThat(info.get("num_ack_pending").asLong()).isEqualTo(1);
            assertThat(info.get("ack_floor").asLong()).isEqualTo(1);
            assertThat(info.get("delivered_stream_seq").asLong()).isEqualTo(3);
            JsonNode ack = publish(c, "jobs.b", "j4", Map.of());
            assertThat(ack.get("seq").asLong()).isEqualTo(4);
        }
    }

    @Test
    void pushConsumer_deadLetters_republish_workQueueAndPurge() throws Exception {
        start(dir);
        try (RawClient c = client()) {
            ask(
                    c,
                    "$SYS.API.STREAM.CREATE.WQ",
                    "{\"name\":\"WQ\",\"subjects\":[\"wq.>\"],\"retention\":\"work_queue\"}");
            ask(
                    c,
                    "$SYS.API.CONSUMER.CREATE.WQ.push",
                    "{\"name\":\"push\",\"deliver_subject\":\"deliver.wq\",\"max_deliver\":1,"
                            + "\"dead_letter_stream\":\"WQ_DLQ\",\"ack_wait_ms\":60000}");
            assertThat(
                            ask(c, "$SYS.API.CONSUMER.CREATE.WQ.second", "{\"name\":\"second\"}")
                                    .at("/error/code")
                                    .asInt())
                    .isEqualTo(615); // one consumer per work queue
            publish(c, "wq.a", "one", Map.of("X-Trace", "t1"));
            publish(c, "wq.b", "two", Map.of());
            // No subscriber on the deliver subject yet: nothing is delivered (nothing counted).
            assertThat(
                            ask(c, "$SYS.API.CONSUMER.INFO.WQ.push", "")
                                    .get("delivered_consumer_seq")
                                    .asLong())
                    .isZero();
            c.send(new Frame.Sub(7, "deliver.wq", null, QueueMode.ROUND_ROBIN, null));
            Frame.Msg m1 = (Frame.Msg) frame(c, f -> f instanceof Frame.Msg m && m.sid() == 7);
            Frame.Msg m2 = (Frame.Msg) frame(c, f -> f instanceof Frame.Msg m && m.sid() == 7);
            assertThat(m1.subject()).isEqualTo("wq.a");
            assertThat(Headers.decode(m1.headers())).contains(Map.entry("X-Trace", "t1"));
            // Ack the first (work queue: removed), terminate the second (dead-lettered).
            c.send(new Frame.Pub(m1.replyTo(), "_IN.a1", Headers.EMPTY, new byte[0], false));
            frame(c, f -> f instanceof Frame.Msg m && m.subject().equals("_IN.a1"));
            c.send(
                    new Frame.Pub(
                            m2.replyTo(),
                            "_IN.t2",
                            Headers.EMPTY,
                            "+TERM cannot parse".getBytes(StandardCharsets.UTF_8),
                            false));
            frame(c, f -> f instanceof Frame.Msg m && m.subject().equals("_IN.t2"));
            // Work queue: acked and dead-lettered messages both leave the stream (a dead letter's
            // original once the dead letter itself is durable).
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    ask(c, "$SYS.API.STREAM.INFO.WQ", "")
                                                    .at("/state/messages")
                                                    .asLong()
                                            == 0);
            JsonNode dl = ask(c, "$SYS.API.STREAM.MSG.GET.WQ_DLQ", "{\"seq\":1}").get("message");
            assertThat(dl.get("subject").asText()).isEqualTo("wq.b");
            assertThat(dl.get("headers").toString())
                    .contains(
                            "Sb-Dlq-Stream",
                            "WQ",
                            "Sb-Dlq-Sequence",
                            "\"2\"",
                            "terminated: cannot parse");
            // Republish the dead letter: the work queue stores it again and the consumer gets it.
            JsonNode rep = ask(c, "$SYS.API.STREAM.REPUBLISH.WQ_DLQ", "{\"seq\":1}");
            assertThat(rep.get("stream").asText()).isEqualTo("WQ");
            Frame.Msg again = (Frame.Msg) frame(c, f -> f instanceof Frame.Msg m && m.sid() == 7);
            assertThat(again.subject()).isEqualTo("wq.b");
            assertThat(AckSubject.parse(again.replyTo()).streamSeq()).isEqualTo(3);
            assertThat(Headers.decode(again.headers()).toString()).doesNotContain("Sb-Dlq");
            assertThat(ask(c, "$SYS.API.STREAM.PURGE.WQ", "").get("purged").asLong()).isEqualTo(1);
            assertThat(ask(c, "$SYS.API.STREAM.INFO.WQ", "").at("/state/messages").asLong())
                    .isZero();
            assertThat(ask(c, "$SYS.API.STREAM.LIST", "").get("streams").size()).isEqualTo(2);
            assertThat(ask(c, "$SYS.API.STREAM.DELETE.WQ", "").get("deleted").asBoolean()).isTrue();
            assertThat(ask(c, "$SYS.API.STREAM.INFO.WQ", "").at("/error/code").asInt())
                    .isEqualTo(600);
        }
    }

    @Test
    void httpAdminApi_mapsRestOntoTheSameOperations() throws Exception {
        broker = Broker.start(BrokerConfig.builder().port(0).httpPort(0).storageDir(dir).build());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + broker.httpPort() + "/v1/streams";
        java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> call =
                (method, pathAndBody) -> {
                    String[] pb = pathAndBody.split(" ", 2);
                    var body =
                            pb.length > 1
                                    ? java.net.http.HttpRequest.BodyPublishers.ofString(pb[1])
                                    : java.net.http.HttpRequest.BodyPublishers.noBody();
                    try {
                        return http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(base + pb[0]))
                                        .method(method, body)
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                };
        var created = call.apply("POST", "/H {\"name\":\"H\",\"subjects\":[\"h.>\"]}");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(created.body()).at("/config/subjects/0").asText())
                .isEqualTo("h.>");
        assertThat(call.apply("POST", "/H {\"name\":\"H\",\"subjects\":[\"x.>\"]}").statusCode())
                .isEqualTo(409);
        assertThat(call.apply("GET", "").body()).contains("\"name\":\"H\"");
        assertThat(call.apply("GET", "/NOPE").statusCode()).isEqualTo(404);
        assertThat(call.apply("POST", "/H/consumers/c {\"name\":\"c\"}").statusCode())
                .isEqualTo(200);
        assertThat(
                        JSON.readTree(call.apply("GET", "/H/consumers").body())
                                .at("/consumers/0/name")
                                .asText())
                .isEqualTo("c");
        assertThat(call.apply("GET", "/H/messages/1").statusCode()).isEqualTo(404);
        String metrics =
                http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(
                                                        "http://127.0.0.1:"
                                                                + broker.httpPort()
                                                                + "/metrics"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
        assertThat(metrics)
                .contains("switchboard_stream_messages{stream=\"H\"} 0.0")
                .contains("switchboard_stream_bytes{stream=\"H\"}")
                .contains("switchboard_stream_last_seq{stream=\"H\"} 0.0");
        assertThat(call.apply("POST", "/H {not json").statusCode()).isEqualTo(400);
        assertThat(call.apply("PATCH", "/H").statusCode()).isEqualTo(405);
        assertThat(call.apply("DELETE", "/H").statusCode()).isEqualTo(200);
        assertThat(call.apply("GET", "/H").statusCode()).isEqualTo(404);
    }

    @Test
    void replySubjects_neverReachTheBrokersOwnHandlers_andIdlePullsExpire() throws Exception {
        start(dir);
        try (RawClient c = client()) {
            ask(c, "$SYS.API.STREAM.CREATE.KEEP", "{\"name\":\"KEEP\",\"subjects\":[\"keep.>\"]}");
            // A client may not turn the broker's ack into an API call by choosing the reply.
            c.send(
                    new Frame.Pub(
                            "keep.1",
                            "$SYS.API.STREAM.DELETE.KEEP",
                            Headers.EMPTY,
                            new byte[1],
                            false,
                            true));
            c.send(
                    new Frame.Pub(
                            "nope.1",
                            "$SYS.API.STREAM.DELETE.KEEP",
                            Headers.EMPTY,
                            new byte[1],
                            false,
                            true));
            c.flush();
            JsonNode info = ask(c, "$SYS.API.STREAM.INFO.KEEP", "");
            assertThat(info.at("/config/name").asText()).isEqualTo("KEEP");
            assertThat(info.at("/state/messages").asLong()).isEqualTo(1);
            // A pull request on an idle stream ends with 408 when it expires.
            ask(
                    c,
                    "$SYS.API.CONSUMER.CREATE.KEEP.idle",
                    "{\"name\":\"idle\",\"deliver_policy\":\"new\"}");
            c.send(
                    new Frame.Pub(
                            "$SYS.API.CONSUMER.NEXT.KEEP.idle",
                            "_IN.idle",
                            Headers.EMPTY,
                            "{\"batch\":5,\"expires_ms\":200}".getBytes(StandardCharsets.UTF_8),
                            false));
            Frame.Msg status = (Frame.Msg) frame(c, StreamsProtocolTest::status);
            assertThat(Headers.decode(status.headers()))
                    .contains(Map.entry(StreamHeaders.STATUS, "408"));
            assertThat(ask(c, "$SYS.API.CONSUMER.INFO.KEEP.idle", "").get("num_waiting").asLong())
                    .isZero();
        }
    }

    @Test
    void ackedPublish_reachesLiveSubscribersWithoutItsReply_andHonoursEcho() throws Exception {
        start(dir);
        try (RawClient other = client();
                RawClient self = RawClient.tcp(broker.port())) {
            ask(
                    other,
                    "$SYS.API.STREAM.CREATE.LIVE",
                    "{\"name\":\"LIVE\",\"subjects\":[\"live.>\"]}");
            other.send(new Frame.Sub(9, "live.>", null, QueueMode.ROUND_ROBIN, null));
            other.flush();
            self.send(
                    new Frame.Hello(
                            dev.switchboard.protocol.ProtocolVersion.MIN,
                            dev.switchboard.protocol.ProtocolVersion.MAX,
                            "no-echo",
                            null,
                            "raw-test",
                            false));
            self.next();
            self.send(new Frame.Sub(1, "_IN.>", null, QueueMode.ROUND_ROBIN, null));
            self.send(new Frame.Sub(2, "live.>", null, QueueMode.ROUND_ROBIN, null));
            self.send(
                    new Frame.Pub("live.1", "_IN.ack", Headers.EMPTY, new byte[] {7}, false, true));
            Frame.Msg ack = (Frame.Msg) self.readUntil(f -> f instanceof Frame.Msg);
            assertThat(ack.subject()).isEqualTo("_IN.ack"); // not its own live copy: echo is off
            assertThat(JSON.readTree(ack.payload()).get("seq").asLong()).isEqualTo(1);
            Frame.Msg live =
                    (Frame.Msg) other.readUntil(f -> f instanceof Frame.Msg m && m.sid() == 9);
            assertThat(live.subject()).isEqualTo("live.1");
            assertThat(live.replyTo()).isNull();
            assertThat(live.payload()).containsExactly(7);
        }
    }

    /**
     * Acks are routed from a per-connection cache of the inbox prefix's route; a subscription to
     * one literal reply subject, made after that route was cached, must still get its ack.
     */
    @Test
    void ackReplies_reachEverySubscriberOfTheReply_evenOneSubscribedAfterTheRouteWasCached()
            throws Exception {
        start(dir);
        try (RawClient owner = client();
                RawClient spy = RawClient.tcp(broker.port())) {
            ask(owner, "$SYS.API.STREAM.CREATE.SPY", "{\"name\":\"SPY\",\"subjects\":[\"spy.>\"]}");
            assertThat(publish(owner, "spy.1", "a", Map.of()).get("seq").asLong()).isEqualTo(1);
            spy.hello("spy", null);
            String watched = "_IN." + (inbox + 1); // the owner's next reply subject
            spy.send(new Frame.Sub(5, watched, null, QueueMode.ROUND_ROBIN, null));
            spy.flush(); // the broker has the subscription once the PONG is back
            assertThat(publish(owner, "spy.2", "b", Map.of()).get("seq").asLong()).isEqualTo(2);
            Frame.Msg seen =
                    (Frame.Msg) spy.readUntil(f -> f instanceof Frame.Msg m && m.sid() == 5);
            assertThat(seen.subject()).isEqualTo(watched);
            assertThat(JSON.readTree(seen.payload()).get("seq").asLong()).isEqualTo(2);
            assertThat(publish(owner, "spy.3", "c", Map.of()).get("seq").asLong()).isEqualTo(3);
        }
    }
}
