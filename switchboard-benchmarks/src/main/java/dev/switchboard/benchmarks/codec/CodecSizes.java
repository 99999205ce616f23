package dev.switchboard.benchmarks.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.codec.Compression;
import dev.switchboard.core.codec.CompressionPolicy;
import dev.switchboard.core.codec.DecodeLimits;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.message.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * Prints the encoded size of each data set in every format, whole message and body alone, for
 * docs/BENCHMARKS.md. Run: {@code java -cp switchboard-benchmarks.jar
 * dev.switchboard.benchmarks.codec.CodecSizes}.
 */
public final class CodecSizes {
    private CodecSizes() {}

    /**
     * @param args ignored
     * @throws IOException never in practice
     */
    public static void main(String[] args) throws IOException {
        print(System.out);
    }

    static void print(PrintStream out) throws IOException {
        ObjectMapper jackson = new ObjectMapper();
        CBORMapper cbor = new CBORMapper();
        BinaryCodec binary = BinaryCodec.create();
        out.println(
                "| data | part | switchboard binary | switchboard JSON | Jackson JSON | Jackson CBOR | MessagePack | zstd body | lz4 body |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (String name : new String[] {"small", "medium"}) {
            Message m = CodecData.message(name);
            Map<String, Object> tree = CodecData.toTree(m);
            out.printf(
                    "| %s | message | %d | %d | %d | %d | %d | %d | %d |%n",
                    name,
                    binary.encode(m).length,
                    JsonCodec.create().encodeToBytes(m).length,
                    jackson.writeValueAsBytes(tree).length,
                    cbor.writeValueAsBytes(tree).length,
                    MsgPackTree.pack(tree).length,
                    compressed(m, Compression.ZSTD),
                    compressed(m, Compression.LZ4));
            Map<String, Object> body = CodecData.toTree(m.body());
            out.printf(
                    "| %s | body only | %d | %d | %d | %d | %d | | |%n",
                    name,
                    binary.encodeContainer(m.body()).length,
                    JsonCodec.create()
                            .encodeContainer(m.body())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            .length,
                    jackson.writeValueAsBytes(body).length,
                    cbor.writeValueAsBytes(body).length,
                    MsgPackTree.pack(body).length);
        }
    }

    private static int compressed(Message m, Compression algorithm) {
        return BinaryCodec.create(DecodeLimits.DEFAULT, CompressionPolicy.of(algorithm, 0))
                .encode(m)
                .length;
    }
}
