package dev.switchboard.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value type and its edges survives binary and JSON, with and without each compression, and
 * the two codecs agree (binary → message → JSON → message → binary gives the same bytes).
 */
class RoundTripTest {

    static Stream<Arguments> edgeValues() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, "null", Value.NULL);
        add(cases, "true", Value.TRUE);
        add(cases, "false", Value.FALSE);
        for (byte b : new byte[] {0, 1, -1, 7, -8, Byte.MIN_VALUE, Byte.MAX_VALUE}) {
            add(cases, "int8 " + b, new Value.Int8(b));
        }
        for (short s : new short[] {0, -7, 8, Short.MIN_VALUE, Short.MAX_VALUE}) {
            add(cases, "int16 " + s, new Value.Int16(s));
        }
        for (int i : new int[] {0, 7, -7, -8, 8, 64, -65, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            add(cases, "int32 " + i, Value.of(i));
        }
        for (long l :
                new long[] {
                    0,
                    6,
                    -6,
                    7,
                    -7,
                    127,
                    -128,
                    128,
                    -129,
                    Long.MIN_VALUE,
                    Long.MAX_VALUE,
                    (1L << 48) - 1,
                    -(1L << 48),
                    1L << 48,
                    -(1L << 48) - 1,
                    (1L << 53) - 1,
                    1L << 53,
                    -(1L << 53) + 1,
                    -(1L << 53)
                }) {
            add(cases, "int64 " + l, Value.of(l));
        }
        for (float f :
                new float[] {
                    0f,
                    -0f,
                    Float.NaN,
                    Float.POSITIVE_INFINITY,
                    Float.NEGATIVE_INFINITY,
                    Float.MIN_VALUE,
                    Float.MAX_VALUE,
                    0.1f
                }) {
            add(cases, "float32 " + f, Value.of(f));
        }
        for (double d :
                new double[] {
                    0d,
                    -0d,
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE,
                    Double.MAX_VALUE,
                    0.1,
                    1e300
                }) {
            add(cases, "float64 " + d, Value.of(d));
        }
        add(cases, "empty string", Value.of(""));
        add(cases, "14-char string (inline)", Value.of("abcdefghijklmn"));
        add(cases, "15-char string (extended)", Value.of("abcdefghijklmno"));
        add(cases, "surrogate pairs", Value.of("\uD83D\uDE00 \uD834\uDD1E"));
        add(cases, "mixed scripts", Value.of("Zoë 日本 €"));
        add(cases, "control chars", Value.of("\u0000\t\n\"\\\u007F"));
        add(cases, "huge string (1 MiB)", Value.of("é".repeat(512 * 1024)));
        add(cases, "empty bytes", Value.of(new byte[0]));
        add(cases, "bytes", Value.of(new byte[] {0, -1, 127, -128}));
        add(cases, "empty container", Value.of(Container.empty()));
        add(cases, "empty list", Value.of(List.of()));
        add(
                cases,
                "list of every scalar",
                Value.list(
                        Value.NULL,
                        Value.TRUE,
                        new Value.Int8((byte) 1),
                        Value.of(2),
                        Value.of(3L),
                        Value.of(4.5),
                        Value.of("s")));
        add(
                cases,
                "dollar keys",
                Value.of(Container.builder().put("$i32", 1).put("$map", "x").build()));
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, Value v) {
        cases.add(Arguments.of(name, v));
    }

    static Stream<Arguments> codecs() {
        List<Arguments> cases = new ArrayList<>();
        for (Compression c : Compression.values()) {
            CompressionPolicy policy =
                    c == Compression.NONE ? CompressionPolicy.NONE : CompressionPolicy.of(c, 0);
            cases.add(Arguments.of(c, BinaryCodec.create(DecodeLimits.DEFAULT, policy)));
        }
        return cases.stream();
    }

    static Stream<Arguments> valuesTimesCodecs() {
        return edgeValues()
                .flatMap(
                        v ->
                                codecs().map(
                                                c ->
                                                        Arguments.of(
                                                                v.get()[0],
                                                                v.get()[1],
                                                                c.get()[0],
                                                                c.get()[1])));
    }

    @ParameterizedTest(name = "{0} with {2}")
    @MethodSource("valuesTimesCodecs")
    void binary_roundTripsEveryEdgeValue(
            String name, Value value, Compression compression, BinaryCodec codec) {
        Message m =
                Message.builder("edge.case")
                        .body(Container.builder().put("v", value).build())
                        .build();
        byte[] bytes = codec.encode(m);
        Message back = BinaryCodec.create().decode(bytes);
        assertThat(back).isEqualTo(m);
        assertThat(back.body().get("v")).isEqualTo(value);
        // Deterministic: encoding the decoded message gives the same bytes.
        assertThat(codec.encode(back)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeValues")
    void json_roundTripsEveryEdgeValue_andAgreesWithBinary(String name, Value value) {
        Message m =
                Message.builder("edge.case")
                        .body(Container.builder().put("v", value).build())
                        .build();
        JsonCodec json = JsonCodec.create();
        BinaryCodec binary = BinaryCodec.create();
        Message back = json.decode(json.encode(m));
        assertThat(back).isEqualTo(m);
        assertThat(back.body().get("v").type()).isEqualTo(value.type());
        assertThat(binary.encode(back)).isEqualTo(binary.encode(m));
        assertThat(json.decode(json.encodeToBytes(m))).isEqualTo(m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeValues")
    void bareContainer_roundTripsThroughBothCodecs(String name, Value value) {
        Container c = Container.builder().put("v", value).put("w", 1).build();
        assertThat(BinaryCodec.create().decodeContainer(BinaryCodec.create().encodeContainer(c)))
                .isEqualTo(c);
        assertThat(JsonCodec.create().decodeContainer(JsonCodec.create().encodeContainer(c)))
                .isEqualTo(c);
    }
}
