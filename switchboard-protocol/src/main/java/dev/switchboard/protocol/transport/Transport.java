package dev.switchboard.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Netty I/O transports, and the choice among them: the native epoll or io_uring transport when
 * the platform has it, NIO otherwise. Broker and client use the same choice.
 */
public enum Transport {
    /** Linux io_uring (native). */
    IO_URING,
    /** Linux epoll (native). */
    EPOLL,
    /** Java NIO: works everywhere. */
    NIO;

    /**
     * @return whether this transport can run here
     */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> available(() -> IoUring.isAvailable());
            case EPOLL -> available(() -> Epoll.isAvailable());
            case NIO -> true;
        };
    }

    private static boolean available(java.util.function.BooleanSupplier probe) {
        try {
            return probe.getAsBoolean();
        } catch (Throwable e) { // missing native classes or library
            return false;
        }
    }

    /**
     * The default choice: epoll if available, else NIO. io_uring is opt-in: it is newer, and on
     * this machine's loopback it is not faster than epoll for small frames.
     *
     * @return the transport to use
     */
    public static Transport best() {
        return EPOLL.isAvailable() ? EPOLL : NIO;
    }

    /**
     * @param name {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}, any case
     * @return the transport; {@code auto} is {@link #best()}
     * @throws IllegalArgumentException if unknown or not available here
     */
    public static Transport named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        Transport t =
                switch (n) {
                    case "auto" -> best();
                    case "io_uring", "iouring" -> IO_URING;
                    case "epoll" -> EPOLL;
                    case "nio" -> NIO;
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown transport '"
                                            + name
                                            + "'; expected auto, io_uring, epoll or nio");
                };
        if (!t.isAvailable()) {
            throw new IllegalArgumentException(
                    "transport " + t + " is not available on this platform");
        }
        return t;
    }

    private IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /**
     * @param threads how many event loops
     * @param namePrefix the threads' name prefix
     * @return a new event loop group on this transport (daemon threads)
     */
    public EventLoopGroup newGroup(int threads, String namePrefix) {
        return new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory(namePrefix, true), ioHandlerFactory());
    }

    /**
     * @return the TCP server channel class
     */
    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /**
     * @return the TCP client channel class
     */
    public Class<? extends Channel> socketChannel() {
        return switch (this) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /**
     * @return the Unix domain socket server channel class
     */
    public Class<? extends ServerChannel> domainServerChannel() {
        return switch (this) {
            case IO_URING -> IoUringServerDomainSocketChannel.class;
            case EPOLL -> EpollServerDomainSocketChannel.class;
            case NIO -> NioServerDomainSocketChannel.class;
        };
    }

    /**
     * @return the Unix domain socket client channel class
     */
    public Class<? extends Channel> domainSocketChannel() {
        return switch (this) {
            case IO_URING -> IoUringDomainSocketChannel.class;
            case EPOLL -> EpollDomainSocketChannel.class;
            case NIO -> NioDomainSocketChannel.class;
        };
    }

    /**
     * @param path the socket file
     * @return the address type this transport's domain channels take
     */
    public SocketAddress domainAddress(Path path) {
        return this == NIO
                ? UnixDomainSocketAddress.of(path)
                : new DomainSocketAddress(path.toFile());
    }
}
