package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Limits, versions, error codes and queue modes: the small value types of the protocol. */
class ProtocolLimitsTest {

    @Test
    void defaultsAndHandshake() {
        assertThat(ProtocolLimits.DEFAULT)
                .isEqualTo(new ProtocolLimits(1 << 20, 1024, 64 << 10, 64 << 10));
        assertThat(ProtocolLimits.HANDSHAKE).isEqualTo(new ProtocolLimits(0, 0, 0, 16 << 10));
        assertThat(ProtocolLimits.DEFAULT.withMaxPayload(5).maxPayload()).isEqualTo(5);
        assertThat(ProtocolLimits.DEFAULT.withMaxPayload(5).maxSubjectBytes()).isEqualTo(1024);
    }

    @ParameterizedTest
    @CsvSource({
        "-1, 0, 0, 64, maxPayload",
        "67108865, 0, 0, 64, maxPayload",
        "0, -1, 0, 64, maxSubjectBytes",
        "0, 65536, 0, 64, maxSubjectBytes",
        "0, 0, -1, 64, maxHeadersBytes",
        "0, 0, 16777217, 64, maxHeadersBytes",
        "0, 0, 0, 63, maxControlBytes",
        "0, 0, 0, 1048577, maxControlBytes",
    })
    void outOfRange_isRefusedNamingTheField(
            int payload, int subject, int headers, int control, String field) {
        assertThatThrownBy(() -> new ProtocolLimits(payload, subject, headers, control))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field)
                .hasMessageContaining("got");
    }

    @Test
    void extremesAreAccepted() {
        new ProtocolLimits(0, 0, 0, 64);
        new ProtocolLimits(ProtocolLimits.MAX_PAYLOAD_CEILING, 0xFFFF, 16 << 20, 1 << 20);
    }

    @Test
    void maxBody_perOpcode() {
        ProtocolLimits l = new ProtocolLimits(1000, 10, 100, 500);
        assertThat(l.maxBody(Opcode.PUB)).isEqualTo(8 + 20 + 100 + 1000);
        assertThat(l.maxBody(Opcode.MSG)).isEqualTo(12 + 20 + 100 + 1000);
        assertThat(l.maxBody(Opcode.SUB)).isEqualTo(11 + 30);
        assertThat(l.maxBody(Opcode.UNSUB)).isEqualTo(8);
        assertThat(l.maxBody(Opcode.PING)).isZero();
        assertThat(l.maxBody(Opcode.PONG)).isZero();
        for (Opcode op : new Opcode[] {Opcode.HELLO, Opcode.WELCOME, Opcode.ERR, Opcode.GOAWAY}) {
            assertThat(l.maxBody(op)).isEqualTo(500);
        }
    }

    @Test
    void maxBody_atTheCeilings_fitsAnInt() {
        ProtocolLimits l =
                new ProtocolLimits(ProtocolLimits.MAX_PAYLOAD_CEILING, 0xFFFF, 16 << 20, 1 << 20);
        for (Opcode op : Opcode.values()) {
            assertThat(l.maxBody(op)).isLessThan(Integer.MAX_VALUE);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1, 1",
        "1, 5, 2",
        "0, 1, 1",
        "0, 0, -1",
        "2, 3, 2",
        "3, 4, -1",
        "-5, 7, 2",
        "1, 0, -1"
    })
    void negotiate_highestCommonVersion(int peerMin, int peerMax, int expected) {
        assertThat(ProtocolVersion.negotiate(peerMin, peerMax)).isEqualTo(expected);
    }

    @Test
    void versionRange() {
        assertThat(ProtocolVersion.MIN).isEqualTo(1);
        assertThat(ProtocolVersion.MAX).isGreaterThanOrEqualTo(ProtocolVersion.MIN);
        assertThat(ProtocolVersion.negotiate(ProtocolVersion.MIN, ProtocolVersion.MAX))
                .isEqualTo(ProtocolVersion.MAX);
    }

    @Test
    void errorCodes_areStableAndUnique() {
        assertThat(ErrorCode.values())
                .extracting(ErrorCode::code)
                .doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(c).isBetween(100, 599));
        // The numbers are the wire contract: pin them.
        assertThat(ErrorCode.BAD_FRAME.code()).isEqualTo(100);
        assertThat(ErrorCode.FRAME_TOO_LARGE.code()).isEqualTo(101);
        assertThat(ErrorCode.UNKNOWN_OPCODE.code()).isEqualTo(102);
        assertThat(ErrorCode.UNEXPECTED_FRAME.code()).isEqualTo(103);
        assertThat(ErrorCode.BAD_FLAGS.code()).isEqualTo(104);
        assertThat(ErrorCode.UNSUPPORTED_VERSION.code()).isEqualTo(105);
        assertThat(ErrorCode.HANDSHAKE_TIMEOUT.code()).isEqualTo(106);
        assertThat(ErrorCode.AUTH_FAILED.code()).isEqualTo(200);
        assertThat(ErrorCode.PERMISSION_DENIED.code()).isEqualTo(201);
        assertThat(ErrorCode.PAYLOAD_TOO_LARGE.code()).isEqualTo(300);
        assertThat(ErrorCode.INVALID_SUBJECT.code()).isEqualTo(301);
        assertThat(ErrorCode.TOO_MANY_SUBSCRIPTIONS.code()).isEqualTo(302);
        assertThat(ErrorCode.DUPLICATE_SUBSCRIPTION_ID.code()).isEqualTo(303);
        assertThat(ErrorCode.INVALID_QUEUE_GROUP.code()).isEqualTo(304);
        assertThat(ErrorCode.BAD_HEADERS.code()).isEqualTo(305);
        assertThat(ErrorCode.TOO_MANY_CONNECTIONS.code()).isEqualTo(400);
        assertThat(ErrorCode.SLOW_CONSUMER.code()).isEqualTo(401);
        assertThat(ErrorCode.STALE_CONNECTION.code()).isEqualTo(402);
        assertThat(ErrorCode.INTERNAL_ERROR.code()).isEqualTo(500);
        assertThat(ErrorCode.values()).hasSize(19);
        for (ErrorCode e : ErrorCode.values()) {
            assertThat(ErrorCode.of(e.code())).isSameAs(e);
        }
        assertThat(ErrorCode.of(999)).isNull();
    }

    @Test
    void protocolException_fromAKnownAndAnUnknownCode() {
        ProtocolException known = new ProtocolException(ErrorCode.BAD_FLAGS, "PING bit 0x02");
        assertThat(known.getMessage()).isEqualTo("104 BAD_FLAGS: PING bit 0x02");
        assertThat(known.detail()).isEqualTo("PING bit 0x02");
        ProtocolException received = new ProtocolException(503, "future: thing");
        assertThat(received.code()).isNull();
        assertThat(received.wireCode()).isEqualTo(503);
        assertThat(received.getMessage()).isEqualTo("503 UNKNOWN: future: thing");
        assertThat(received.detail()).isEqualTo("future: thing");
        assertThat(new ProtocolException(401, "x").code()).isEqualTo(ErrorCode.SLOW_CONSUMER);
    }

    @Test
    void queueModes() {
        for (QueueMode m : QueueMode.values()) {
            assertThat(QueueMode.of(m.code())).isSameAs(m);
        }
        assertThat(QueueMode.ROUND_ROBIN.code()).isZero();
        assertThat(QueueMode.RANDOM.code()).isEqualTo(1);
        assertThat(QueueMode.LEAST_OUTSTANDING.code()).isEqualTo(2);
        assertThat(QueueMode.HASH.code()).isEqualTo(3);
        assertThat(QueueMode.of(4)).isNull();
        assertThat(QueueMode.of(-1)).isNull();
    }

    @Test
    void opcodeCodes_arePinned() {
        assertThat(Opcode.values())
                .extracting(Opcode::code)
                .containsExactly(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0x11, 0x12, 0x13);
    }
}
