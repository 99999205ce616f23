package dev.switchboard.benchmarks.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.message.Message;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke run of every benchmark body once, so a broken benchmark fails the suite instead of the next
 * measurement; also checks that each peer carries the same data.
 */
class CodecBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"small", "medium"})
    void everyBenchmarkBody_runsAndPeersCarryTheSameData(String size) throws Exception {
        CodecBenchmark b = new CodecBenchmark();
        b.size = size;
        b.setUp();
        Message m = CodecData.message(size);
        assertThat(b.switchboardBinaryDecode()).isEqualTo(m);
        assertThat(BinaryCodec.create().decode(b.switchboardBinaryEncode())).isEqualTo(m);
        assertThat(b.switchboardJsonDecode()).isEqualTo(m);
        assertThat(b.switchboardJsonEncode()).isNotEmpty();
        assertThat((Integer) b.switchboardBinaryPeekHeader()).isPositive();
        Map<String, Object> tree = CodecData.toTree(m);
        assertThat(MsgPackTree.unpack(b.msgpackEncode()))
                .hasSameSizeAs(tree)
                .containsKeys("id", "body");
        assertThat((Map<?, ?>) b.msgpackDecode()).hasSameSizeAs(tree);
        assertThat(((Map<?, ?>) b.jacksonJsonDecode()).containsKey("body")).isTrue();
        assertThat(((Map<?, ?>) b.jacksonCborDecode()).containsKey("body")).isTrue();
        assertThat(b.jacksonJsonEncode()).isNotEmpty();
        assertThat(b.jacksonCborEncode()).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void creationBenchmarks_run() {
        MessageCreationBenchmark b = new MessageCreationBenchmark();
        assertThat(b.createMessage().body().getInt32("value")).isZero();
        assertThat(b.oneValueRoundTrip().body().getInt32("value")).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void sizesTable_printsBothDataSets() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        CodecSizes.print(
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("| small | message |")
                .contains("| medium | body only |");
    }
}
