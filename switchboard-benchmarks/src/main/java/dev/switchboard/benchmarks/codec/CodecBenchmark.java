package dev.switchboard.benchmarks.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.codec.JsonCodec;
import dev.switchboard.core.message.Message;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of the same data through Switchboard's binary and JSON codecs and through the
 * peers a user would otherwise pick: Jackson JSON and Jackson CBOR (databind over a plain tree) and
 * MessagePack (msgpack-core over the same tree). Run in one JMH run, so the results are read as
 * ratios. Data sets: {@link CodecData}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow"
        })
public class CodecBenchmark {
    @Param({"small", "medium"})
    public String size;

    private final BinaryCodec binary = BinaryCodec.create();
    private final JsonCodec json = JsonCodec.create();
    private final ObjectMapper jackson = new ObjectMapper();
    private final CBORMapper cbor = new CBORMapper();

    private Message message;
    private Map<String, Object> tree;
    private byte[] binaryBytes;
    private byte[] jsonBytes;
    private byte[] jacksonBytes;
    private byte[] cborBytes;
    private byte[] msgpackBytes;

    /** Builds the data once per trial. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        message = CodecData.message(size);
        tree = CodecData.toTree(message);
        binaryBytes = binary.encode(message);
        jsonBytes = json.encodeToBytes(message);
        jacksonBytes = jackson.writeValueAsBytes(tree);
        cborBytes = cbor.writeValueAsBytes(tree);
        msgpackBytes = MsgPackTree.pack(tree);
    }

    @Benchmark
    public byte[] switchboardBinaryEncode() {
        return binary.encode(message);
    }

    @Benchmark
    public Message switchboardBinaryDecode() {
        return binary.decode(binaryBytes);
    }

    /** What a router does: read the subject and one header without decoding the body. */
    @Benchmark
    public Object switchboardBinaryPeekHeader() {
        var view = binary.view(binaryBytes);
        return view.priority().ordinal() + view.subject().length() + view.headerCount();
    }

    @Benchmark
    public byte[] switchboardJsonEncode() {
        return json.encodeToBytes(message);
    }

    @Benchmark
    public Message switchboardJsonDecode() {
        return json.decode(jsonBytes);
    }

    @Benchmark
    public byte[] jacksonJsonEncode() throws IOException {
        return jackson.writeValueAsBytes(tree);
    }

    @Benchmark
    public Object jacksonJsonDecode() throws IOException {
        return jackson.readValue(jacksonBytes, Map.class);
    }

    @Benchmark
    public byte[] jacksonCborEncode() throws IOException {
        return cbor.writeValueAsBytes(tree);
    }

    @Benchmark
    public Object jacksonCborDecode() throws IOException {
        return cbor.readValue(cborBytes, Map.class);
    }

    @Benchmark
    public byte[] msgpackEncode() {
        return MsgPackTree.pack(tree);
    }

    @Benchmark
    public Object msgpackDecode() {
        return MsgPackTree.unpack(msgpackBytes);
    }
}
