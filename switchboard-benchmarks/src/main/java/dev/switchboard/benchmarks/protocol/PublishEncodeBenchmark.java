package dev.switchboard.benchmarks.protocol;

import dev.switchboard.protocol.CoalescingWriter;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.Overflow;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client's publishing cost without the network: one PUB appended to a {@link CoalescingWriter}
 * (encoding into its pooled direct chunk), as {@code Connection.publish} does after its checks. The
 * writer has no channel, so nothing is written out; when its bound is reached the benchmark
 * replaces it (one in about half a million appends at 16 B).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PublishEncodeBenchmark {
    private static final long BOUND = 32L << 20;

    @Param({"16", "128", "1024"})
    int size;

    @Param({"default", "pooled"})
    String alloc;

    private byte[] payload;
    private final String subject = "telemetry.eu-west.device-0042.temperature";
    private CoalescingWriter writer;

    @Setup
    public void setup() {
        payload = new byte[size];
        writer = new CoalescingWriter(allocator(), BOUND);
    }

    private ByteBufAllocator allocator() {
        return alloc.equals("pooled")
                ? io.netty.buffer.PooledByteBufAllocator.DEFAULT
                : ByteBufAllocator.DEFAULT;
    }

    @TearDown
    public void tearDown() {
        writer.close();
    }

    /** One publish: subject, no reply, no headers. */
    @Benchmark
    public CoalescingWriter.Result appendPub() {
        CoalescingWriter.Result r =
                writer.appendPub(
                        subject,
                        null,
                        Headers.EMPTY,
                        payload,
                        0,
                        payload.length,
                        0,
                        Overflow.DROP_NEWEST);
        if (r == CoalescingWriter.Result.FULL) {
            writer.close();
            writer = new CoalescingWriter(allocator(), BOUND);
        }
        return r;
    }
}
