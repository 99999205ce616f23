package dev.switchboard.core.codec;

import static dev.switchboard.core.codec.MessageBytes.assemble;
import static dev.switchboard.core.codec.MessageBytes.assertFails;
import static dev.switchboard.core.codec.MessageBytes.layout;
import static dev.switchboard.core.codec.MessageBytes.tag;
import static dev.switchboard.core.codec.TestMessages.containersTo;
import static dev.switchboard.core.codec.TestMessages.listsTo;
import static dev.switchboard.core.codec.TestMessages.richBody;
import static dev.switchboard.core.codec.TestMessages.richMessage;
import static dev.switchboard.core.codec.TestMessages.withBody;
import static dev.switchboard.core.container.ValueType.BOOL;
import static dev.switchboard.core.container.ValueType.BYTES;
import static dev.switchboard.core.container.ValueType.CONTAINER;
import static dev.switchboard.core.container.ValueType.FLOAT32;
import static dev.switchboard.core.container.ValueType.FLOAT64;
import static dev.switchboard.core.container.ValueType.INT32;
import static dev.switchboard.core.container.ValueType.INT64;
import static dev.switchboard.core.container.ValueType.LIST;
import static dev.switchboard.core.container.ValueType.NULL;
import static dev.switchboard.core.container.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.codec.MessageBytes.Layout;
import dev.switchboard.core.codec.MessageBytes.Writer;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input for the binary decoder: one group per {@link CodecError} the binary path can
 * produce, each asserting the exact error and, where it is well defined, the exact offset.
 *
 * <p>Crafted messages use a minimal header ({@link #HEADER}: no optional field, subject "t") of 28
 * bytes, so the header starts at offset {@value #H} and, for a body under 128 bytes, the body at
 * offset {@value #B}. In a crafted body {@code count key("a") value}, the value's tag is at {@code
 * B + 3}. {@link CodecError#COMPRESSION_UNAVAILABLE} is not covered: LZ4 and zstd are on the test
 * class path.
 */
class BinaryMalformedInputTest {
    private static final BinaryCodec CODEC = BinaryCodec.create();
    private static final BinaryCodec DEEP = codec(DecodeLimits.builder().maxDepth(200));

    /** Where a crafted header starts: after the prefix and a one-byte header length. */
    static final int H = 5;

    /** Where the body of a message with {@link #HEADER} starts (for a body under 128 bytes). */
    static final int B = 34;

    /** Offsets inside a crafted header. */
    static final int KIND = H + 17;

    static final int TIMESTAMP = H + 18;
    static final int SUBJECT_LEN = H + 26;
    static final int SUBJECT = H + 27;

    /** After subject "t": where the first optional field goes. */
    static final int OPTIONAL = H + 28;

    static final byte[] HEADER = header(0, "t").toArray();

    /** A header with the given presence bits, up to and including the subject. */
    static Writer header(int presence, String subject) {
        return new Writer()
                .varint(presence)
                .fixed64BE(1)
                .fixed64BE(2)
                .u8(MessageType.EVENT.code() | Priority.NORMAL.code() << 3)
                .fixed64LE(1_000_000_000L)
                .str(subject);
    }

    /** A message with {@link #HEADER} and the given body section. */
    static byte[] message(Writer body) {
        return assemble(0, HEADER, body.toArray());
    }

    /** A message whose body is {@code {"a": <value>}}, the value given as raw bytes. */
    static byte[] single(int... value) {
        return message(new Writer().varint(1).str("a").u8(value));
    }

    static BinaryCodec codec(DecodeLimits.Builder limits) {
        return BinaryCodec.create(limits.build(), CompressionPolicy.NONE);
    }

    static byte[] rawDeflate(byte[] raw) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(raw);
            d.finish();
            byte[] out = new byte[raw.length + 64];
            int n = d.deflate(out);
            assertThat(d.finished()).isTrue();
            return Arrays.copyOf(out, n);
        } finally {
            d.end();
        }
    }

    static byte[] compressed(Compression algorithm) {
        BinaryCodec codec =
                BinaryCodec.create(DecodeLimits.DEFAULT, CompressionPolicy.of(algorithm, 0));
        byte[] bytes = codec.encode(richMessage());
        assertThat(MessageBytes.flags(bytes))
                .as("the rich body compresses")
                .isEqualTo(algorithm.code());
        return bytes;
    }

    @Test
    void craftedBaseline_decodes() {
        byte[] bytes = single(tag(INT32, 2));
        Message m = CODEC.decode(bytes);
        assertThat(layout(bytes).bodyOff()).isEqualTo(B);
        assertThat(layout(bytes).headerOff()).isEqualTo(H);
        assertThat(m.subject()).isEqualTo("t");
        assertThat(m.body().getInt32("a")).isEqualTo(1);
        assertThat(CODEC.decode(CODEC.encode(richMessage()))).isEqualTo(richMessage());
    }

    /**
     * Truncation. A cut message always fails with {@link CodecError#TRUNCATED} and nothing else:
     * the framing checks each section length against the bytes left before reading the section, so
     * the offset is exactly 0 (inside the 4-byte prefix), 4 (the header length) or the body
     * length's offset. With the lengths fixed up to frame a cut section, a cut header or an
     * uncompressed cut body still only gives TRUNCATED (every read before the cut is of valid
     * data), at the start of the field that crosses the cut. A cut compressed body gives TRUNCATED
     * while inside its raw-length varint and {@link CodecError#DECOMPRESSION_FAILED} after it.
     */
    @Nested
    class Truncated {
        @Test
        void decode_everyPrefixOfRichMessage_failsWithTruncatedAtTheCutSection() {
            byte[] bytes = CODEC.encode(richMessage());
            Layout l = layout(bytes);
            assertThat(l.headerLen()).as("two-byte header length").isGreaterThan(127);
            assertThat(l.bodyLen()).as("two-byte body length").isGreaterThan(127);
            for (int n = 0; n < bytes.length; n++) {
                byte[] prefix = Arrays.copyOf(bytes, n);
                // Each length is checked against what is left before the section is read, so a cut
                // is reported at the prefix (0), at the header length (4) or at the body length.
                long expected =
                        n < BinaryFormat.PREFIX_LENGTH
                                ? 0
                                : n < l.bodyLenAt() ? l.headerLenAt() : l.bodyLenAt();
                assertFails(() -> CODEC.decode(prefix), CodecError.TRUNCATED, expected);
                assertFails(() -> CODEC.view(prefix), CodecError.TRUNCATED, expected);
            }
        }

        @ParameterizedTest
        @EnumSource(
                value = Compression.class,
                names = {"LZ4", "ZSTD", "DEFLATE"})
        void decode_everyPrefixOfCompressedMessage_failsWithTruncated(Compression algorithm) {
            byte[] bytes = compressed(algorithm);
            Layout l = layout(bytes);
            for (int n = 0; n < bytes.length; n++) {
                byte[] prefix = Arrays.copyOf(bytes, n);
                long expected =
                        n < BinaryFormat.PREFIX_LENGTH
                                ? 0
                                : n < l.bodyLenAt() ? l.headerLenAt() : l.bodyLenAt();
                assertFails(() -> CODEC.decode(prefix), CodecError.TRUNCATED, expected);
            }
        }

        @Test
        void decode_bodyCutAtEveryByteWithLengthFixed_failsWithTruncatedInsideTheBody() {
            byte[] bytes = CODEC.encode(richMessage());
            byte[] body = MessageBytes.body(bytes);
            for (int k = 0; k < body.length; k++) {
                byte[] cut = MessageBytes.withBody(bytes, Arrays.copyOf(body, k));
                int bodyOff = layout(cut).bodyOff();
                int end = bodyOff + k;
                // The view only frames the message: it must not touch the body.
                assertThat(CODEC.view(cut).subject()).isEqualTo("orders.eu.created");
                CodecException e = assertFails(() -> CODEC.decode(cut), CodecError.TRUNCATED);
                assertThat(e.offset())
                        .as("cut at %d: %s", k, e.getMessage())
                        .isBetween((long) bodyOff, (long) end);
            }
        }

        @Test
        void decode_headerCutAtEveryByteWithLengthFixed_failsWithTruncatedInsideTheHeader() {
            byte[] bytes = CODEC.encode(richMessage());
            byte[] header = MessageBytes.header(bytes);
            for (int k = 0; k < header.length; k++) {
                byte[] cut = MessageBytes.withHeader(bytes, Arrays.copyOf(header, k));
                int headerOff = layout(cut).headerOff();
                CodecException e = assertFails(() -> CODEC.view(cut), CodecError.TRUNCATED);
                assertThat(e.offset())
                        .as("cut at %d: %s", k, e.getMessage())
                        .isBetween((long) headerOff, (long) headerOff + k);
            }
        }

        @ParameterizedTest
        @EnumSource(
                value = Compression.class,
                names = {"LZ4", "ZSTD", "DEFLATE"})
        void decode_compressedPayloadCutAtEveryByte_failsWithDecompressionFailed(
                Compression algorithm) {
            byte[] bytes = compressed(algorithm);
            byte[] body = MessageBytes.body(bytes);
            int rawLenSize = MessageBytes.varintSize(richBodySize());
            assertThat(rawLenSize).isEqualTo(2);
            for (int k = 0; k < body.length; k++) {
                byte[] cut = MessageBytes.withBody(bytes, Arrays.copyOf(body, k));
                int bodyOff = layout(cut).bodyOff();
                CodecError expected =
                        k < rawLenSize ? CodecError.TRUNCATED : CodecError.DECOMPRESSION_FAILED;
                assertFails(() -> CODEC.decode(cut), expected, bodyOff);
            }
        }

        @Test
        void decodeContainer_everyPrefix_failsWithTruncated() {
            byte[] bytes = CODEC.encodeContainer(richBody());
            for (int n = 0; n < bytes.length; n++) {
                byte[] prefix = Arrays.copyOf(bytes, n);
                CodecException e =
                        assertFails(() -> CODEC.decodeContainer(prefix), CodecError.TRUNCATED);
                assertThat(e.offset())
                        .as("cut at %d: %s", n, e.getMessage())
                        .isBetween(0L, (long) n);
            }
        }

        @Test
        void decode_stringLongerThanBytesLeft_failsWithTruncatedAtTag() {
            assertFails(
                    () -> CODEC.decode(single(tag(STRING, 5), 'a', 'b')),
                    CodecError.TRUNCATED,
                    B + 3);
        }

        @Test
        void decode_float64WithThreeBytes_failsWithTruncatedAtPayload() {
            assertFails(
                    () -> CODEC.decode(single(tag(FLOAT64, 0), 1, 2, 3)),
                    CodecError.TRUNCATED,
                    B + 4);
        }

        @Test
        void decode_fieldCountLargerThanBytesCanHold_failsWithTruncatedAtCount() {
            // 4000 is within maxFields, but 4000 fields cannot fit in what is left.
            byte[] bytes = message(new Writer().varint(4000).str("a").u8(tag(NULL, 0)));
            assertFails(() -> CODEC.decode(bytes), CodecError.TRUNCATED, B);
        }

        @Test
        void decode_listCountLargerThanBytesLeft_failsWithTruncatedAtTag() {
            byte[] bytes =
                    message(
                            new Writer()
                                    .varint(1)
                                    .str("a")
                                    .u8(tag(LIST, 15))
                                    .varint(65_536)
                                    .u8(0, 0));
            assertFails(() -> CODEC.decode(bytes), CodecError.TRUNCATED, B + 3);
        }

        @Test
        void decode_emptyInput_failsWithTruncatedAtZero() {
            assertFails(() -> CODEC.decode(new byte[0]), CodecError.TRUNCATED, 0);
            assertFails(() -> CODEC.decodeContainer(new byte[0]), CodecError.TRUNCATED, 0);
        }
    }

    static int richBodySize() {
        return CODEC.encodeContainer(richBody()).length;
    }

    @Nested
    class Prefix {
        @ParameterizedTest
        @ValueSource(strings = {"XB", "SX", "sb", "{\""})
        void decode_wrongMagic_failsWithBadMagic(String magic) {
            byte[] bytes = CODEC.encode(richMessage());
            bytes[0] = (byte) magic.charAt(0);
            bytes[1] = (byte) magic.charAt(1);
            assertFails(() -> CODEC.decode(bytes), CodecError.BAD_MAGIC, 0);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2, 0x7F, 0xFF})
        void decode_unknownVersion_failsWithUnsupportedVersion(int version) {
            byte[] bytes = CODEC.encode(richMessage());
            bytes[2] = (byte) version;
            assertFails(() -> CODEC.decode(bytes), CodecError.UNSUPPORTED_VERSION, 2);
        }

        @ParameterizedTest
        @ValueSource(ints = {0x04, 0x08, 0x40, 0x80, 0xFC, 0xFF})
        void decode_unknownFlagBit_failsWithUnknownFlags(int flags) {
            byte[] bytes = MessageBytes.withFlags(CODEC.encode(richMessage()), flags);
            assertFails(() -> CODEC.decode(bytes), CodecError.UNKNOWN_FLAGS, 3);
        }

        @ParameterizedTest
        @ValueSource(longs = {1L << 7, 1L << 8, 1L << 20, 1L << 63, -1L})
        void decode_unknownHeaderPresenceBit_failsWithUnknownFlags(long presence) {
            byte[] header =
                    new Writer()
                            .varint(presence)
                            .raw(Arrays.copyOfRange(HEADER, 1, HEADER.length))
                            .toArray();
            byte[] bytes = assemble(0, header, new byte[] {0});
            assertFails(() -> CODEC.decode(bytes), CodecError.UNKNOWN_FLAGS, H);
        }

        @Test
        void decode_messageOneByteOverLimit_failsWithMessageTooLarge() {
            byte[] bytes = message(new Writer().varint(0));
            BinaryCodec atLimit = codec(DecodeLimits.builder().maxMessageBytes(bytes.length));
            BinaryCodec belowLimit =
                    codec(DecodeLimits.builder().maxMessageBytes(bytes.length - 1));

            assertThat(atLimit.decode(bytes).body().isEmpty()).isTrue();
            assertFails(() -> belowLimit.decode(bytes), CodecError.MESSAGE_TOO_LARGE, 0);
            assertFails(() -> belowLimit.view(bytes), CodecError.MESSAGE_TOO_LARGE, 0);
        }

        @Test
        void decode_byteAfterMessage_failsWithTrailingBytesAtMessageEnd() {
            byte[] bytes = CODEC.encode(richMessage());
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertFails(() -> CODEC.decode(longer), CodecError.TRAILING_BYTES, bytes.length);
        }
    }

    @Nested
    class Varints {
        @Test
        void decode_overlongVarintCount_failsWithBadVarint() {
            // 1 written as 0x81 0x00: the last byte adds nothing.
            assertFails(
                    () -> CODEC.decode(message(new Writer().u8(0x81, 0x00).str("a").u8(0))),
                    CodecError.BAD_VARINT,
                    B);
        }

        @Test
        void decode_overlongHeaderLength_failsWithBadVarint() {
            byte[] bytes =
                    new Writer()
                            .u8('S', 'B', 1, 0)
                            .u8(0x80 | HEADER.length, 0x00)
                            .raw(HEADER)
                            .u8(1, 0)
                            .toArray();
            assertFails(() -> CODEC.decode(bytes), CodecError.BAD_VARINT, 4);
        }

        @Test
        void decode_overlongIntegerPayload_failsWithBadVarintAtVarint() {
            assertFails(
                    () -> CODEC.decode(single(tag(INT64, 14), 0x9E, 0x80, 0x00)),
                    CodecError.BAD_VARINT,
                    B + 4);
        }

        @Test
        void decode_varintOfElevenBytes_failsWithBadVarint() {
            assertFails(
                    () ->
                            CODEC.decode(
                                    single(
                                            tag(INT64, 14),
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x80,
                                            0x01)),
                    CodecError.BAD_VARINT,
                    B + 4);
        }

        @Test
        void decode_tenthVarintByteOverflowing64Bits_failsWithBadVarint() {
            assertFails(
                    () ->
                            CODEC.decode(
                                    single(
                                            tag(INT64, 14),
                                            0xFF,
                                            0xFF,
                                            0xFF,
                                            0xFF,
                                            0xFF,
                                            0xFF,
                                            0xFF,
                                            0xFF,
                                            0xFF,
                                            0x02)),
                    CodecError.BAD_VARINT,
                    B + 4);
        }

        @Test
        void decode_longestVarintInteger_decodes() {
            // zigzag 2^49 - 1 (= -2^48) is the largest value of the varint form: 7 bytes.
            byte[] bytes = single(tag(INT64, 14), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
            assertThat(CODEC.decode(bytes).body().getInt64("a")).isEqualTo(-(1L << 48));
        }

        @Test
        void decode_integerNeedingTheFixedFormInVarintForm_failsWithNonCanonical() {
            // zigzag 2^49 takes 8 varint bytes; the 8-byte fixed form is the canonical one.
            byte[] bytes = single(tag(INT64, 14), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
            assertFails(() -> CODEC.decode(bytes), CodecError.NON_CANONICAL, B + 3);
        }

        @Test
        void decode_varintRunningPastTheEnd_failsWithTruncatedAtVarint() {
            assertFails(
                    () -> CODEC.decode(single(tag(INT64, 14), 0xFF, 0xFF)),
                    CodecError.TRUNCATED,
                    B + 4);
        }
    }

    @Nested
    class Limits {
        @Test
        void decode_containersNestedAtDepthLimit_decodesAndOneDeeperFails() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxDepth(3));
            byte[] atLimit = DEEP.encode(withBody(containersTo(3)));
            byte[] tooDeep = DEEP.encode(withBody(containersTo(4)));

            assertThat(limited.decode(atLimit).body()).isEqualTo(containersTo(3));
            // Tags of the nested containers are at B+3 (depth 2), B+6 (depth 3), B+9 (depth 4).
            assertFails(() -> limited.decode(tooDeep), CodecError.DEPTH_EXCEEDED, B + 9);
        }

        @Test
        void decode_listsNestedAtDepthLimit_decodesAndOneDeeperFails() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxDepth(3));
            byte[] atLimit = DEEP.encode(withBody(listsTo(3)));
            byte[] tooDeep = DEEP.encode(withBody(listsTo(4)));

            assertThat(limited.decode(atLimit).body()).isEqualTo(listsTo(3));
            // List tags are at B+3 (depth 2), B+4 (depth 3), B+5 (depth 4).
            assertFails(() -> limited.decode(tooDeep), CodecError.DEPTH_EXCEEDED, B + 5);
        }

        @Test
        void decode_mixedNestingAtDefaultLimit_decodesAndOneDeeperFails() {
            int max = DecodeLimits.DEFAULT.maxDepth();
            Value v = Value.list();
            for (int d = max; d > 2; d--) {
                v = d % 2 == 0 ? Value.list(v) : Value.of(Container.builder().put("k", v).build());
            }
            Container atLimit = Container.builder().put("a", v).build();
            Container tooDeep = Container.builder().put("a", Value.list(v)).build();

            assertThat(CODEC.decode(DEEP.encode(withBody(atLimit))).body()).isEqualTo(atLimit);
            assertFails(
                    () -> CODEC.decode(DEEP.encode(withBody(tooDeep))), CodecError.DEPTH_EXCEEDED);
            assertThatThrownBy(() -> CODEC.encode(withBody(tooDeep)))
                    .isInstanceOfSatisfying(
                            CodecException.class,
                            e -> assertThat(e.error()).isEqualTo(CodecError.DEPTH_EXCEEDED));
        }

        @Test
        void decode_hostileListNestingHundredThousandDeep_failsWithDepthExceededNotStackOverflow() {
            Writer body = new Writer().varint(1).str("a");
            for (int i = 0; i < 100_000; i++) {
                body.u8(tag(LIST, 1));
            }
            body.u8(tag(NULL, 0));
            byte[] bytes = message(body);
            int bodyOff = layout(bytes).bodyOff(); // a three-byte body length
            // The list right after the key is depth 2, so depth 33 is 31 tags further.
            assertFails(() -> CODEC.decode(bytes), CodecError.DEPTH_EXCEEDED, bodyOff + 3 + 31);
        }

        @Test
        void decode_fieldsOverLimit_failsWithTooManyFields() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxFields(4));
            Container four =
                    Container.builder().put("a", 1).put("b", 2).put("c", 3).put("d", 4).build();
            Container five = four.toBuilder().put("e", 5).build();

            assertThat(limited.decode(CODEC.encode(withBody(four))).body()).isEqualTo(four);
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(five))),
                    CodecError.TOO_MANY_FIELDS,
                    B);
            // Nested: the error points at the nested container's tag.
            Container nested = Container.builder().put("n", five).build();
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(nested))),
                    CodecError.TOO_MANY_FIELDS,
                    B + 3);
        }

        @ParameterizedTest
        @ValueSource(longs = {4097, 1L << 40, -1L})
        void decode_hugeFieldCount_failsWithTooManyFields(long count) {
            assertFails(
                    () -> CODEC.decode(message(new Writer().varint(count))),
                    CodecError.TOO_MANY_FIELDS,
                    B);
        }

        @Test
        void decode_listOverLimit_failsWithListTooLong() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxListItems(3));
            Container three =
                    Container.builder()
                            .put("a", List.of(Value.NULL, Value.NULL, Value.NULL))
                            .build();
            Container four =
                    Container.builder()
                            .put("a", List.of(Value.NULL, Value.NULL, Value.NULL, Value.NULL))
                            .build();

            assertThat(limited.decode(CODEC.encode(withBody(three))).body()).isEqualTo(three);
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(four))),
                    CodecError.LIST_TOO_LONG,
                    B + 3);
        }

        @ParameterizedTest
        @ValueSource(longs = {65_537, 1L << 40, -1L})
        void decode_hugeListCount_failsWithListTooLong(long count) {
            byte[] bytes = message(new Writer().varint(1).str("a").u8(tag(LIST, 15)).varint(count));
            assertFails(() -> CODEC.decode(bytes), CodecError.LIST_TOO_LONG, B + 3);
        }

        @Test
        void decode_stringOverLimitInUtf8Bytes_failsWithStringTooLong() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxStringBytes(8));
            Container eight = Container.builder().put("a", "12345678").build();
            Container nine = Container.builder().put("a", "123456789").build();
            Container threeEuros = Container.builder().put("a", "€€€").build(); // 3 chars, 9 bytes

            assertThat(limited.decode(CODEC.encode(withBody(eight))).body()).isEqualTo(eight);
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(nine))),
                    CodecError.STRING_TOO_LONG,
                    B + 3);
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(threeEuros))),
                    CodecError.STRING_TOO_LONG,
                    B + 3);
        }

        @ParameterizedTest
        @ValueSource(longs = {(1 << 20) + 1, 1L << 62, -1L})
        void decode_hugeStringLength_failsWithStringTooLong(long length) {
            byte[] bytes =
                    message(new Writer().varint(1).str("a").u8(tag(STRING, 15)).varint(length));
            assertFails(() -> CODEC.decode(bytes), CodecError.STRING_TOO_LONG, B + 3);
        }

        @Test
        void decode_headerValueOverStringLimit_failsWithStringTooLongAtValueLength() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxStringBytes(8));
            byte[] header =
                    header(BinaryFormat.HAS_HEADERS, "t")
                            .varint(1)
                            .str("h")
                            .str("123456789")
                            .toArray();
            // count at OPTIONAL, name length +1, name +2, value length +3
            assertFails(
                    () -> limited.view(assemble(0, header, new byte[] {0})),
                    CodecError.STRING_TOO_LONG,
                    OPTIONAL + 3);
        }

        @Test
        void decode_bytesOverLimit_failsWithBytesTooLong() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxBytesLength(4));
            Container four = Container.builder().put("a", new byte[4]).build();
            Container five = Container.builder().put("a", new byte[5]).build();

            assertThat(limited.decode(CODEC.encode(withBody(four))).body()).isEqualTo(four);
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(five))),
                    CodecError.BYTES_TOO_LONG,
                    B + 3);
        }

        @ParameterizedTest
        @ValueSource(longs = {(8 << 20) + 1, 1L << 62, -1L})
        void decode_hugeBytesLength_failsWithBytesTooLong(long length) {
            byte[] bytes =
                    message(new Writer().varint(1).str("a").u8(tag(BYTES, 15)).varint(length));
            assertFails(() -> CODEC.decode(bytes), CodecError.BYTES_TOO_LONG, B + 3);
        }

        @Test
        void decode_headersOverLimit_failsWithTooManyHeaders() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxHeaders(2));
            Message two =
                    withBody(Container.empty()).toBuilder()
                            .header("a", "1")
                            .header("b", "2")
                            .build();
            Message three = two.toBuilder().header("c", "3").build();
            byte[] crafted =
                    assemble(
                            0,
                            header(BinaryFormat.HAS_HEADERS, "t")
                                    .varint(3)
                                    .str("a")
                                    .str("1")
                                    .str("b")
                                    .str("2")
                                    .str("c")
                                    .str("3")
                                    .toArray(),
                            new byte[] {0});

            assertThat(limited.decode(CODEC.encode(two))).isEqualTo(two);
            assertFails(() -> limited.decode(CODEC.encode(three)), CodecError.TOO_MANY_HEADERS);
            assertFails(() -> limited.view(crafted), CodecError.TOO_MANY_HEADERS, OPTIONAL);
        }

        @ParameterizedTest
        @ValueSource(longs = {257, 1L << 40, -1L})
        void decode_hugeHeaderCount_failsWithTooManyHeaders(long count) {
            byte[] header = header(BinaryFormat.HAS_HEADERS, "t").varint(count).toArray();
            assertFails(
                    () -> CODEC.view(assemble(0, header, new byte[] {0})),
                    CodecError.TOO_MANY_HEADERS,
                    OPTIONAL);
        }

        @Test
        void decode_valuesOverLimit_failsWithTooManyValuesAtTheFirstValueOver() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxValues(5));
            Writer five = new Writer().varint(5);
            Writer six = new Writer().varint(6);
            for (char k = 'a'; k <= 'f'; k++) {
                if (k < 'f') {
                    five.str(String.valueOf(k)).u8(tag(NULL, 0));
                }
                six.str(String.valueOf(k)).u8(tag(NULL, 0));
            }
            assertThat(limited.decode(message(five)).body().size()).isEqualTo(5);
            // Field i (from 0) has its tag at B + 3 + 3i.
            assertFails(() -> limited.decode(message(six)), CodecError.TOO_MANY_VALUES, B + 18);
        }

        @Test
        void decode_nestedValuesOverLimit_countsTheListItself() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxValues(5));
            Container listOfFour =
                    Container.builder()
                            .put("a", List.of(Value.NULL, Value.NULL, Value.NULL, Value.NULL))
                            .build();
            Container listOfFive =
                    Container.builder()
                            .put(
                                    "a",
                                    List.of(
                                            Value.NULL,
                                            Value.NULL,
                                            Value.NULL,
                                            Value.NULL,
                                            Value.NULL))
                            .build();

            assertThat(limited.decode(CODEC.encode(withBody(listOfFour))).body())
                    .isEqualTo(listOfFour);
            // The list tag at B+3 is value 1, its items at B+4.. are values 2 to 6.
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(listOfFive))),
                    CodecError.TOO_MANY_VALUES,
                    B + 8);
        }
    }

    @Nested
    class Values {
        @ParameterizedTest
        @ValueSource(ints = {0x0C, 0x0D, 0x0E, 0x0F, 0x1C, 0xFF})
        void decode_unknownTypeCode_failsWithUnknownType(int tag) {
            assertFails(() -> CODEC.decode(single(tag)), CodecError.UNKNOWN_TYPE, B + 3);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "C3 28",
                    "ED A0 80",
                    "ED BF BF",
                    "C0 AF",
                    "E0 80 AF",
                    "F4 90 80 80",
                    "E2 82",
                    "FF",
                    "80",
                    "F8 88 80 80 80"
                })
        void decode_malformedUtf8String_failsWithInvalidUtf8AtStringBytes(String hex) {
            byte[] utf8 = hex(hex);
            byte[] bytes =
                    message(new Writer().varint(1).str("a").u8(tag(STRING, utf8.length)).raw(utf8));
            assertFails(() -> CODEC.decode(bytes), CodecError.INVALID_UTF8, B + 4);
        }

        @Test
        void decode_wellFormedReplacementCharacter_decodes() {
            // U+FFFD itself is valid; only malformed sequences are refused.
            byte[] bytes = single(tag(STRING, 3), 0xEF, 0xBF, 0xBD);
            assertThat(CODEC.decode(bytes).body().getString("a")).isEqualTo("\uFFFD");
        }

        @Test
        void decode_malformedUtf8Key_failsWithInvalidUtf8AtKeyBytes() {
            byte[] bytes =
                    message(new Writer().varint(1).varint(2).u8(0xC3, 0x28).u8(tag(NULL, 0)));
            assertFails(() -> CODEC.decode(bytes), CodecError.INVALID_UTF8, B + 2);
        }

        @Test
        void decode_keysOutOfOrder_failsWithKeyOrderAtSecondKey() {
            byte[] descending = message(new Writer().varint(2).str("b").u8(0).str("a").u8(0));
            byte[] duplicate = message(new Writer().varint(2).str("a").u8(0).str("a").u8(0));
            byte[] longerFirst = message(new Writer().varint(2).str("ab").u8(0).str("a").u8(0));

            assertFails(() -> CODEC.decode(descending), CodecError.KEY_ORDER, B + 4);
            assertFails(() -> CODEC.decode(duplicate), CodecError.KEY_ORDER, B + 4);
            assertFails(() -> CODEC.decode(longerFirst), CodecError.KEY_ORDER, B + 5);
        }

        @Test
        void decode_nestedKeysOutOfOrder_failsWithKeyOrder() {
            byte[] bytes =
                    message(
                            new Writer()
                                    .varint(1)
                                    .str("n")
                                    .u8(tag(CONTAINER, 2))
                                    .str("b")
                                    .u8(0)
                                    .str("a")
                                    .u8(0));
            assertFails(() -> CODEC.decode(bytes), CodecError.KEY_ORDER, B + 7);
        }

        @Test
        void decode_keysInUtf8ByteOrderButNotUtf16Order_decodes() {
            // U+FFFF (EF BF BF) sorts before U+1F600 (F0 ..) in bytes, after it in UTF-16 units.
            Container c = Container.builder().put("\uD83D\uDE00", 1).put("\uFFFF", 2).build();
            assertThat(c.keyAt(0)).isEqualTo("\uFFFF");
            assertThat(CODEC.decode(CODEC.encode(withBody(c))).body()).isEqualTo(c);

            byte[] reversed =
                    message(new Writer().varint(2).str("\uD83D\uDE00").u8(0).str("\uFFFF").u8(0));
            // count, length, four key bytes, tag, then the second key's length
            assertFails(() -> CODEC.decode(reversed), CodecError.KEY_ORDER, B + 7);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "D4 01", // int32 1 in the byte form: it fits inline
                    "E5 0E", // int64 7 in the varint form: it fits the byte form
                    "F5 00 01 00 00 00 00 00 00", // int64 256 in the fixed form: varint is shorter
                    "21", // bool 2
                    "10", // null with inline bits
                    "16 00 00 00 00", // float32 with inline bits
                    "37 00 00 00 00 00 00 00 00", // float64 with inline bits
                    "F8 03 61 62 63", // string of 3 in extended form
                    "F9 00", // empty bytes in extended form
                    "FA 00", // empty container in extended form
                    "FB 0E 00 00 00 00 00 00 00 00 00 00 00 00 00 00" // list of 14 in extended form
                })
        void decode_valueInLongerFormThanCanonical_failsWithNonCanonicalAtTag(String hex) {
            byte[] bytes = message(new Writer().varint(1).str("a").raw(hex(hex)));
            assertFails(() -> CODEC.decode(bytes), CodecError.NON_CANONICAL, B + 3);
        }

        @Test
        void decode_smallestIntegerPastInline_usesTheByteForm() {
            // zigzag 13 (= -7) is the first value that does not fit inline.
            assertThat(CODEC.decode(single(tag(INT32, 13), 0xF9)).body().getInt32("a"))
                    .isEqualTo(-7);
            assertThat(CODEC.encodeContainer(Container.builder().put("a", -7).build()))
                    .endsWith(tag(INT32, 13), 0xF9);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "E2 90 03", // int8 200
                    "E2 81 02", // int8 -129
                    "E3 80 F1 04", // int16 40000
                    "E3 81 80 04", // int16 -32769
                    "E4 80 80 80 80 10", // int32 2^31
                    "E4 81 80 80 80 10" // int32 -2^31 - 1
                })
        void decode_integerNotFittingItsType_failsWithValueOutOfRangeAtTag(String hex) {
            byte[] bytes = message(new Writer().varint(1).str("a").raw(hex(hex)));
            assertFails(() -> CODEC.decode(bytes), CodecError.VALUE_OUT_OF_RANGE, B + 3);
        }

        @Test
        void decode_integersAtTheirTypeBounds_decode() {
            Container bounds =
                    Container.builder()
                            .putInt8("a", Byte.MIN_VALUE)
                            .putInt8("b", Byte.MAX_VALUE)
                            .putInt16("c", Short.MIN_VALUE)
                            .putInt16("d", Short.MAX_VALUE)
                            .put("e", Integer.MIN_VALUE)
                            .put("f", Integer.MAX_VALUE)
                            .put("g", Long.MIN_VALUE)
                            .put("h", Long.MAX_VALUE)
                            // Beyond +-2^62 the zigzag form is negative as a signed long.
                            .put("i", 1L << 62)
                            .put("j", -(1L << 62) - 1)
                            .build();
            assertThat(CODEC.decode(CODEC.encode(withBody(bounds))).body()).isEqualTo(bounds);
            assertThat(CODEC.encodeContainer(Container.builder().put("a", Long.MIN_VALUE).build()))
                    .endsWith(tag(INT64, 15), 0, 0, 0, 0, 0, 0, 0, 0x80);
        }

        @Test
        void decode_bytesAfterTheBodyFields_failsWithTrailingBytesAtFieldsEnd() {
            byte[] bytes = message(new Writer().varint(1).str("a").u8(tag(NULL, 0)).u8(0));
            assertFails(() -> CODEC.decode(bytes), CodecError.TRAILING_BYTES, B + 4);
        }

        @Test
        void decode_emptyContainerKey_failsWithInvalidFieldAtKeyLength() {
            // A field takes at least 3 bytes, so the crafted body has 3 after the count.
            byte[] bytes = message(new Writer().varint(1).varint(0).u8(tag(NULL, 0), tag(NULL, 0)));
            assertFails(() -> CODEC.decode(bytes), CodecError.INVALID_FIELD, B + 1);
        }

        @Test
        void decode_keyLongerThan255Bytes_failsWithInvalidFieldAtKeyLength() {
            byte[] bytes = message(new Writer().varint(1).str("k".repeat(256)).u8(0));
            assertFails(
                    () -> CODEC.decode(bytes),
                    CodecError.INVALID_FIELD,
                    layout(bytes).bodyOff() + 1);
        }
    }

    @Nested
    class Envelope {
        private byte[] withHeader(Writer header) {
            return assemble(0, header.toArray(), new byte[] {0});
        }

        @ParameterizedTest
        @ValueSource(strings = {"a..b", ".a", "a.", "a b", "a.*", "a.>.b"})
        void decode_invalidSubject_failsWithInvalidFieldAtSubject(String subject) {
            byte[] bytes = withHeader(header(0, subject));
            // The view frames it; the subject rules apply when building the message.
            assertThat(CODEC.view(bytes).subject()).isEqualTo(subject);
            assertFails(() -> CODEC.decode(bytes), CodecError.INVALID_FIELD, SUBJECT);
        }

        @Test
        void decode_emptySubject_failsWithInvalidField() {
            assertFails(
                    () -> CODEC.decode(withHeader(header(0, ""))),
                    CodecError.INVALID_FIELD,
                    SUBJECT);
        }

        @Test
        void decode_subjectLengthOverMaximum_failsWithInvalidFieldAtLength() {
            Writer header =
                    new Writer().raw(Arrays.copyOf(HEADER, SUBJECT_LEN - H)).varint(3 * 1024 + 1);
            assertFails(
                    () -> CODEC.view(withHeader(header)), CodecError.INVALID_FIELD, SUBJECT_LEN);
        }

        @Test
        void decode_malformedUtf8Subject_failsWithInvalidUtf8AtSubject() {
            Writer header =
                    new Writer()
                            .raw(Arrays.copyOf(HEADER, SUBJECT_LEN - H))
                            .lengthPrefixed(new byte[] {(byte) 0xC3, 0x28});
            byte[] bytes = withHeader(header);
            MessageView view = CODEC.view(bytes);
            assertThat(view.subjectEquals("t")).isFalse();
            assertFails(view::subject, CodecError.INVALID_UTF8, SUBJECT);
            assertFails(() -> CODEC.decode(bytes), CodecError.INVALID_UTF8, SUBJECT);
        }

        @Test
        void decode_reservedTimestamp_failsWithInvalidFieldAtTimestamp() {
            Writer header =
                    new Writer()
                            .raw(Arrays.copyOf(HEADER, TIMESTAMP - H))
                            .fixed64LE(Long.MIN_VALUE)
                            .str("t");
            assertFails(() -> CODEC.view(withHeader(header)), CodecError.INVALID_FIELD, TIMESTAMP);
        }

        @ParameterizedTest
        @ValueSource(ints = {5, 6, 7, 6 << 3, 7 << 3, 0x40, 0x80})
        void decode_unknownTypeOrPriorityCode_failsWithValueOutOfRangeAtKindByte(int kind) {
            byte[] header = HEADER.clone();
            header[KIND - H] = (byte) kind;
            assertFails(
                    () -> CODEC.view(assemble(0, header, new byte[] {0})),
                    CodecError.VALUE_OUT_OF_RANGE,
                    KIND);
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1L})
        void decode_ttlNotPositive_failsWithInvalidFieldAtTtl(long ttl) {
            assertFails(
                    () -> CODEC.view(withHeader(header(BinaryFormat.HAS_TTL, "t").varint(ttl))),
                    CodecError.INVALID_FIELD,
                    OPTIONAL);
        }

        @Test
        void decode_zeroTraceId_failsWithInvalidFieldAtTrace() {
            Writer zeroTrace =
                    header(BinaryFormat.HAS_TRACE, "t")
                            .fixed64BE(0)
                            .fixed64BE(0)
                            .fixed64BE(7)
                            .u8(1);
            Writer zeroSpan =
                    header(BinaryFormat.HAS_TRACE, "t")
                            .fixed64BE(0)
                            .fixed64BE(1)
                            .fixed64BE(0)
                            .u8(1);
            assertFails(
                    () -> CODEC.view(withHeader(zeroTrace)), CodecError.INVALID_FIELD, OPTIONAL);
            assertFails(() -> CODEC.view(withHeader(zeroSpan)), CodecError.INVALID_FIELD, OPTIONAL);
        }

        @Test
        void decode_traceStateWithoutTrace_failsWithInvalidField() {
            Writer header = header(BinaryFormat.HAS_TRACE_STATE, "t").str("a=b");
            assertFails(() -> CODEC.view(withHeader(header)), CodecError.INVALID_FIELD, OPTIONAL);
        }

        @Test
        void decode_headerTableWithZeroCount_failsWithInvalidField() {
            assertFails(
                    () -> CODEC.view(withHeader(header(BinaryFormat.HAS_HEADERS, "t").varint(0))),
                    CodecError.INVALID_FIELD,
                    OPTIONAL);
        }

        @Test
        void decode_emptyHeaderName_failsWithInvalidFieldAtName() {
            Writer header = header(BinaryFormat.HAS_HEADERS, "t").varint(1).str("").str("v");
            assertFails(
                    () -> CODEC.view(withHeader(header)), CodecError.INVALID_FIELD, OPTIONAL + 1);
        }

        @Test
        void decode_headerNamesOutOfOrder_failsWithKeyOrderAtSecondName() {
            Writer descending =
                    header(BinaryFormat.HAS_HEADERS, "t")
                            .varint(2)
                            .str("b")
                            .str("1")
                            .str("a")
                            .str("2");
            Writer duplicate =
                    header(BinaryFormat.HAS_HEADERS, "t")
                            .varint(2)
                            .str("a")
                            .str("1")
                            .str("a")
                            .str("2");
            // count, len, 'b', len, '1', then the second name's length
            assertFails(
                    () -> CODEC.view(withHeader(descending)), CodecError.KEY_ORDER, OPTIONAL + 5);
            assertFails(
                    () -> CODEC.view(withHeader(duplicate)), CodecError.KEY_ORDER, OPTIONAL + 5);
        }

        @Test
        void decode_malformedUtf8HeaderValue_failsWithInvalidUtf8() {
            Writer header =
                    header(BinaryFormat.HAS_HEADERS, "t")
                            .varint(1)
                            .str("h")
                            .lengthPrefixed(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            byte[] bytes = withHeader(header);
            assertThat(CODEC.view(bytes).headerCount()).isEqualTo(1);
            assertFails(() -> CODEC.decode(bytes), CodecError.INVALID_UTF8, OPTIONAL + 4);
        }

        @Test
        void decode_unreadBytesAtHeaderEnd_failsWithInvalidFieldWhereTheyStart() {
            assertFails(
                    () -> CODEC.view(withHeader(header(0, "t").u8(0))),
                    CodecError.INVALID_FIELD,
                    OPTIONAL);
        }

        @Test
        void decode_envelopeStringsBreakingTheirRules_failWithInvalidField() {
            Writer emptySource = header(BinaryFormat.HAS_SOURCE, "t").str("").str("");
            Writer emptyCorrelation = header(BinaryFormat.HAS_CORRELATION_ID, "t").str("");
            Writer longCorrelation =
                    header(BinaryFormat.HAS_CORRELATION_ID, "t").str("c".repeat(256));
            Writer longHeaderName =
                    header(BinaryFormat.HAS_HEADERS, "t").varint(1).str("h".repeat(256)).str("v");
            // Laid out correctly, so the view accepts them; the envelope rules refuse them.
            for (Writer header :
                    List.of(emptySource, emptyCorrelation, longCorrelation, longHeaderName)) {
                byte[] bytes = withHeader(header);
                assertThatCode(() -> CODEC.view(bytes)).doesNotThrowAnyException();
                assertFails(() -> CODEC.decode(bytes), CodecError.INVALID_FIELD, -1);
            }
        }
    }

    @Nested
    class Compressed {
        @ParameterizedTest
        @EnumSource(
                value = Compression.class,
                names = {"LZ4", "ZSTD", "DEFLATE"})
        void decode_correctlyCompressedBody_decodesToTheOriginal(Compression algorithm) {
            byte[] bytes = compressed(algorithm);
            assertThat(bytes.length).isLessThan(CODEC.encode(richMessage()).length);
            assertThat(CODEC.decode(bytes)).isEqualTo(richMessage());
        }

        @ParameterizedTest
        @EnumSource(
                value = Compression.class,
                names = {"LZ4", "ZSTD", "DEFLATE"})
        void decode_compressionFlagOverGarbage_failsWithDecompressionFailed(Compression algorithm) {
            byte[] garbage =
                    new Writer()
                            .varint(40)
                            .u8(0xFF, 0xFF, 0xFF, 0xFF, 0x13, 0x37, 0xFF, 0xFF, 0xFF, 0xFF)
                            .toArray();
            byte[] bytes = assemble(algorithm.code(), HEADER, garbage);
            assertFails(() -> CODEC.decode(bytes), CodecError.DECOMPRESSION_FAILED, B);
        }

        @ParameterizedTest
        @EnumSource(
                value = Compression.class,
                names = {"LZ4", "ZSTD", "DEFLATE"})
        void decode_compressionFlagOverUncompressedBody_failsWithDecompressionFailed(
                Compression algorithm) {
            byte[] plain = CODEC.encode(richMessage());
            byte[] flagged = MessageBytes.withFlags(plain, algorithm.code());
            // The field count is read as the raw length; what follows is not a compressed stream.
            assertFails(
                    () -> CODEC.decode(flagged),
                    CodecError.DECOMPRESSION_FAILED,
                    layout(plain).bodyOff());
        }

        @ParameterizedTest
        @EnumSource(
                value = Compression.class,
                names = {"LZ4", "ZSTD", "DEFLATE"})
        void decode_wrongDeclaredRawLength_failsWithDecompressionFailed(Compression algorithm) {
            byte[] bytes = compressed(algorithm);
            Layout l = layout(bytes);
            int rawLen = richBodySize();
            byte[] payload =
                    Arrays.copyOfRange(
                            bytes, l.bodyOff() + MessageBytes.varintSize(rawLen), l.end());
            for (int declared : new int[] {0, 1, rawLen - 1, rawLen + 1, 2 * rawLen}) {
                byte[] body = new Writer().varint(declared).raw(payload).toArray();
                byte[] lying = MessageBytes.withBody(bytes, body);
                assertFails(
                        () -> CODEC.decode(lying),
                        CodecError.DECOMPRESSION_FAILED,
                        layout(lying).bodyOff());
            }
            assertThat(
                            CODEC.decode(
                                    MessageBytes.withBody(
                                            bytes,
                                            new Writer().varint(rawLen).raw(payload).toArray())))
                    .isEqualTo(richMessage());
        }

        @ParameterizedTest
        @EnumSource(
                value = Compression.class,
                names = {"LZ4", "ZSTD", "DEFLATE"})
        void decode_compressedBodyWithOnlyRawLength_failsWithDecompressionFailed(
                Compression algorithm) {
            byte[] bytes = assemble(algorithm.code(), HEADER, new Writer().varint(10).toArray());
            assertFails(() -> CODEC.decode(bytes), CodecError.DECOMPRESSION_FAILED, B);
        }

        @Test
        void decode_rawLengthOverBodyLimit_failsWithBodyTooLarge() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxBodyBytes(100));
            byte[] raw =
                    CODEC.encodeContainer(
                            Container.builder().put("a", "x".repeat(101 - 5)).build());
            assertThat(raw).hasSize(101);
            byte[] bytes =
                    assemble(
                            Compression.DEFLATE.code(),
                            HEADER,
                            new Writer().varint(raw.length).raw(rawDeflate(raw)).toArray());

            assertThat(CODEC.decode(bytes).body().getString("a")).hasSize(96);
            assertFails(() -> limited.decode(bytes), CodecError.BODY_TOO_LARGE, B);
        }

        @ParameterizedTest
        @ValueSource(longs = {(16 << 20) + 1, 1L << 40, -1L})
        void decode_hugeDeclaredRawLength_failsWithBodyTooLargeBeforeAllocating(long rawLen) {
            byte[] bytes =
                    assemble(
                            Compression.ZSTD.code(),
                            HEADER,
                            new Writer().varint(rawLen).u8(1, 2, 3).toArray());
            assertFails(() -> CODEC.decode(bytes), CodecError.BODY_TOO_LARGE, B);
        }

        @Test
        void decode_uncompressedBodyOverBodyLimit_failsWithBodyTooLarge() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxBodyBytes(100));
            Container atLimit = Container.builder().put("a", "x".repeat(95)).build();
            Container overLimit = Container.builder().put("a", "x".repeat(96)).build();
            assertThat(CODEC.encodeContainer(atLimit)).hasSize(100);

            assertThat(limited.decode(CODEC.encode(withBody(atLimit))).body()).isEqualTo(atLimit);
            assertFails(
                    () -> limited.decode(CODEC.encode(withBody(overLimit))),
                    CodecError.BODY_TOO_LARGE,
                    B);
            assertFails(
                    () -> limited.decodeContainer(CODEC.encodeContainer(overLimit)),
                    CodecError.BODY_TOO_LARGE,
                    0);
        }

        @Test
        void decode_decompressedBodyWithTrailingBytes_failsWithTrailingBytesInsideTheRawBody() {
            byte[] fields =
                    CODEC.encodeContainer(Container.builder().put("a", "y".repeat(50)).build());
            byte[] raw = Arrays.copyOf(fields, fields.length + 1);
            byte[] bytes =
                    assemble(
                            Compression.DEFLATE.code(),
                            HEADER,
                            new Writer().varint(raw.length).raw(rawDeflate(raw)).toArray());
            // Offsets inside a decompressed body count from the body's first byte.
            assertFails(() -> CODEC.decode(bytes), CodecError.TRAILING_BYTES, fields.length);
        }

        @Test
        void decode_decompressedBodyMalformed_reportsOffsetInsideTheRawBody() {
            byte[] raw = new Writer().varint(2).str("b").u8(0).str("a").u8(0).toArray();
            byte[] bytes =
                    assemble(
                            Compression.DEFLATE.code(),
                            HEADER,
                            new Writer().varint(raw.length).raw(rawDeflate(raw)).toArray());
            assertFails(() -> CODEC.decode(bytes), CodecError.KEY_ORDER, 4);
        }
    }

    @Nested
    class BareContainer {
        @Test
        void decodeContainer_encodedContainer_roundTrips() {
            assertThat(CODEC.decodeContainer(CODEC.encodeContainer(richBody())))
                    .isEqualTo(richBody());
        }

        @Test
        void decodeContainer_trailingByte_failsWithTrailingBytes() {
            byte[] bytes = CODEC.encodeContainer(richBody());
            assertFails(
                    () -> CODEC.decodeContainer(Arrays.copyOf(bytes, bytes.length + 1)),
                    CodecError.TRAILING_BYTES,
                    bytes.length);
        }

        @Test
        void decodeContainer_messageBytes_failsWithoutEscapingCodecException() {
            // A whole message is not a container: 'S' (83) is read as a field count, and 83
            // fields cannot fit in the 34 bytes that follow.
            byte[] bytes = message(new Writer().varint(0));
            assertThat(bytes).hasSize(35);
            assertFails(() -> CODEC.decodeContainer(bytes), CodecError.TRUNCATED, 0);
        }

        @Test
        void decodeContainer_malformed_failsWithTheSameErrorsAsBodies() {
            BinaryCodec limited = codec(DecodeLimits.builder().maxDepth(2).maxFields(1));
            assertFails(
                    () ->
                            CODEC.decodeContainer(
                                    new Writer().varint(2).str("b").u8(0).str("a").u8(0).toArray()),
                    CodecError.KEY_ORDER,
                    4);
            assertFails(
                    () ->
                            CODEC.decodeContainer(
                                    new Writer().varint(1).str("a").u8(tag(BOOL, 3)).toArray()),
                    CodecError.NON_CANONICAL,
                    3);
            assertFails(
                    () ->
                            CODEC.decodeContainer(
                                    new Writer()
                                            .varint(1)
                                            .str("a")
                                            .u8(tag(FLOAT32, 0), 1)
                                            .toArray()),
                    CodecError.TRUNCATED,
                    4);
            assertFails(
                    () -> limited.decodeContainer(CODEC.encodeContainer(listsTo(3))),
                    CodecError.DEPTH_EXCEEDED,
                    4);
            assertFails(
                    () -> limited.decodeContainer(new Writer().varint(2).toArray()),
                    CodecError.TOO_MANY_FIELDS,
                    0);
        }
    }

    @Test
    void decode_randomMutationsOfValidMessages_throwOnlyCodecException() {
        List<byte[]> seeds =
                List.of(
                        CODEC.encode(richMessage()),
                        compressed(Compression.DEFLATE),
                        compressed(Compression.LZ4),
                        compressed(Compression.ZSTD));
        SplittableRandom random = new SplittableRandom(20_240_611);
        List<String> escaped = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = seeds.get(i % seeds.size()).clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                MessageView view = CODEC.view(bytes);
                view.header("x-retry");
                view.correlationId();
                CODEC.decode(bytes);
            } catch (CodecException e) {
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                escaped.add(i + ": " + e);
            }
        }
        assertThat(escaped).as("exceptions other than CodecException").isEmpty();
        assertThat(refused).as("most mutations are refused").isGreaterThan(10_000);
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
    }
}
