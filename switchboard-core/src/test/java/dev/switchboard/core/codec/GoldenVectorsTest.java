package dev.switchboard.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encoded forms checked into src/test/resources/golden: an accidental change of the binary format
 * or of the JSON mapping fails here. Compressed vectors are checked for decoding only, because a
 * compression library may legitimately produce other bytes in a later version.
 *
 * <p>After an intended format change (with a new format version), regenerate with {@code
 * -Dswitchboard.golden.update=true} and review the diff.
 */
class GoldenVectorsTest {
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("switchboard.golden.update");

    static final Map<String, Message> MESSAGES =
            Map.of(
                    "minimal",
                            Message.builder("a")
                                    .id(new MessageId(1, 2))
                                    .timestamp(Instant.EPOCH)
                                    .build(),
                    "every-type", everyType(),
                    "envelope", envelope());

    private static Message everyType() {
        Container nested = Container.builder().put("inner", "x").putNull("nothing").build();
        Container body =
                Container.builder()
                        .putNull("null")
                        .put("bool", true)
                        .putInt8("int8", (byte) -128)
                        .putInt16("int16", (short) 32767)
                        .put("int32", -7)
                        .put("int32big", 1_000_000)
                        .put("int64", Long.MIN_VALUE)
                        .put("float32", 1.5f)
                        .put("float64", -0.0)
                        .put("nan", Double.NaN)
                        .put("string", "héllo \uD83D\uDE00")
                        .put("long string", "0123456789abcdefghij")
                        .put("repeat", "abc".repeat(50))
                        .put("bytes", new byte[] {1, 2, 3, (byte) 0xFF})
                        .put("container", nested)
                        .put("list", List.<Value>of(Value.of(1), Value.of("two"), Value.list()))
                        .put("$dollar", "first key starts with $")
                        .build();
        return Message.builder("golden.every.type")
                .id(MessageId.parse("0190b5d2-7c1e-7a3b-9f00-1234567890ab"))
                .timestamp(Instant.parse("2026-11-26T12:34:56.789012345Z"))
                .body(body)
                .build();
    }

    private static Message envelope() {
        return Message.builder("golden.envelope")
                .id(MessageId.parse("0190b5d2-7c1e-7a3b-9f00-1234567890ac"))
                .type(MessageType.QUERY)
                .priority(Priority.CRITICAL)
                .timestamp(Instant.parse("1969-12-31T23:59:59.5Z"))
                .ttl(Duration.ofSeconds(30))
                .correlationId("corr-1")
                .source(Endpoint.of("svc", "1"))
                .target(Endpoint.of("db", ""))
                .traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .traceState("congo=t61rcWkgMzE")
                .header("b", "2")
                .header("a", "1")
                .body(Container.builder().put("k", "v").build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "every-type", "envelope"})
    void binaryEncoding_matchesTheGoldenBytes(String name) throws IOException {
        Message m = MESSAGES.get(name);
        byte[] bytes = BinaryCodec.create().encode(m);
        Path file = DIR.resolve(name + ".hex");
        if (UPDATE) {
            Files.createDirectories(DIR);
            Files.writeString(file, HexFormat.of().formatHex(bytes) + "\n");
        }
        byte[] golden = HexFormat.of().parseHex(Files.readString(file).strip());
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(HexFormat.of().formatHex(golden));
        assertThat(BinaryCodec.create().decode(golden)).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "every-type", "envelope"})
    void jsonEncoding_matchesTheGoldenText(String name) throws IOException {
        Message m = MESSAGES.get(name);
        String json = JsonCodec.create(DecodeLimits.DEFAULT, true).encode(m);
        Path file = DIR.resolve(name + ".json");
        if (UPDATE) {
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        }
        String golden = Files.readString(file, StandardCharsets.UTF_8).strip();
        assertThat(json).isEqualTo(golden);
        assertThat(JsonCodec.create().decode(golden)).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LZ4", "ZSTD", "DEFLATE"})
    void compressedGoldenVectors_stillDecode(String algorithm) throws IOException {
        Message m = MESSAGES.get("every-type");
        Path file =
                DIR.resolve("every-type." + algorithm.toLowerCase(java.util.Locale.ROOT) + ".hex");
        if (UPDATE) {
            BinaryCodec codec =
                    BinaryCodec.create(
                            DecodeLimits.DEFAULT,
                            CompressionPolicy.of(Compression.valueOf(algorithm), 0));
            Files.writeString(file, HexFormat.of().formatHex(codec.encode(m)) + "\n");
        }
        byte[] golden = HexFormat.of().parseHex(Files.readString(file).strip());
        MessageView view = BinaryCodec.create().view(golden);
        assertThat(view.compression()).isEqualTo(Compression.valueOf(algorithm));
        assertThat(view.toMessage()).isEqualTo(m);
    }
}
