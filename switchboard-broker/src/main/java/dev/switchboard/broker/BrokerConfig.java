package dev.switchboard.broker;

import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.protocol.ProtocolLimits;
import dev.switchboard.protocol.transport.TlsOptions;
import dev.switchboard.protocol.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The broker's settings. Immutable; built by {@link #builder()}, whose setters validate at once.
 * The defaults are what {@code switchboard server} runs with when given no configuration.
 *
 * @param serverName the name in WELCOME, listings and logs
 * @param host the address the TCP listener binds ({@code 127.0.0.1} by default: reachable only from
 *     this machine until you choose otherwise)
 * @param port the TCP port; 0 picks a free one, -1 disables the TCP listener
 * @param unixSocket the Unix domain socket path, or {@code null} for none
 * @param tls TLS for the TCP listener, or {@code null} for plain TCP
 * @param transport the Netty transport
 * @param ioThreads how many event loops serve connections (default {@link #defaultIoThreads()})
 * @param maxConnections the most concurrent connections
 * @param limits the limits every connection negotiates (payload, subject, headers)
 * @param maxSubscriptionsPerConnection the most subscriptions one connection may hold
 * @param heartbeat the silence after which the server pings a client; two such intervals without a
 *     frame close the connection as stale
 * @param handshakeTimeout how long a new connection has to complete TLS and HELLO
 * @param maxPendingBytes the bound on each connection's outbound buffer
 * @param slowConsumerPolicy what happens when that buffer is full
 * @param shutdownGrace how long a graceful shutdown lets clients drain before closing them
 * @param authenticator who may connect
 * @param httpHost the address the HTTP listener (health, metrics, admin) binds
 * @param httpPort the HTTP port; 0 picks a free one, -1 disables the HTTP listener
 * @param storageDir where durable streams are stored (docs/STREAMS.md); {@code null} disables
 *     streams
 * @param storageDatabase when set, durable streams with file storage are kept in this PostgreSQL
 *     database instead of the segment log under {@code storageDir} (which must still be set to
 *     enable streams)
 */
public record BrokerConfig(
        String serverName,
        String host,
        int port,
        Path unixSocket,
        TlsOptions tls,
        Transport transport,
        int ioThreads,
        int maxConnections,
        ProtocolLimits limits,
        int maxSubscriptionsPerConnection,
        Duration heartbeat,
        Duration handshakeTimeout,
        long maxPendingBytes,
        SlowConsumerPolicy slowConsumerPolicy,
        Duration shutdownGrace,
        Authenticator authenticator,
        String httpHost,
        int httpPort,
        Path storageDir,
        DatabaseConfig storageDatabase) {

    /** Switchboard's default port: clear of NATS (4222), MQTT (1883), AMQP (5672) and the rest. */
    public static final int DEFAULT_PORT = 7422;

    /** The default HTTP port for health, metrics and admin (NATS monitoring uses 8222). */
    public static final int DEFAULT_HTTP_PORT = 7423;

    /** Checks cross-field rules. */
    public BrokerConfig {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(slowConsumerPolicy, "slowConsumerPolicy");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(httpHost, "httpHost");
        if (port < 0 && unixSocket == null) {
            throw new IllegalArgumentException(
                    "the broker needs a listener: a TCP port (>= 0) or a Unix socket path");
        }
        if (maxPendingBytes < 2L * limits.maxPayload()) {
            throw new IllegalArgumentException(
                    "maxPendingBytes ("
                            + maxPendingBytes
                            + ") must hold at least two maximal messages (2 x maxPayload = "
                            + 2L * limits.maxPayload()
                            + ")");
        }
    }

    /**
     * @return the defaults
     */
    public static BrokerConfig defaults() {
        return builder().build();
    }

    /**
     * The default number of event loops: half the CPUs, at least one. Every delivery from a
     * publisher on one loop to a subscriber on another costs a wake-up of the other loop, and on a
     * small machine those wake-ups cost more than the second loop gains (docs/BENCHMARKS.md: on 2
     * cores, one loop beat two in every broker scenario, in throughput, CPU per message and
     * request/reply latency). The other half of the CPUs is left to the stream threads, the garbage
     * collector and, on a shared machine, the clients.
     *
     * @return {@code max(1, availableProcessors / 2)}
     */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding these settings
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link BrokerConfig}; each setter validates its argument. */
    public static final class Builder {
        private String serverName = "switchboard";
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Path unixSocket;
        private TlsOptions tls;
        private Transport transport = Transport.best();
        private int ioThreads = defaultIoThreads();
        private int maxConnections = 65_536;
        private ProtocolLimits limits = ProtocolLimits.DEFAULT;
        private int maxSubscriptionsPerConnection = 65_536;
        private Duration heartbeat = Duration.ofMinutes(2);
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private long maxPendingBytes = 32L << 20;
        private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.DISCONNECT;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private Authenticator authenticator = Authenticator.NONE;
        private String httpHost = "127.0.0.1";
        private int httpPort = DEFAULT_HTTP_PORT;
        private Path storageDir;
        private DatabaseConfig storageDatabase;

        private Builder() {}

        private Builder(BrokerConfig c) {
            serverName = c.serverName;
            host = c.host;
            port = c.port;
            unixSocket = c.unixSocket;
            tls = c.tls;
            transport = c.transport;
            ioThreads = c.ioThreads;
            maxConnections = c.maxConnections;
            limits = c.limits;
            maxSubscriptionsPerConnection = c.maxSubscriptionsPerConnection;
            heartbeat = c.heartbeat;
            handshakeTimeout = c.handshakeTimeout;
            maxPendingBytes = c.maxPendingBytes;
            slowConsumerPolicy = c.slowConsumerPolicy;
            shutdownGrace = c.shutdownGrace;
            authenticator = c.authenticator;
            httpHost = c.httpHost;
            httpPort = c.httpPort;
            storageDir = c.storageDir;
            storageDatabase = c.storageDatabase;
        }

        /**
         * @param value the server name; not blank
         * @return this
         */
        public Builder serverName(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("serverName must not be blank");
            }
            serverName = value;
            return this;
        }

        /**
         * @param value the TCP bind address
         * @return this
         */
        public Builder host(String value) {
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * @param value the TCP port, 0 for any free one, -1 for no TCP listener
         * @return this
         */
        public Builder port(int value) {
            if (value < -1 || value > 65_535) {
                throw new IllegalArgumentException("port must be in [-1, 65535], got " + value);
            }
            port = value;
            return this;
        }

        /**
         * @param value the Unix socket path, or {@code null} for none
         * @return this
         */
        public Builder unixSocket(Path value) {
            unixSocket = value;
            return this;
        }

        /**
         * @param value TLS for the TCP listener, or {@code null}
         * @return this
         */
        public Builder tls(TlsOptions value) {
            if (value != null && value.certChain() == null) {
                throw new IllegalArgumentException("a TLS listener needs a certificate and key");
            }
            tls = value;
            return this;
        }

        /**
         * @param value the transport
         * @return this
         */
        public Builder transport(Transport value) {
            if (!value.isAvailable()) {
                throw new IllegalArgumentException("transport " + value + " is not available");
            }
            transport = value;
            return this;
        }

        /**
         * @param value event-loop threads, 1..1024
         * @return this
         */
        public Builder ioThreads(int value) {
            ioThreads = range("ioThreads", value, 1, 1024);
            return this;
        }

        /**
         * @param value the most concurrent connections, at least 1
         * @return this
         */
        public Builder maxConnections(int value) {
            maxConnections = range("maxConnections", value, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * @param value the negotiated limits
         * @return this
         */
        public Builder limits(ProtocolLimits value) {
            limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * @param value the largest payload in bytes (up to 64 MiB)
         * @return this
         */
        public Builder maxPayload(int value) {
            limits = limits.withMaxPayload(value);
            return this;
        }

        /**
         * @param value subscriptions per connection, at least 1
         * @return this
         */
        public Builder maxSubscriptionsPerConnection(int value) {
            maxSubscriptionsPerConnection =
                    range("maxSubscriptionsPerConnection", value, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * @param value the heartbeat interval, at least 10 ms
         * @return this
         */
        public Builder heartbeat(Duration value) {
            heartbeat = atLeast("heartbeat", value, Duration.ofMillis(10));
            return this;
        }

        /**
         * @param value the handshake deadline, at least 10 ms
         * @return this
         */
        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = atLeast("handshakeTimeout", value, Duration.ofMillis(10));
            return this;
        }

        /**
         * @param value the per-connection outbound bound in bytes, at least 64 KiB
         * @return this
         */
        public Builder maxPendingBytes(long value) {
            if (value < 64 << 10) {
                throw new IllegalArgumentException(
                        "maxPendingBytes must be >= 65536, got " + value);
            }
            maxPendingBytes = value;
            return this;
        }

        /**
         * @param value the slow-consumer policy
         * @return this
         */
        public Builder slowConsumerPolicy(SlowConsumerPolicy value) {
            slowConsumerPolicy = Objects.requireNonNull(value, "slowConsumerPolicy");
            return this;
        }

        /**
         * @param value the graceful-shutdown drain time, zero or more
         * @return this
         */
        public Builder shutdownGrace(Duration value) {
            shutdownGrace = atLeast("shutdownGrace", value, Duration.ZERO);
            return this;
        }

        /**
         * @param value who may connect
         * @return this
         */
        public Builder authenticator(Authenticator value) {
            authenticator = Objects.requireNonNull(value, "authenticator");
            return this;
        }

        /**
         * @param value the HTTP bind address
         * @return this
         */
        public Builder httpHost(String value) {
            httpHost = Objects.requireNonNull(value, "httpHost");
            return this;
        }

        /**
         * @param value the HTTP port, 0 for any free one, -1 for no HTTP listener
         * @return this
         */
        public Builder httpPort(int value) {
            if (value < -1 || value > 65_535) {
                throw new IllegalArgumentException("httpPort must be in [-1, 65535], got " + value);
            }
            httpPort = value;
            return this;
        }

        /**
         * @param value where durable streams are stored (created if missing), or {@code null} to
         *     disable streams
         * @return this
         */
        public Builder storageDir(Path value) {
            storageDir = value;
            return this;
        }

        /**
         * @param value a PostgreSQL database to keep durable streams in (the PostgreSQL stream
         *     store, docs/STORAGE.md) instead of the segment log, or {@code null} for the segment
         *     log
         * @return this
         */
        public Builder storageDatabase(DatabaseConfig value) {
            storageDatabase = value;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if they contradict each other
         */
        public BrokerConfig build() {
            return new BrokerConfig(
                    serverName,
                    host,
                    port,
                    unixSocket,
                    tls,
                    transport,
                    ioThreads,
                    maxConnections,
                    limits,
                    maxSubscriptionsPerConnection,
                    heartbeat,
                    handshakeTimeout,
                    maxPendingBytes,
                    slowConsumerPolicy,
                    shutdownGrace,
                    authenticator,
                    httpHost,
                    httpPort,
                    storageDir,
                    storageDatabase);
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        name + " must be in [" + min + ", " + max + "], got " + value);
            }
            return value;
        }

        private static Duration atLeast(String name, Duration value, Duration min) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(
                        name + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }
}
