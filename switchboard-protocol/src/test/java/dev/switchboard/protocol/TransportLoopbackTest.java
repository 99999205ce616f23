package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.testing.NoLeaks;
import dev.switchboard.protocol.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Frames over real loopback TCP and Unix domain sockets on each available transport: the channel
 * classes and addresses {@link Transport} hands out work with the decoder and the coalescing
 * writer. (Codec behaviour is tested without sockets elsewhere.)
 */
@ExtendWith(NoLeaks.class)
class TransportLoopbackTest {
    @TempDir Path dir;

    /** Collects frames on the server's event loop; read from the test thread. */
    static final class Received implements FrameHandler {
        final List<Frame> frames = new CopyOnWriteArrayList<>();
        final List<ProtocolException> errors = new CopyOnWriteArrayList<>();
        FrameDecoder decoder;

        @Override
        public void onFrame(
                ChannelHandlerContext ctx,
                Opcode opcode,
                int flags,
                ByteBuf buf,
                int index,
                int length) {
            frames.add(FrameCodec.decode(opcode, flags, buf, index, length, decoder.limits()));
            if (opcode == Opcode.HELLO) {
                decoder.limits(ProtocolLimits.DEFAULT);
            }
        }

        @Override
        public void onProtocolError(ChannelHandlerContext ctx, ProtocolException error) {
            errors.add(error);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void tcp(Transport t) throws Exception {
        if (t.isAvailable()) {
            exchange(t, false);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void unixSocket(Transport t) throws Exception {
        if (t.isAvailable()) {
            exchange(t, true);
        }
    }

    private void exchange(Transport t, boolean unix) throws Exception {
        EventLoopGroup group = t.newGroup(2, "loopback-" + t.name().toLowerCase());
        Received received = new Received();
        Channel server = null;
        Channel client = null;
        CoalescingWriter writer = null;
        AtomicReference<CoalescingWriter> writerRef = new AtomicReference<>();
        try {
            SocketAddress address =
                    unix
                            ? t.domainAddress(dir.resolve("sb.sock"))
                            : new InetSocketAddress("127.0.0.1", 0);
            server =
                    new ServerBootstrap()
                            .group(group)
                            .channel(unix ? t.domainServerChannel() : t.serverChannel())
                            .childHandler(
                                    new ChannelInitializer<>() {
                                        @Override
                                        protected void initChannel(Channel ch) {
                                            received.decoder =
                                                    new FrameDecoder(
                                                            received,
                                                            false,
                                                            ProtocolLimits.HANDSHAKE);
                                            ch.pipeline().addLast(received.decoder);
                                        }
                                    })
                            .bind(address)
                            .sync()
                            .channel();
            client =
                    new Bootstrap()
                            .group(group)
                            .channel(unix ? t.domainSocketChannel() : t.socketChannel())
                            .handler(
                                    new ChannelInboundHandlerAdapter() {
                                        // The writer's contract: resume when writable again.
                                        @Override
                                        public void channelWritabilityChanged(
                                                ChannelHandlerContext ctx) {
                                            CoalescingWriter w = writerRef.get();
                                            if (ctx.channel().isWritable() && w != null) {
                                                w.onWritable();
                                            }
                                            ctx.fireChannelWritabilityChanged();
                                        }
                                    })
                            .connect(server.localAddress())
                            .sync()
                            .channel();
            writer = new CoalescingWriter(client.alloc(), 8 << 20);
            writerRef.set(writer);
            writer.append(Frames.clientFrames().get(0), Overflow.REFUSE); // HELLO
            writer.attach(client);
            for (int i = 0; i < 200; i++) {
                byte[] p = new byte[i * 100];
                assertThat(
                                writer.appendPub(
                                        "n." + i,
                                        null,
                                        Headers.EMPTY,
                                        p,
                                        0,
                                        p.length,
                                        0,
                                        Overflow.REFUSE))
                        .isEqualTo(CoalescingWriter.Result.APPENDED);
            }
            await().atMost(Duration.ofSeconds(20))
                    .alias("frames received over " + t + (unix ? " unix" : " tcp"))
                    .until(() -> received.frames.size(), n -> n == 201);
            assertThat(received.errors).isEmpty();
            assertThat(received.frames.get(0)).isInstanceOf(Frame.Hello.class);
            assertThat(((Frame.Pub) received.frames.get(200)).payload()).hasSize(19_900);
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (client != null) {
                client.close().sync();
            }
            if (server != null) {
                server.close().sync();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
