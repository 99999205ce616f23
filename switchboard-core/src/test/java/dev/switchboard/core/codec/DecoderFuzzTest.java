package dev.switchboard.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.core.message.Message;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz targets for the decoders of untrusted bytes. In the normal suite they run in
 * regression mode over the seed inputs in src/test/resources/.../DecoderFuzzTestInputs; with {@code
 * JAZZER_FUZZ=1} they fuzz for real (see docs/CONTAINER.md). The oracle: only {@link
 * CodecException} may escape, and whatever decodes re-encodes to something that decodes equal.
 */
class DecoderFuzzTest {
    // Small limits, so the fuzzer reaches every limit check quickly.
    private static final DecodeLimits LIMITS =
            DecodeLimits.builder()
                    .maxMessageBytes(64 * 1024)
                    .maxBodyBytes(64 * 1024)
                    .maxDepth(8)
                    .maxFields(64)
                    .maxListItems(64)
                    .maxStringBytes(1024)
                    .maxBytesLength(4096)
                    .maxHeaders(16)
                    .maxValues(2048)
                    .build();
    private static final BinaryCodec BINARY = BinaryCodec.create(LIMITS, CompressionPolicy.NONE);
    private static final JsonCodec JSON = JsonCodec.create(LIMITS, false);

    @FuzzTest(maxDuration = "5m")
    void binaryDecode(byte[] input) {
        Message m;
        try {
            m = BINARY.decode(input);
        } catch (CodecException expected) {
            return;
        }
        assertThat(BINARY.decode(BINARY.encode(m))).isEqualTo(m);
        // Cross-checks use default limits: a JSON string's limit counts chars, not UTF-8 bytes.
        assertThat(JsonCodec.create().decode(JsonCodec.create().encode(m))).isEqualTo(m);
    }

    @FuzzTest(maxDuration = "5m")
    void binaryView(byte[] input) {
        MessageView view;
        try {
            view = BINARY.view(input);
            view.subject();
            view.header("a");
            view.correlationId();
        } catch (CodecException expected) {
            return;
        }
        assertThat(view.storedBody().remaining()).isLessThanOrEqualTo(input.length);
    }

    @FuzzTest(maxDuration = "5m")
    void binaryDecodeContainer(byte[] input) {
        try {
            var c = BINARY.decodeContainer(input);
            assertThat(BINARY.decodeContainer(BINARY.encodeContainer(c))).isEqualTo(c);
        } catch (CodecException expected) {
            // documented
        }
    }

    @FuzzTest(maxDuration = "5m")
    void jsonDecode(byte[] input) {
        Message m;
        try {
            m = JSON.decode(new String(input, StandardCharsets.UTF_8));
        } catch (CodecException expected) {
            return;
        }
        assertThat(JSON.decode(JSON.encode(m))).isEqualTo(m);
        BinaryCodec binary = BinaryCodec.create();
        assertThat(binary.decode(binary.encode(m))).isEqualTo(m);
    }
}
