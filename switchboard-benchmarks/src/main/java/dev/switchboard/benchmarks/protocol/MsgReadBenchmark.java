package dev.switchboard.benchmarks.protocol;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameLayout;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.MsgReader;
import dev.switchboard.protocol.ProtocolLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * The client's receiving cost per message without the network: one MSG body decoded by {@link
 * MsgReader} from a direct buffer (as epoll reads deliver them), subject from its cache, payload
 * copied out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MsgReadBenchmark {
    @Param({"16", "128", "1024"})
    int size;

    private final MsgReader reader = new MsgReader();
    private ByteBuf frame;
    private int bodyLength;

    @Setup
    public void setup() {
        frame = Unpooled.directBuffer();
        FrameWriter.msg(
                frame,
                7,
                "telemetry.eu-west.device-0042.temperature",
                null,
                Headers.EMPTY,
                new byte[size],
                0);
        bodyLength = frame.readableBytes() - FrameLayout.HEADER;
    }

    @TearDown
    public void tearDown() {
        frame.release();
    }

    /** One MSG body read. */
    @Benchmark
    public Frame.Msg read() {
        return reader.read(0, frame, FrameLayout.HEADER, bodyLength, ProtocolLimits.DEFAULT);
    }
}
