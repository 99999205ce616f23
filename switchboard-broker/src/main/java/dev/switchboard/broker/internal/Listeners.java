package dev.switchboard.broker.internal;

import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.ProtocolLimits;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Binds the broker's listeners (TCP, optionally with TLS, and a Unix domain socket) and builds each
 * accepted connection's pipeline:
 *
 * <pre>
 * [SslHandler] → IdleStateHandler (heartbeat) → FrameDecoder → Session
 * </pre>
 */
public final class Listeners {
    private static final WriteBufferWaterMark WATER_MARK =
            new WriteBufferWaterMark(256 << 10, 1 << 20);

    private final BrokerCore core;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<Channel> servers = new ArrayList<>();
    private final SslContext ssl;

    /**
     * @param core the broker
     */
    public Listeners(BrokerCore core) {
        this.core = core;
        BrokerConfig c = core.config;
        try {
            this.ssl = c.tls() == null ? null : c.tls().serverContext();
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS settings cannot be used: " + e.getMessage(), e);
        }
        this.boss = c.transport().newGroup(1, "switchboard-accept");
        this.workers = c.transport().newGroup(c.ioThreads(), "switchboard-io");
    }

    /**
     * Binds every configured listener.
     *
     * @return the bound TCP port, or -1 without a TCP listener
     * @throws InterruptedException if interrupted while binding
     */
    public int bind() throws InterruptedException {
        BrokerConfig c = core.config;
        int port = -1;
        if (c.port() >= 0) {
            Channel ch =
                    bootstrap(ssl == null ? "tcp" : "tls", true)
                            .channel(c.transport().serverChannel())
                            .bind(new InetSocketAddress(c.host(), c.port()))
                            .sync()
                            .channel();
            servers.add(ch);
            port = ((InetSocketAddress) ch.localAddress()).getPort();
        }
        if (c.unixSocket() != null) {
            try {
                Files.deleteIfExists(c.unixSocket()); // a stale socket file from a crash
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot remove stale socket file " + c.unixSocket(), e);
            }
            servers.add(
                    bootstrap("unix", false)
                            .channel(c.transport().domainServerChannel())
                            .bind(c.transport().domainAddress(c.unixSocket()))
                            .sync()
                            .channel());
        }
        return port;
    }

    private ServerBootstrap bootstrap(String transport, boolean tcp) {
        ServerBootstrap b =
                new ServerBootstrap()
                        .group(boss, workers)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                        .childHandler(
                                new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        init(ch, transport, tcp);
                                    }
                                });
        if (tcp) {
            b.option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true);
        }
        return b;
    }

    private void init(Channel ch, String transport, boolean tcp) {
        Session session = new Session(core, transport);
        FrameDecoder decoder = new FrameDecoder(session, false, ProtocolLimits.HANDSHAKE);
        session.decoder(decoder);
        if (tcp && ssl != null) {
            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
        }
        long heartbeatMs = core.config.heartbeat().toMillis();
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(heartbeatMs, 0, 0, TimeUnit.MILLISECONDS))
                .addLast("frames", decoder)
                .addLast("session", session);
    }

    /**
     * @return the event loops serving connections (for their queue-depth metrics)
     */
    public EventLoopGroup workers() {
        return workers;
    }

    /** Stops accepting new connections. */
    public void stopAccepting() {
        for (Channel ch : servers) {
            ch.close().syncUninterruptibly();
        }
        if (core.config.unixSocket() != null) {
            try {
                Files.deleteIfExists(core.config.unixSocket());
            } catch (IOException e) {
                // best effort: the next start removes it
            }
        }
    }

    /** Releases the event loops. */
    public void shutdown() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
