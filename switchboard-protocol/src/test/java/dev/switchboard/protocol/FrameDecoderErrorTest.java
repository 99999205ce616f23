package dev.switchboard.protocol;

import static dev.switchboard.protocol.Frames.concat;
import static dev.switchboard.protocol.Frames.hex;
import static dev.switchboard.protocol.Frames.raw;
import static dev.switchboard.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.container.Container;
import dev.switchboard.protocol.testing.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: each error the decoder and the codec raise, with its code, and the decoder's promise
 * to discard everything after the first error.
 */
@ExtendWith(NoLeaks.class)
class FrameDecoderErrorTest {
    /** Small limits so the tests can cross them. */
    static final ProtocolLimits SMALL = new ProtocolLimits(100, 32, 64, 256);

    private static final byte[] PING = Frames.bytes(new Frame.Ping());

    private FrameCollector collector;
    private EmbeddedChannel channel;

    private EmbeddedChannel open(boolean peerIsServer, ProtocolLimits limits) {
        collector = new FrameCollector();
        channel = collector.channel(peerIsServer, limits);
        return channel;
    }

    /** Feeds the bytes, then a valid PING, and checks the one error and that nothing came after. */
    private ProtocolException expectError(
            boolean peerIsServer, ProtocolLimits limits, byte[] bad, ErrorCode code) {
        EmbeddedChannel ch = open(peerIsServer, limits);
        FrameCollector.feed(ch, bad);
        assertThat(collector.errors).as("errors after the bad input").hasSize(1);
        FrameCollector.feed(ch, PING);
        FrameCollector.feed(ch, concat(PING, PING, PING));
        int framesBefore = collector.frames.size();
        assertThat(collector.callsAfterError).as("handler calls after the error").isZero();
        assertThat(collector.frames).hasSize(framesBefore);
        assertThat(collector.errors).hasSize(1);
        ProtocolException e = collector.errors.get(0);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.wireCode()).isEqualTo(code.code());
        assertThat(ch.finishAndReleaseAll()).isFalse();
        return e;
    }

    private ProtocolException expectServerSideError(byte[] bad, ErrorCode code) {
        return expectError(false, SMALL, bad, code);
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] str16(byte[] s) {
        return concat(u16(s.length), s);
    }

    private static byte[] pubBody(byte[] subject, byte[] reply, byte[] headers, byte[] payload) {
        return concat(str16(subject), str16(reply), u32(headers.length), headers, payload);
    }

    private static byte[] subBody(long sid, String pattern, String group, int mode) {
        return concat(
                u32(sid),
                str16(utf8(pattern)),
                str16(utf8(group)),
                new byte[] {(byte) mode},
                str16(new byte[0]));
    }

    // --- UNKNOWN_OPCODE ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x07, 0x0F, 0x14, 0x7F, 0xFF})
    void unknownOpcode(int code) {
        ProtocolException e =
                expectServerSideError(raw(code, 0, new byte[0]), ErrorCode.UNKNOWN_OPCODE);
        assertThat(e.detail()).contains(Integer.toHexString(code));
    }

    @Test
    void unknownOpcode_firesOnTheHeaderAlone() {
        EmbeddedChannel ch = open(false, SMALL);
        FrameCollector.feed(ch, hex("7f ff ff ff 77 00")); // a huge body that never comes
        assertThat(collector.errors)
                .singleElement()
                .extracting(ProtocolException::code)
                .isEqualTo(ErrorCode.UNKNOWN_OPCODE);
        ch.finishAndReleaseAll();
    }

    // --- UNEXPECTED_FRAME ----------------------------------------------------------------------

    @Test
    void msgSentToTheServer_isUnexpected() {
        byte[] msg = Frames.bytes(new Frame.Msg(1, "a", null, Headers.EMPTY, utf8("x"), false));
        ProtocolException e =
                expectError(false, ProtocolLimits.DEFAULT, msg, ErrorCode.UNEXPECTED_FRAME);
        assertThat(e.detail()).contains("MSG").contains("client");
    }

    @Test
    void pubSentToTheClient_isUnexpected() {
        byte[] pub = Frames.bytes(new Frame.Pub("a", null, Headers.EMPTY, utf8("x"), false));
        ProtocolException e =
                expectError(true, ProtocolLimits.DEFAULT, pub, ErrorCode.UNEXPECTED_FRAME);
        assertThat(e.detail()).contains("PUB").contains("server");
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void eachOpcode_acceptedOnlyFromItsSender(Opcode op) {
        for (boolean peerIsServer : new boolean[] {false, true}) {
            EmbeddedChannel ch = open(peerIsServer, ProtocolLimits.DEFAULT);
            // The header alone: the sender check comes before the body is awaited.
            FrameCollector.feed(ch, raw(op.code(), 0, new byte[0]), 0, FrameLayout.HEADER);
            if (op.sendableBy(peerIsServer)) {
                assertThat(collector.errors)
                        .as("%s from server=%s", op, peerIsServer)
                        .allSatisfy(
                                e -> assertThat(e.code()).isNotEqualTo(ErrorCode.UNEXPECTED_FRAME));
            } else {
                assertThat(collector.errors)
                        .as("%s from server=%s", op, peerIsServer)
                        .singleElement()
                        .extracting(ProtocolException::code)
                        .isEqualTo(ErrorCode.UNEXPECTED_FRAME);
            }
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void directions() {
        assertThat(Opcode.PING.sendableBy(true)).isTrue();
        assertThat(Opcode.PING.sendableBy(false)).isTrue();
        assertThat(Opcode.HELLO.sendableBy(false)).isTrue();
        assertThat(Opcode.HELLO.sendableBy(true)).isFalse();
        assertThat(Opcode.WELCOME.sendableBy(false)).isFalse();
        assertThat(Opcode.of(-1)).isNull();
        assertThat(Opcode.of(256)).isNull();
        for (Opcode op : Opcode.values()) {
            assertThat(Opcode.of(op.code())).isSameAs(op);
        }
    }

    // --- FRAME_TOO_LARGE -----------------------------------------------------------------------

    @Test
    void controlFrameOverTheLimit_failsOnTheHeaderBeforeTheBodyArrives() {
        EmbeddedChannel ch = open(false, ProtocolLimits.HANDSHAKE);
        int declared = ProtocolLimits.HANDSHAKE.maxControlBytes() + 1;
        byte[] header = raw(Opcode.HELLO_CODE, 0, new byte[declared]);
        // Only the 6 header bytes: the error must not wait for (or buffer) the body.
        FrameCollector.feed(ch, header, 0, FrameLayout.HEADER);
        assertThat(collector.errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
                            assertThat(e.detail())
                                    .contains(String.valueOf(declared))
                                    .contains(String.valueOf(declared - 1));
                        });
        FrameCollector.feed(ch, header, FrameLayout.HEADER, header.length);
        FrameCollector.feed(ch, PING);
        assertThat(collector.frames).isEmpty();
        assertThat(collector.callsAfterError).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void controlFrameExactlyAtTheLimit_isAccepted() {
        EmbeddedChannel ch = open(true, SMALL);
        byte[] text = new byte[SMALL.maxControlBytes() - FrameLayout.GOAWAY_FIXED];
        java.util.Arrays.fill(text, (byte) 'x');
        FrameCollector.feed(ch, raw(Opcode.GOAWAY_CODE, 0, concat(u32(10), text)));
        assertThat(collector.errors).isEmpty();
        assertThat(collector.frames).singleElement().isInstanceOf(Frame.GoAway.class);
        ch.finishAndReleaseAll();
        expectError(
                true,
                SMALL,
                raw(Opcode.GOAWAY_CODE, 0, concat(u32(10), text, utf8("x"))),
                ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void pingWithABody_isTooLarge() {
        expectServerSideError(raw(Opcode.PING_CODE, 0, new byte[1]), ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void unsubLongerThanItsLayout_isTooLarge() {
        expectServerSideError(raw(Opcode.UNSUB_CODE, 0, new byte[9]), ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void subLongerThanThreeMaximalStrings_isTooLarge() {
        long max = SMALL.maxBody(Opcode.SUB);
        expectServerSideError(
                raw(Opcode.SUB_CODE, 0, new byte[(int) max + 1]), ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void declaredLengthOverFourGigabytes_isRefusedWithoutOverflow() {
        expectServerSideError(hex("ff ff ff ff 01 00"), ErrorCode.FRAME_TOO_LARGE);
    }

    // --- PAYLOAD_TOO_LARGE ---------------------------------------------------------------------

    private static byte[] pubWithPayload(int n) {
        return Frames.bytes(new Frame.Pub("s", null, Headers.EMPTY, new byte[n], false));
    }

    @Test
    void pubPayloadExactlyAtTheLimit_isAccepted() {
        EmbeddedChannel ch = open(false, SMALL);
        FrameCollector.feed(ch, pubWithPayload(SMALL.maxPayload()));
        assertThat(collector.errors).isEmpty();
        assertThat(collector.frames)
                .singleElement()
                .satisfies(f -> assertThat(((Frame.Pub) f).payload()).hasSize(100));
        ch.finishAndReleaseAll();
    }

    @Test
    void pubPayloadOneByteOverTheLimit_isRefused() {
        ProtocolException e =
                expectServerSideError(
                        pubWithPayload(SMALL.maxPayload() + 1), ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(e.detail()).contains("101").contains("100");
    }

    @Test
    void pubDeclaringMoreThanAnyValidPub_isRefusedOnTheHeader() {
        EmbeddedChannel ch = open(false, SMALL);
        long max = SMALL.maxBody(Opcode.PUB);
        FrameCollector.feed(ch, concat(u32(max + 1), new byte[] {Opcode.PUB_CODE, 0}));
        assertThat(collector.errors)
                .singleElement()
                .extracting(ProtocolException::code)
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        ch.finishAndReleaseAll();
    }

    @Test
    void pubWithHandshakeSizedLimits_onlyAnEmptyOneFits() {
        // Equal to HANDSHAKE but not HANDSHAKE itself: no handshake gate, only the sizes.
        ProtocolLimits tiny = new ProtocolLimits(0, 0, 0, 16 << 10);
        expectError(false, tiny, pubWithPayload(0), ErrorCode.PAYLOAD_TOO_LARGE);
    }

    // --- before the handshake -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void beforeTheHandshake_serverAcceptsOnlyHello(Opcode op) {
        checkHandshakeGate(false, op, op == Opcode.HELLO);
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void beforeTheHandshake_clientAcceptsOnlyWelcomeOrErr(Opcode op) {
        checkHandshakeGate(true, op, op == Opcode.WELCOME || op == Opcode.ERR);
    }

    private void checkHandshakeGate(boolean peerIsServer, Opcode op, boolean accepted) {
        EmbeddedChannel ch = open(peerIsServer, ProtocolLimits.HANDSHAKE);
        FrameCollector.feed(ch, raw(op.code(), 0, new byte[1]), 0, FrameLayout.HEADER);
        if (accepted) {
            assertThat(collector.errors).isEmpty(); // waits for the body
        } else {
            assertThat(collector.errors)
                    .singleElement()
                    .extracting(ProtocolException::code)
                    .isEqualTo(ErrorCode.UNEXPECTED_FRAME);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void afterTheHandshake_theGateIsLifted() {
        EmbeddedChannel ch = open(false, ProtocolLimits.HANDSHAKE);
        FrameCollector.feed(ch, Frames.bytes(Frames.clientFrames().get(0)));
        collector.decoder.limits(ProtocolLimits.DEFAULT);
        FrameCollector.feed(ch, Frames.concat(PING, pubWithPayload(10)));
        assertThat(collector.errors).isEmpty();
        assertThat(collector.frames).hasSize(3);
        ch.finishAndReleaseAll();
    }

    @Test
    void msgPayloadOverTheLimit_isRefused() {
        byte[] msg = Frames.bytes(new Frame.Msg(1, "s", null, Headers.EMPTY, new byte[101], false));
        expectError(true, SMALL, msg, ErrorCode.PAYLOAD_TOO_LARGE);
    }

    // --- BAD_FLAGS -----------------------------------------------------------------------------

    @Test
    void undefinedFlagBits_areRefused() {
        expectServerSideError(raw(Opcode.PING_CODE, 0x01, new byte[0]), ErrorCode.BAD_FLAGS);
        expectServerSideError(raw(Opcode.PONG_CODE, 0x80, new byte[0]), ErrorCode.BAD_FLAGS);
        expectServerSideError(
                raw(Opcode.PUB_CODE, 0x04, pubBody(utf8("s"), utf8("r"), new byte[0], new byte[0])),
                ErrorCode.BAD_FLAGS);
        expectServerSideError(
                raw(Opcode.SUB_CODE, 0x01, subBody(1, "a", "", 0)), ErrorCode.BAD_FLAGS);
        expectServerSideError(raw(Opcode.UNSUB_CODE, 0x01, new byte[8]), ErrorCode.BAD_FLAGS);
        expectError(
                true,
                SMALL,
                raw(
                        Opcode.MSG_CODE,
                        0x02,
                        concat(u32(1), pubBody(utf8("s"), new byte[0], new byte[0], new byte[0]))),
                ErrorCode.BAD_FLAGS);
        expectError(true, SMALL, raw(Opcode.ERR_CODE, 0x02, new byte[6]), ErrorCode.BAD_FLAGS);
        expectError(true, SMALL, raw(Opcode.GOAWAY_CODE, 0x01, new byte[4]), ErrorCode.BAD_FLAGS);
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void allowedFlags(Opcode op) {
        int expected =
                switch (op) {
                    case PUB -> 0x03;
                    case MSG, ERR -> 0x01;
                    default -> 0;
                };
        assertThat(FrameFlags.allowed(op)).isEqualTo(expected);
        for (int flags = 0; flags < 256; flags++) {
            int f = flags;
            if ((flags & ~expected) == 0) {
                FrameCodec.checkFlags(op, f);
            } else {
                assertThat(
                                org.assertj.core.api.Assertions.catchThrowableOfType(
                                        ProtocolException.class,
                                        () -> FrameCodec.checkFlags(op, f)))
                        .extracting(ProtocolException::code)
                        .isEqualTo(ErrorCode.BAD_FLAGS);
            }
        }
    }

    // --- BAD_FRAME -----------------------------------------------------------------------------

    @Test
    void subjectLengthRunningPastTheBody() {
        byte[] body = concat(u16(20), utf8("short"));
        ProtocolException e =
                expectServerSideError(raw(Opcode.PUB_CODE, 0, body), ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("PUB").contains("subject");
    }

    @Test
    void headersLengthRunningPastTheBody() {
        byte[] body = concat(str16(utf8("s")), str16(new byte[0]), u32(10), new byte[4]);
        expectServerSideError(raw(Opcode.PUB_CODE, 0, body), ErrorCode.BAD_FRAME);
    }

    @Test
    void truncatedFixedFields() {
        expectServerSideError(raw(Opcode.PUB_CODE, 0, new byte[3]), ErrorCode.BAD_FRAME);
        expectServerSideError(
                raw(Opcode.UNSUB_CODE, 0, concat(u32(1), new byte[3])), ErrorCode.BAD_FRAME);
        expectServerSideError(
                raw(Opcode.SUB_CODE, 0, concat(u32(1), str16(utf8("a")))), ErrorCode.BAD_FRAME);
        expectError(true, SMALL, raw(Opcode.ERR_CODE, 0, new byte[5]), ErrorCode.BAD_FRAME);
        expectError(true, SMALL, raw(Opcode.GOAWAY_CODE, 0, new byte[3]), ErrorCode.BAD_FRAME);
        expectError(true, SMALL, raw(Opcode.MSG_CODE, 0, u32(1)), ErrorCode.BAD_FRAME);
    }

    @Test
    void trailingBytesAfterTheLastField() {
        ProtocolException e =
                expectServerSideError(
                        raw(Opcode.SUB_CODE, 0, concat(subBody(1, "a", "", 0), new byte[1])),
                        ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("1 unexpected bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3 28", "c0 80", "ed a0 80", "f8 88 80 80 80", "ff", "e2 82"})
    void invalidUtf8Subject(String badHex) {
        byte[] body = pubBody(hex("61 2e " + badHex), new byte[0], new byte[0], new byte[0]);
        ProtocolException e =
                expectServerSideError(raw(Opcode.PUB_CODE, 0, body), ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("UTF-8");
    }

    @Test
    void invalidUtf8InOtherStrings() {
        byte[] bad = hex("c3 28");
        expectServerSideError(
                raw(Opcode.PUB_CODE, 0, pubBody(utf8("s"), bad, new byte[0], new byte[0])),
                ErrorCode.BAD_FRAME);
        expectServerSideError(
                raw(
                        Opcode.SUB_CODE,
                        0,
                        concat(
                                u32(1),
                                str16(bad),
                                str16(new byte[0]),
                                new byte[1],
                                str16(new byte[0]))),
                ErrorCode.BAD_FRAME);
        expectError(
                true,
                SMALL,
                raw(Opcode.ERR_CODE, 0, concat(u16(100), u32(0), bad)),
                ErrorCode.BAD_FRAME);
        expectError(
                true, SMALL, raw(Opcode.GOAWAY_CODE, 0, concat(u32(0), bad)), ErrorCode.BAD_FRAME);
    }

    @Test
    void subjectOverTheSubjectLimit() {
        byte[] subject = new byte[SMALL.maxSubjectBytes() + 1];
        java.util.Arrays.fill(subject, (byte) 'a');
        ProtocolException e =
                expectServerSideError(
                        raw(
                                Opcode.PUB_CODE,
                                0,
                                pubBody(subject, new byte[0], new byte[0], new byte[0])),
                        ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("33").contains("32");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 0x8000_0000L, 0xFFFF_FFFFL})
    void sidOutOfRange(long sid) {
        expectServerSideError(
                raw(Opcode.SUB_CODE, 0, subBody(sid, "a", "", 0)), ErrorCode.BAD_FRAME);
        expectServerSideError(
                raw(Opcode.UNSUB_CODE, 0, concat(u32(sid), u32(0))), ErrorCode.BAD_FRAME);
        expectError(
                true,
                SMALL,
                raw(
                        Opcode.MSG_CODE,
                        0,
                        concat(
                                u32(sid),
                                pubBody(utf8("s"), new byte[0], new byte[0], new byte[0]))),
                ErrorCode.BAD_FRAME);
    }

    @Test
    void requestFlagWithoutReplySubject() {
        byte[] body = pubBody(utf8("rpc"), new byte[0], new byte[0], utf8("x"));
        ProtocolException e =
                expectServerSideError(
                        raw(Opcode.PUB_CODE, FrameFlags.PUB_REQUEST, body), ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("reply");
    }

    @Test
    void ackFlagWithoutReplySubject() {
        byte[] body = pubBody(utf8("orders.1"), new byte[0], new byte[0], utf8("x"));
        ProtocolException e =
                expectServerSideError(
                        raw(Opcode.PUB_CODE, FrameFlags.PUB_ACK, body), ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("stream ack").contains("reply");
    }

    @Test
    void ackFlag_roundTrips() {
        Frame.Pub pub =
                new Frame.Pub("orders.1", "_INBOX.1", Headers.EMPTY, utf8("x"), false, true);
        byte[] bytes = Frames.bytes(pub);
        Frame back =
                FrameCodec.decode(
                        Opcode.PUB,
                        bytes[5],
                        io.netty.buffer.Unpooled.wrappedBuffer(bytes),
                        6,
                        bytes.length - 6,
                        ProtocolLimits.DEFAULT);
        assertThat(back).isInstanceOf(Frame.Pub.class);
        assertThat(((Frame.Pub) back).ack()).isTrue();
        assertThat(((Frame.Pub) back).request()).isFalse();
        assertThat(pub.flags()).isEqualTo(FrameFlags.PUB_ACK);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 0x80, 0xFF})
    void unknownGroupMode(int mode) {
        ProtocolException e =
                expectServerSideError(
                        raw(Opcode.SUB_CODE, 0, subBody(1, "a", "g", mode)), ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("group mode " + mode);
    }

    @Test
    void helloThatIsNotAContainer() {
        expectError(
                false,
                ProtocolLimits.HANDSHAKE,
                raw(Opcode.HELLO_CODE, 0, utf8("{\"min_version\":1}")),
                ErrorCode.BAD_FRAME);
        expectError(
                false,
                ProtocolLimits.HANDSHAKE,
                raw(Opcode.HELLO_CODE, 0, new byte[0]),
                ErrorCode.BAD_FRAME);
    }

    @Test
    void helloContainerWithoutVersions() {
        Container c = Container.builder().put("name", "x").build();
        byte[] body = FrameCodec.HANDSHAKE_CODEC.encodeContainer(c);
        ProtocolException e =
                expectError(
                        false,
                        ProtocolLimits.HANDSHAKE,
                        raw(Opcode.HELLO_CODE, 0, body),
                        ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("min_version");
    }

    @Test
    void helloContainerWithAWrongType() {
        Container c =
                Container.builder()
                        .put("min_version", 1L)
                        .put("max_version", 1L)
                        .put("echo", "yes")
                        .build();
        byte[] body = FrameCodec.HANDSHAKE_CODEC.encodeContainer(c);
        expectError(
                false,
                ProtocolLimits.HANDSHAKE,
                raw(Opcode.HELLO_CODE, 0, body),
                ErrorCode.BAD_FRAME);
    }

    @Test
    void helloContainerWithOnlyTheVersions_takesDefaults() {
        Container c = Container.builder().put("min_version", 1L).put("max_version", 2L).build();
        EmbeddedChannel ch = open(false, ProtocolLimits.HANDSHAKE);
        FrameCollector.feed(
                ch, raw(Opcode.HELLO_CODE, 0, FrameCodec.HANDSHAKE_CODEC.encodeContainer(c)));
        assertThat(collector.errors).isEmpty();
        assertThat(collector.frames)
                .singleElement()
                .usingRecursiveComparison()
                .isEqualTo(new Frame.Hello(1, 2, "", null, "", true));
        ch.finishAndReleaseAll();
    }

    @Test
    void welcomeWithLimitsOutOfRange() {
        Frame.Welcome w = new Frame.Welcome(1, "id", "n", "v", 1, ProtocolLimits.DEFAULT, 10, 1000);
        byte[] good = Frames.bytes(w);
        // Rewrite max_control to 1 (below the 64-byte floor) in the container.
        Container c =
                FrameCodec.HANDSHAKE_CODEC.decodeContainer(
                        java.util.Arrays.copyOfRange(good, FrameLayout.HEADER, good.length));
        Container.Builder b = Container.builder();
        for (String k : c.keys()) {
            if (!k.equals("max_control")) {
                b.put(k, c.get(k));
            }
        }
        b.put("max_control", 1L);
        byte[] body = FrameCodec.HANDSHAKE_CODEC.encodeContainer(b.build());
        ProtocolException e =
                expectError(
                        true,
                        ProtocolLimits.HANDSHAKE,
                        raw(Opcode.WELCOME_CODE, 0, body),
                        ErrorCode.BAD_FRAME);
        assertThat(e.detail()).contains("maxControlBytes");
    }

    // --- BAD_HEADERS ---------------------------------------------------------------------------

    @Test
    void headersOverTheLimit() {
        byte[] headers =
                Headers.encode(List.of(Map.entry("k", "v".repeat(SMALL.maxHeadersBytes()))));
        byte[] body = pubBody(utf8("s"), new byte[0], headers, new byte[0]);
        ProtocolException e =
                expectServerSideError(raw(Opcode.PUB_CODE, 0, body), ErrorCode.BAD_HEADERS);
        assertThat(e.detail()).contains(String.valueOf(headers.length)).contains("64");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00 00 00 00", // empty name
                "00", // truncated name length
                "00 01 61", // no value length
                "00 01 61 00 05 62", // value runs past the section
                "00 05 61 00 00", // name runs past the section
                "00 01 61 00 01 ff", // value not UTF-8
                "00 01 c3 00 00", // name not UTF-8
            })
    void malformedHeaders(String headersHex) {
        byte[] body = pubBody(utf8("s"), new byte[0], hex(headersHex), new byte[0]);
        expectServerSideError(raw(Opcode.PUB_CODE, 0, body), ErrorCode.BAD_HEADERS);
        expectError(
                true, SMALL, raw(Opcode.MSG_CODE, 0, concat(u32(1), body)), ErrorCode.BAD_HEADERS);
    }

    // --- after an error --------------------------------------------------------------------------

    @Test
    void framesBeforeTheErrorAreDelivered_everythingAfterIsDiscarded() {
        byte[] good = Frames.bytes(new Frame.Ping(), new Frame.Unsub(3, 0));
        byte[] bad = raw(Opcode.PING_CODE, 0x04, new byte[0]);
        EmbeddedChannel ch = open(false, SMALL);
        FrameCollector.feed(ch, concat(good, bad, good, Frames.bytes(new Frame.Pong())));
        assertThat(collector.frames).hasSize(2);
        assertThat(collector.errors)
                .singleElement()
                .extracting(ProtocolException::code)
                .isEqualTo(ErrorCode.BAD_FLAGS);
        FrameCollector.feed(ch, good);
        assertThat(collector.frames).hasSize(2);
        assertThat(collector.callsAfterError).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void stop_discardsLaterInput() {
        EmbeddedChannel ch = open(false, SMALL);
        FrameCollector.feed(ch, PING);
        collector.decoder.stop();
        FrameCollector.feed(ch, concat(PING, PING));
        assertThat(collector.frames).hasSize(1);
        assertThat(collector.errors).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void newLimitsApplyToFramesNotYetStarted() {
        EmbeddedChannel ch = open(false, ProtocolLimits.HANDSHAKE);
        byte[] pub = pubWithPayload(50);
        assertThat(collector.decoder.limits()).isEqualTo(ProtocolLimits.HANDSHAKE);
        collector.decoder.limits(SMALL);
        FrameCollector.feed(ch, pub);
        assertThat(collector.errors).isEmpty();
        assertThat(collector.frames).hasSize(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void partialFrameAtCloseIsReleased() {
        EmbeddedChannel ch = open(false, SMALL);
        ByteBuf partial = Unpooled.buffer();
        partial.writeBytes(pubWithPayload(50), 0, 20);
        ch.writeInbound(partial);
        assertThat(collector.frames).isEmpty();
        ch.finishAndReleaseAll();
        assertThat(partial.refCnt()).isZero();
    }
}
