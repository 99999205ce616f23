package dev.switchboard.client.internal;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.ConnectionFailedException;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.transport.TlsOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens sessions for a {@link ClientConnection}: the server list and where in it the connection is,
 * the first connect (each server once, in order), the socket and TLS set-up, and the HELLO.
 *
 * <p>Threads. The server position, the lazily built TLS context and the connection's {@code
 * attempt} are guarded by the connection's {@link ClientConnection#lock}; {@link #open} is called
 * under it. The session it returns completes its {@code ready} on WELCOME, on the I/O thread.
 */
final class Connector {
    private final ClientConnection conn;
    final List<ServerAddress> servers;

    // Guarded by the connection's lock.
    private int serverIndex;
    private SslContext sslContext;

    Connector(ClientConnection conn, ClientOptions options) {
        this.conn = conn;
        List<ServerAddress> list = new ArrayList<>();
        for (URI u : options.servers()) {
            list.add(ServerAddress.of(u));
        }
        this.servers = List.copyOf(list);
    }

    /** Connects for {@link ClientConnection#connect}, trying each server once in order. */
    void connectFirst() throws InterruptedException {
        List<String> failures = new ArrayList<>();
        Throwable last = null;
        long waitNanos =
                conn.options.connectTimeout().toNanos()
                        + conn.options.handshakeTimeout().toNanos()
                        + TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; i < servers.size(); i++) {
            ServerAddress server = servers.get(i);
            ClientSession s;
            conn.lock.lock();
            try {
                serverIndex = i;
                s = open(server);
            } finally {
                conn.lock.unlock();
            }
            try {
                s.ready.get(waitNanos, TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ProtocolException pe) {
                    throw pe;
                }
                failures.add(server + " (" + describe(cause) + ")");
                last = cause;
            } catch (TimeoutException e) {
                abandon(s);
                failures.add(server + " (no WELCOME within " + Duration.ofNanos(waitNanos) + ")");
                last = e;
            } catch (InterruptedException e) {
                abandon(s);
                throw e;
            }
        }
        throw new ConnectionFailedException(failures, last);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
    }

    private void abandon(ClientSession s) {
        conn.lock.lock();
        try {
            if (conn.attempt == s) {
                conn.attempt = null;
            }
        } finally {
            conn.lock.unlock();
        }
        s.close("abandoned");
    }

    /** Opens a socket to a server; the session's {@code ready} completes on WELCOME. Under lock. */
    ClientSession open(ServerAddress server) {
        ClientSession s = new ClientSession(conn, server);
        conn.attempt = s;
        SslContext ssl = null;
        if (server.tls()) {
            try {
                ssl = sslContext();
            } catch (Exception e) {
                s.ready.completeExceptionally(e);
                return s;
            }
        }
        SslContext tls = ssl;
        Bootstrap b =
                new Bootstrap()
                        .group(conn.group)
                        .channel(
                                server.isUnix()
                                        ? conn.options.transport().domainSocketChannel()
                                        : conn.options.transport().socketChannel())
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE,
                                                conn.options.connectTimeout().toMillis()))
                        .handler(
                                new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        if (tls != null) {
                                            String host =
                                                    conn.options.tls() != null
                                                                    && conn.options
                                                                                    .tls()
                                                                                    .serverName()
                                                                            != null
                                                            ? conn.options.tls().serverName()
                                                            : server.host();
                                            ch.pipeline()
                                                    .addLast(
                                                            tls.newHandler(
                                                                    ch.alloc(),
                                                                    host,
                                                                    server.port()));
                                        }
                                        ch.pipeline().addLast(s.decoder(), s);
                                    }
                                });
        if (!server.isUnix()) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        b.connect(server.socketAddress(conn.options.transport()))
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                s.ready.completeExceptionally(f.cause());
                            }
                        });
        return s;
    }

    private SslContext sslContext() throws javax.net.ssl.SSLException {
        if (sslContext == null) {
            TlsOptions tls =
                    conn.options.tls() != null
                            ? conn.options.tls()
                            : new TlsOptions(null, null, null, false, null);
            sslContext = tls.clientContext();
        }
        return sslContext;
    }

    /** The HELLO a new session sends first. */
    Frame.Hello hello() {
        return new Frame.Hello(
                ProtocolVersion.MIN,
                ProtocolVersion.MAX,
                conn.options.name(),
                conn.options.token(),
                ClientConnection.CLIENT_ID,
                conn.options.echo());
    }

    /** Under lock: moves on to the next server in the list, wrapping around, and returns it. */
    ServerAddress nextServer() {
        serverIndex = (serverIndex + 1) % servers.size();
        return servers.get(serverIndex);
    }
}
