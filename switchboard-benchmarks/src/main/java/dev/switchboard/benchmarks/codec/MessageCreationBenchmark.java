package dev.switchboard.benchmarks.codec;

import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.message.Message;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two figures the original C++ system published: message creations per second (about 5 M) and
 * the latency of a one-value round trip (146 µs measured).
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow"
        })
public class MessageCreationBenchmark {
    private final BinaryCodec codec = BinaryCodec.create();
    private int counter;

    /** A message with a fresh UUIDv7 id, the current time and one body value. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Message createMessage() {
        return Message.builder("metrics.cpu")
                .body(Container.builder().put("value", counter++).build())
                .build();
    }

    /** Create, encode and decode a message carrying one value. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Message oneValueRoundTrip() {
        Message m =
                Message.builder("metrics.cpu")
                        .body(Container.builder().put("value", counter++).build())
                        .build();
        return codec.decode(codec.encode(m));
    }
}
