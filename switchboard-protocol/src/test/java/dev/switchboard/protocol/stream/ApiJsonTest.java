package dev.switchboard.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stream API's JSON: snake_case, lower-case enums, defaults, strict requests. */
class ApiJsonTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void configs_roundTrip_andWriteOnlyTheirComponents() {
        ConsumerConfig c = ConsumerConfig.builder("w").deliverSubject("d.w").maxDeliver(3).build();
        String json = new String(ApiJson.write(c), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"deliver_subject\":\"d.w\"", "\"deliver_policy\":\"all\"")
                .doesNotContain("\"push\"");
        assertThat(ApiJson.readRequest(b(json), ConsumerConfig.class)).isEqualTo(c);
        StreamConfig s =
                StreamConfig.builder("S").subjects("a.>").fsync(StreamConfig.Fsync.NEVER).build();
        assertThat(ApiJson.readRequest(ApiJson.write(s), StreamConfig.class)).isEqualTo(s);
    }

    @Test
    void absentFields_takeTheDefaults() {
        StreamConfig s = ApiJson.readRequest(b("{\"name\":\"S\"}"), StreamConfig.class);
        assertThat(s.fsync()).isEqualTo(StreamConfig.Fsync.ALWAYS);
        assertThat(s.maxMsgs()).isEqualTo(-1);
        assertThat(s.duplicateWindowMs()).isEqualTo(StreamConfig.DEFAULT_DUPLICATE_WINDOW_MS);
        ConsumerConfig c = ApiJson.readRequest(b("{\"name\":\"c\"}"), ConsumerConfig.class);
        assertThat(c.ackWaitMs()).isEqualTo(30_000);
        assertThat(c.backoffJitter()).isEqualTo(0.2);
        assertThat(c.maxAckPending()).isEqualTo(1_000);
        assertThat(c.isPush()).isFalse();
    }

    @Test
    void badRequests_areBadRequestErrors_namingTheField() {
        assertThatThrownBy(
                        () ->
                                ApiJson.readRequest(
                                        b("{\"name\":\"S\",\"bogus\":1}"), StreamConfig.class))
                .isInstanceOf(StreamApiException.class)
                .hasMessageContaining("bogus")
                .extracting(e -> ((StreamApiException) e).error())
                .isEqualTo(ApiError.BAD_REQUEST);
        assertThatThrownBy(
                        () ->
                                ApiJson.readRequest(
                                        b("{\"name\":\"S\",\"max_bytes\":-7}"), StreamConfig.class))
                .hasMessageContaining("max_bytes");
        assertThatThrownBy(
                        () ->
                                ApiJson.readRequest(
                                        b("{\"name\":\"S\",\"subjects\":[\"a.>\",\"a.b\"]}"),
                                        StreamConfig.class))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> ApiJson.readRequest(b("not json"), StreamConfig.class))
                .hasMessageContaining("invalid JSON");
    }

    @Test
    void errorReplies_becomeExceptionsWithTheirCode() {
        assertThatThrownBy(() -> ApiJson.readReply(ApiJson.error(602, "full"), PubAck.class))
                .isInstanceOf(StreamApiException.class)
                .extracting(e -> ((StreamApiException) e).error())
                .isEqualTo(ApiError.STREAM_FULL);
        assertThat(
                        ApiJson.readReply(
                                b("{\"stream\":\"S\",\"seq\":4,\"new_field\":1}"), PubAck.class))
                .isEqualTo(new PubAck("S", 4, false));
    }

    @Test
    void ackSubjectsAndKinds_parse() {
        AckSubject a = new AckSubject("S", "c", 2, 10, 11, 123, 5);
        assertThat(AckSubject.parse(a.format())).isEqualTo(a);
        assertThat(AckSubject.parse("$SYS.ACK.S.c.x.1.1.1.1")).isNull();
        assertThat(AckSubject.parse("orders.1")).isNull();
        assertThat(AckKind.parse(b("+ACK"))).isEqualTo(AckKind.ACK);
        assertThat(AckKind.parse(new byte[0])).isEqualTo(AckKind.ACK);
        assertThat(AckKind.parse(b("-NAK {\"delay_ms\":5}"))).isEqualTo(AckKind.NAK);
        assertThat(AckKind.argument(b("-NAK {\"delay_ms\":5}"))).isEqualTo("{\"delay_ms\":5}");
        assertThat(AckKind.parse(b("+TERMINATE"))).isNull();
        assertThat(AckKind.parse(b("+TERM bad input"))).isEqualTo(AckKind.TERM);
    }
}
