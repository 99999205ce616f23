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
                (Frame.Msg)
                        c.readUntil(f -> f instanceof Frame.Msg mm && mm.subject().equals(reply));
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
                (Frame.Msg)
                        c.readUntil(f -> f instanceof Frame.Msg mm && mm.subject().equals(reply));
        return JSON.readTree(m.payload());
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
            Frame.Err err = (Frame.Err) c.readUntil(f -> f instanceof Frame.Err);
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
            Frame.Msg d1 = (Frame.Msg) c.readUntil(f -> f instanceof Frame.Msg);
            Frame.Msg d2 = (Frame.Msg) c.readUntil(f -> f instanceof Frame.Msg);
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
                            c.readUntil(
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
            Frame.Msg r2 = (Frame.Msg) c.readUntil(f -> f instanceof Frame.Msg);
            Frame.Msg r3 = (Frame.Msg) c.readUntil(f -> f instanceof Frame.Msg);
            Frame.Msg status = (Frame.Msg) c.readUntil(f -> f instanceof Frame.Msg);
            assertThat(AckSubject.parse(r2.replyTo()).streamSeq()).isEqualTo(2);
            assertThat(AckSubject.parse(r2.replyTo()).deliveries()).isEqualTo(2);
            assertThat(AckSubject.parse(r3.replyTo()).streamSeq()).isEqualTo(3);
            assertThat(Headers.decode(status.headers()))
                    .contains(Map.entry(StreamHeaders.STATUS, "404"));
            // Ack 3 synchronously; 2 stays outstanding.
            c.send(new Frame.Pub(r3.replyTo(), "_IN.ack3", Headers.EMPTY, new byte[0], false));
            c.readUntil(f -> f instanceof Frame.Msg m && m.subject().equals("_IN.ack3"));
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
}
