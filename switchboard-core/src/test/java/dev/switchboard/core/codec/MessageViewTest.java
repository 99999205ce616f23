package dev.switchboard.core.codec;

import static dev.switchboard.core.codec.MessageBytes.assertFails;
import static dev.switchboard.core.codec.MessageBytes.layout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.codec.MessageBytes.Layout;
import dev.switchboard.core.codec.MessageBytes.Writer;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.ValueType;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import dev.switchboard.core.message.TraceContext;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lazy {@link MessageView}: envelope fields without the body, the stored body section as is,
 * corrupt bodies that only fail when asked for, and messages inside larger arrays.
 */
class MessageViewTest {
    private static final BinaryCodec CODEC = BinaryCodec.create();
    private static final BinaryCodec ZSTD =
            BinaryCodec.create(DecodeLimits.DEFAULT, CompressionPolicy.of(Compression.ZSTD, 0));

    private static final Message MESSAGE =
            Message.builder("sensors.kitchen.temp")
                    .id(new MessageId(0x0190b5d27c1e7a3bL, 0x9f001234567890abL))
                    .type(MessageType.QUERY)
                    .priority(Priority.CRITICAL)
                    .timestamp(Instant.parse("2026-11-26T12:34:56.789012345Z"))
                    .ttl(Duration.ofSeconds(30))
                    .correlationId("corr-1")
                    .source("svc", "1")
                    .target("db", "")
                    .trace(
                            TraceContext.parse(
                                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                    .traceState("congo=t61rcWkgMzE")
                    .header("a", "1")
                    .header("content-type", "application/json")
                    .header("e", "")
                    .header("zz", "grüße")
                    .body(Container.builder().put("count", 3).put("text", "x".repeat(300)).build())
                    .build();

    /** A body section whose keys are out of order: KEY_ORDER at body offset 4. */
    private static final byte[] KEYS_OUT_OF_ORDER =
            new Writer().varint(2).str("b").u8(0).str("a").u8(0).toArray();

    static void assertEnvelope(MessageView view) {
        assertThat(view.id()).isEqualTo(MESSAGE.id());
        assertThat(view.subject()).isEqualTo("sensors.kitchen.temp");
        assertThat(view.subjectEquals("sensors.kitchen.temp")).isTrue();
        assertThat(view.type()).isEqualTo(MessageType.QUERY);
        assertThat(view.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(view.timestampNanos()).isEqualTo(MESSAGE.timestampNanos());
        assertThat(view.ttlMillis()).isEqualTo(30_000);
        assertThat(view.correlationId()).contains("corr-1");
        assertThat(view.trace()).contains(MESSAGE.trace().orElseThrow());
        assertThat(view.headerCount()).isEqualTo(4);
        assertThat(view.header("content-type")).contains("application/json");
        assertThat(view.header("zz")).contains("grüße");
        assertThat(view.header("missing")).isEmpty();
    }

    @Test
    void view_validMessage_readsEnvelopeFields() {
        MessageView view = CODEC.view(CODEC.encode(MESSAGE));
        assertEnvelope(view);
        assertThat(view.compression()).isEqualTo(Compression.NONE);
        assertThat(view.body()).isEqualTo(MESSAGE.body());
        assertThat(view.toMessage()).isEqualTo(MESSAGE);
    }

    @Test
    void header_lookup_matchesWholeNamesOnly() {
        MessageView view = CODEC.view(CODEC.encode(MESSAGE));
        assertThat(view.header("a")).contains("1");
        assertThat(view.header("e")).contains("");
        assertThat(view.header("content")).isEmpty();
        assertThat(view.header("content-type-x")).isEmpty();
        assertThat(view.header("Content-Type")).isEmpty();
        assertThat(view.header("")).isEmpty();
        assertThat(view.header("\u0000")).isEmpty();
        assertThat(view.header("zzz")).isEmpty();
    }

    @Test
    void view_messageWithoutOptionalFields_reportsThemAbsent() {
        Message bare = Message.builder("a.b").build();
        MessageView view = CODEC.view(CODEC.encode(bare));
        assertThat(view.headerCount()).isZero();
        assertThat(view.header("a")).isEmpty();
        assertThat(view.correlationId()).isEmpty();
        assertThat(view.trace()).isEmpty();
        assertThat(view.ttlMillis()).isZero();
        assertThat(view.type()).isEqualTo(MessageType.EVENT);
        assertThat(view.priority()).isEqualTo(Priority.NORMAL);
        assertThat(view.body().isEmpty()).isTrue();
    }

    @Test
    void subjectEquals_comparesTheWholeSubject() {
        MessageView view = CODEC.view(CODEC.encode(Message.builder("café.menu").build()));
        assertThat(view.subjectEquals("café.menu")).isTrue();
        assertThat(view.subjectEquals("café")).isFalse();
        assertThat(view.subjectEquals("café.menu.x")).isFalse();
        assertThat(view.subjectEquals("cafe.menu")).isFalse();
    }

    static Stream<Arguments> corruptBodies() {
        int str = ValueType.STRING.code();
        return Stream.of(
                Arguments.of(KEYS_OUT_OF_ORDER, CodecError.KEY_ORDER, 4),
                Arguments.of(
                        new Writer().varint(1).str("a").u8(0x0E).toArray(),
                        CodecError.UNKNOWN_TYPE,
                        3),
                Arguments.of(
                        new Writer().varint(1).str("a").u8(0x20 | str, 0xC3, 0x28).toArray(),
                        CodecError.INVALID_UTF8,
                        4),
                Arguments.of(
                        new Writer().varint(1).str("a").u8(0x50 | str, 'a').toArray(),
                        CodecError.TRUNCATED,
                        3),
                Arguments.of(new Writer().varint(0).u8(0).toArray(), CodecError.TRAILING_BYTES, 1),
                Arguments.of(new byte[0], CodecError.TRUNCATED, 0));
    }

    @ParameterizedTest
    @MethodSource("corruptBodies")
    void view_corruptBody_readsEnvelopeButBodyFails(
            byte[] body, CodecError error, int offsetInBody) {
        byte[] bytes = MessageBytes.withBody(CODEC.encode(MESSAGE), body);
        long offset = layout(bytes).bodyOff() + offsetInBody;

        MessageView view = CODEC.view(bytes);

        assertEnvelope(view);
        assertThat(view.storedBody()).isEqualTo(ByteBuffer.wrap(body));
        assertFails(view::body, error, offset);
        assertFails(view::toMessage, error, offset);
        assertFails(() -> CODEC.decode(bytes), error, offset);
    }

    @Test
    void view_compressedBodyOfGarbage_readsEnvelopeButBodyFailsWithDecompressionFailed() {
        byte[] valid = ZSTD.encode(MESSAGE);
        byte[] garbage =
                new Writer().varint(310).u8(0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02).toArray();
        byte[] bytes = MessageBytes.withBody(valid, garbage);

        MessageView view = CODEC.view(bytes);

        assertEnvelope(view);
        assertThat(view.compression()).isEqualTo(Compression.ZSTD);
        assertFails(view::body, CodecError.DECOMPRESSION_FAILED, layout(bytes).bodyOff());
    }

    @Test
    void storedBody_uncompressed_isExactlyTheBodySection() {
        byte[] bytes = CODEC.encode(MESSAGE);
        ByteBuffer stored = CODEC.view(bytes).storedBody();

        assertThat(stored.isReadOnly()).isTrue();
        assertThat(stored.position()).isZero();
        assertThat(stored).isEqualTo(ByteBuffer.wrap(MessageBytes.body(bytes)));
        assertThat(stored).isEqualTo(ByteBuffer.wrap(CODEC.encodeContainer(MESSAGE.body())));
    }

    @Test
    void storedBody_compressed_isTheCompressedSection() {
        byte[] bytes = ZSTD.encode(MESSAGE);
        MessageView view = CODEC.view(bytes);
        ByteBuffer stored = view.storedBody();
        int rawLen = CODEC.encodeContainer(MESSAGE.body()).length;

        assertThat(view.compression()).isEqualTo(Compression.ZSTD);
        assertThat(stored).isEqualTo(ByteBuffer.wrap(MessageBytes.body(bytes)));
        assertThat(stored.remaining()).isLessThan(rawLen);
        // The section starts with the raw length, then the zstd frame.
        byte[] rawLenVarint = MessageBytes.varint(rawLen);
        assertThat(stored.slice(0, rawLenVarint.length)).isEqualTo(ByteBuffer.wrap(rawLenVarint));
        assertThat(view.body()).isEqualTo(MESSAGE.body());
    }

    @Test
    void storedBody_sharesTheInputArray() {
        byte[] bytes = CODEC.encode(MESSAGE);
        ByteBuffer stored = CODEC.view(bytes).storedBody();
        int bodyOff = layout(bytes).bodyOff();

        bytes[bodyOff] = 0x7F;

        assertThat(stored.get(0)).isEqualTo((byte) 0x7F);
        assertThatThrownBy(() -> stored.put(0, (byte) 1))
                .isInstanceOf(java.nio.ReadOnlyBufferException.class);
    }

    /** The message's bytes at {@code offset} inside a larger array of filler. */
    static byte[] embed(byte[] message, int offset, int after) {
        byte[] big = new byte[offset + message.length + after];
        Arrays.fill(big, (byte) 0xEE);
        System.arraycopy(message, 0, big, offset, message.length);
        return big;
    }

    @Test
    void view_messageAtNonZeroOffset_readsTheSameAsAtZero() {
        for (BinaryCodec encoder : new BinaryCodec[] {CODEC, ZSTD}) {
            byte[] bytes = encoder.encode(MESSAGE);
            byte[] big = embed(bytes, 7, 5);

            MessageView view = CODEC.view(big, 7, bytes.length);

            assertEnvelope(view);
            assertThat(view.storedBody()).isEqualTo(CODEC.view(bytes).storedBody());
            assertThat(view.body()).isEqualTo(MESSAGE.body());
            assertThat(view.toMessage()).isEqualTo(MESSAGE);
            assertThat(CODEC.decode(big, 7, bytes.length)).isEqualTo(MESSAGE);
        }
    }

    @Test
    void view_corruptMessageAtNonZeroOffset_reportsOffsetsFromTheMessageStart() {
        byte[] bytes = MessageBytes.withBody(CODEC.encode(MESSAGE), KEYS_OUT_OF_ORDER);
        Layout l = layout(bytes);
        byte[] big = embed(bytes, 100, 3);

        MessageView view = CODEC.view(big, 100, bytes.length);

        assertThat(view.subject()).isEqualTo("sensors.kitchen.temp");
        assertFails(view::body, CodecError.KEY_ORDER, l.bodyOff() + 4);
        assertFails(
                () -> CODEC.decode(big, 100, bytes.length), CodecError.KEY_ORDER, l.bodyOff() + 4);
    }

    @Test
    void view_rangeNotMatchingTheMessage_failsWithFramingErrors() {
        byte[] bytes = CODEC.encode(MESSAGE);
        byte[] big = embed(bytes, 7, 5);
        Layout l = layout(bytes);

        assertFails(
                () -> CODEC.view(big, 7, bytes.length + 1),
                CodecError.TRAILING_BYTES,
                bytes.length);
        assertFails(
                () -> CODEC.view(big, 7, bytes.length - 1), CodecError.TRUNCATED, l.bodyLenAt());
        assertFails(() -> CODEC.view(big, 6, bytes.length), CodecError.BAD_MAGIC, 0);
        assertFails(() -> CODEC.view(big, 7, 3), CodecError.TRUNCATED, 0);
    }

    @Test
    void view_rangeOutsideTheArray_throwsIndexOutOfBounds() {
        byte[] bytes = CODEC.encode(MESSAGE);
        assertThatThrownBy(() -> CODEC.view(bytes, 1, bytes.length))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> CODEC.view(bytes, -1, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> CODEC.decode(bytes, 0, bytes.length + 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
