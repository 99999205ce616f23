package dev.switchboard.protocol;

import static dev.switchboard.protocol.Frames.hex;
import static dev.switchboard.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.protocol.testing.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The headers section: encode, decode, validate in place, find in place. */
@ExtendWith(NoLeaks.class)
class HeadersTest {
    private static final List<Map.Entry<String, String>> SAMPLE =
            List.of(
                    Map.entry("trace-id", "abc"),
                    Map.entry("Trace-Id", "other case"),
                    Map.entry("dup", "1"),
                    Map.entry("dup", "2"),
                    Map.entry("empty", ""),
                    Map.entry("ünï", "主题 🚀"));

    @Test
    void encode_layout() {
        assertThat(Headers.encode(List.of(Map.entry("a", "bc"))))
                .isEqualTo(hex("00 01 61 00 02 62 63"));
        assertThat(Headers.encode(List.of())).isSameAs(Headers.EMPTY);
    }

    @Test
    void roundTrip_keepsOrderAndDuplicates() {
        assertThat(Headers.decode(Headers.encode(SAMPLE))).containsExactlyElementsOf(SAMPLE);
        assertThat(Headers.decode(Headers.EMPTY)).isEmpty();
    }

    @Test
    void encode_refusesEmptyNamesAndLongStrings() {
        assertThatThrownBy(() -> Headers.encode(List.of(Map.entry("", "v"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header name must not be empty");
        String big = "x".repeat(0x10000);
        assertThatThrownBy(() -> Headers.encode(List.of(Map.entry(big, "v"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> Headers.encode(List.of(Map.entry("k", big))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header value");
        assertThat(Headers.decode(Headers.encode(List.of(Map.entry("k", big.substring(1))))))
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00 00 00 00",
                "00",
                "00 01 61",
                "00 01 61 00",
                "00 01 61 00 05 62",
                "00 05 61 00 00",
                "00 01 61 00 01 ff",
                "00 01 c3 00 00",
                "00 01 61 00 00 00",
            })
    void decode_malformed_isBadHeaders(String h) {
        ProtocolException e =
                catchThrowableOfType(ProtocolException.class, () -> Headers.decode(hex(h)));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_HEADERS);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00 00 00 00",
                "00",
                "00 01 61",
                "00 01 61 00",
                "00 01 61 00 05 62",
                "00 05 61 00 00",
                "00 01 61 00 00 00",
            })
    void validate_structurallyMalformed(String h) {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("ee ee " + h + " ee"));
        assertThat(Headers.validate(buf, 2, buf.readableBytes() - 3)).isNotNull();
    }

    @Test
    void validate_wellFormed() {
        byte[] h = Headers.encode(SAMPLE);
        ByteBuf buf = Unpooled.wrappedBuffer(Frames.concat(hex("ee"), h, hex("00 05")));
        assertThat(Headers.validate(buf, 1, h.length)).isNull();
        assertThat(Headers.validate(buf, 1, 0)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00 01 61 00 01 ff", // 0xFF never appears in UTF-8
                "00 01 c3 00 00", // truncated 2-byte sequence in the name
                "00 01 61 00 02 c0 80", // overlong NUL
                "00 01 61 00 03 ed a0 80", // encoded surrogate U+D800
                "00 01 61 00 04 f4 90 80 80", // above U+10FFFF
                "00 01 61 00 03 e0 80 80", // overlong 3-byte
                "00 01 61 00 04 f0 80 80 80", // overlong 4-byte
                "00 01 61 00 02 e2 82", // truncated 3-byte at the end of the value
                "00 01 61 00 01 80", // lone continuation byte
            })
    void validate_refusesWhatDecodeRefuses_invalidUtf8(String h) {
        byte[] b = hex(h);
        assertThat(Headers.validate(Unpooled.wrappedBuffer(b), 0, b.length)).contains("UTF-8");
        assertThat(catchThrowableOfType(ProtocolException.class, () -> Headers.decode(b)))
                .isNotNull();
    }

    @Test
    void validate_acceptsEveryKindOfUtf8() {
        byte[] h =
                Headers.encode(
                        List.of(
                                Map.entry("a", "\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff"),
                                Map.entry("\ud800\udc00", "\udbff\udfff 🚀")));
        assertThat(Headers.validate(Unpooled.wrappedBuffer(h), 0, h.length)).isNull();
        assertThat(Headers.decode(h)).hasSize(2);
    }

    static Stream<Long> seeds() {
        return Stream.of(3L, 42L, new SplittableRandom().nextLong());
    }

    /** validate (in place, the broker's check) accepts exactly what decode (clients') accepts. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void validate_agreesWithDecode(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            byte[] section = randomSection(r);
            boolean decodes;
            try {
                Headers.decode(section);
                decodes = true;
            } catch (ProtocolException e) {
                decodes = false;
            }
            String why = Headers.validate(Unpooled.wrappedBuffer(section), 0, section.length);
            assertThat(why == null)
                    .as(
                            "seed %d, section %s: validate says %s",
                            seed, HexFormat.of().formatHex(section), why)
                    .isEqualTo(decodes);
        }
    }

    /** Mostly well-formed sections with random bytes in names and values, sometimes cut. */
    private static byte[] randomSection(SplittableRandom r) {
        ByteBuf b = Unpooled.buffer();
        try {
            int pairs = r.nextInt(4);
            for (int p = 0; p < pairs; p++) {
                for (int part = 0; part < 2; part++) {
                    int n = r.nextInt(part == 0 ? 1 : 0, 6);
                    b.writeShort(n);
                    for (int k = 0; k < n; k++) {
                        int kind = r.nextInt(4);
                        b.writeByte(
                                kind == 0
                                        ? r.nextInt(0x80)
                                        : kind == 1
                                                ? 0x80 | r.nextInt(0x40)
                                                : r.nextInt(0xC0, 0x100));
                    }
                }
            }
            if (r.nextInt(5) == 0 && b.writerIndex() > 0) {
                b.writerIndex(r.nextInt(b.writerIndex()));
            }
            return io.netty.buffer.ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    @Test
    void find_returnsTheFirstValueInPlace() {
        byte[] h = Headers.encode(SAMPLE);
        ByteBuf buf = Unpooled.wrappedBuffer(Frames.concat(hex("ee ee ee"), h));
        assertThat(value(buf, 3, h.length, "dup")).isEqualTo("1");
        assertThat(value(buf, 3, h.length, "trace-id")).isEqualTo("abc");
        assertThat(value(buf, 3, h.length, "Trace-Id")).isEqualTo("other case");
        assertThat(value(buf, 3, h.length, "ünï")).isEqualTo("主题 🚀");
        assertThat(value(buf, 3, h.length, "empty")).isEmpty();
        assertThat(Headers.find(buf, 3, h.length, utf8("TRACE-ID"))).isEqualTo(-1);
        assertThat(Headers.find(buf, 3, h.length, utf8("trace"))).isEqualTo(-1);
        assertThat(Headers.find(buf, 3, 0, utf8("dup"))).isEqualTo(-1);
    }

    private static String value(ByteBuf buf, int index, int length, String name) {
        long at = Headers.find(buf, index, length, utf8(name));
        assertThat(at).as(name).isNotEqualTo(-1);
        return buf.toString((int) (at >>> 32), (int) at, StandardCharsets.UTF_8);
    }
}
