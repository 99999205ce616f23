package dev.switchboard.client.internal;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.protocol.transport.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One server of the list, parsed from its URI.
 *
 * @param uri the URI as given
 * @param tls whether the connection is TLS ({@code sbs://})
 * @param host the host (TCP/TLS), or {@code null}
 * @param port the port (TCP/TLS)
 * @param socketPath the socket file ({@code unix://}), or {@code null}
 */
record ServerAddress(URI uri, boolean tls, String host, int port, Path socketPath) {

    static ServerAddress of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("unix")) {
            return new ServerAddress(uri, false, null, 0, Path.of(uri.getPath()));
        }
        int port = uri.getPort() < 0 ? ClientOptions.DEFAULT_PORT : uri.getPort();
        return new ServerAddress(uri, scheme.equals("sbs"), uri.getHost(), port, null);
    }

    boolean isUnix() {
        return socketPath != null;
    }

    SocketAddress socketAddress(Transport transport) {
        return isUnix()
                ? transport.domainAddress(socketPath)
                : InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
