package dev.switchboard.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.message.Message;
import dev.switchboard.core.testkit.RandomValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of seeded random messages through every path: binary (each compression), JSON, and JSON
 * ↔ binary. A failure names its seed and index, so it reproduces exactly.
 */
class RandomRoundTripTest {
    private static final int MESSAGES_PER_SEED = 1000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261126})
    void randomMessages_roundTripThroughEveryCodec(long seed) {
        RandomValues random = new RandomValues(seed);
        BinaryCodec plain = BinaryCodec.create();
        BinaryCodec lz4 =
                BinaryCodec.create(DecodeLimits.DEFAULT, CompressionPolicy.of(Compression.LZ4, 64));
        BinaryCodec zstd =
                BinaryCodec.create(
                        DecodeLimits.DEFAULT, CompressionPolicy.of(Compression.ZSTD, 64));
        BinaryCodec deflate =
                BinaryCodec.create(
                        DecodeLimits.DEFAULT, CompressionPolicy.of(Compression.DEFLATE, 64));
        JsonCodec json = JsonCodec.create();
        for (int i = 0; i < MESSAGES_PER_SEED; i++) {
            Message m = random.message();
            String where = "seed " + seed + " message " + i;
            byte[] bytes = plain.encode(m);
            assertThat(plain.decode(bytes)).as(where).isEqualTo(m);
            assertThat(plain.decode(lz4.encode(m))).as(where + " lz4").isEqualTo(m);
            assertThat(plain.decode(zstd.encode(m))).as(where + " zstd").isEqualTo(m);
            assertThat(plain.decode(deflate.encode(m))).as(where + " deflate").isEqualTo(m);
            Message viaJson = json.decode(json.encode(m));
            assertThat(viaJson).as(where + " json").isEqualTo(m);
            assertThat(plain.encode(viaJson)).as(where + " json->binary bytes").isEqualTo(bytes);
            assertThat(plain.view(bytes).subject()).as(where).isEqualTo(m.subject());
        }
    }
}
