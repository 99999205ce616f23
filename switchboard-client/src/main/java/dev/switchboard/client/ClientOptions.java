package dev.switchboard.client;

import dev.switchboard.core.Clock;
import dev.switchboard.protocol.transport.TlsOptions;
import dev.switchboard.protocol.transport.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Connection} connects, reconnects, buffers and times out. Immutable; build with
 * {@link #builder()}, whose setters validate at once and whose {@link Builder#build()} checks the
 * rules between fields. Defaults follow the NATS Java client where it has one.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>setting</th><th>default</th></tr>
 * <tr><td>servers</td><td>{@code sb://127.0.0.1:7422}</td></tr>
 * <tr><td>connectTimeout / handshakeTimeout</td><td>2 s / 2 s</td></tr>
 * <tr><td>pingInterval / maxPingsOut</td><td>2 min / 2</td></tr>
 * <tr><td>reconnect, reconnectWait, reconnectMaxWait, reconnectJitter</td>
 *     <td>on, 2 s doubling up to 30 s, plus or minus up to 100 ms</td></tr>
 * <tr><td>maxReconnectAttempts</td><td>60 (-1 for ever)</td></tr>
 * <tr><td>reconnectBufferBytes, bufferFullPolicy</td><td>8 MiB, FAIL</td></tr>
 * <tr><td>publishBufferBytes, publishTimeout</td><td>8 MiB, 5 s</td></tr>
 * <tr><td>pendingMessages / pendingBytes (per subscription)</td><td>65,536 / 64 MiB</td></tr>
 * <tr><td>echo</td><td>true</td></tr>
 * <tr><td>requestTimeout (stream API calls and acknowledged publishes)</td><td>5 s</td></tr>
 * </table>
 *
 * <p>Server URIs: {@code sb://host:port} (TCP), {@code sbs://host:port} (TLS; {@link #tls()} or the
 * JDK's trusted CAs), {@code unix:///path/to.sock} (Unix domain socket). The port defaults to
 * {@value #DEFAULT_PORT}.
 */
public final class ClientOptions {
    /** Switchboard's default port. */
    public static final int DEFAULT_PORT = 7422;

    /** The default server. */
    public static final URI DEFAULT_SERVER = URI.create("sb://127.0.0.1:" + DEFAULT_PORT);

    /**
     * The default bound of the adaptive spin of blocking calls ({@link Builder#adaptiveSpinWait}).
     */
    public static final Duration DEFAULT_SPIN_BOUND = Duration.ofNanos(150_000);

    private final List<URI> servers;
    private final String name;
    private final String token;
    private final TlsOptions tls;
    private final Transport transport;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final Duration pingInterval;
    private final int maxPingsOut;
    private final boolean reconnect;
    private final Duration reconnectWait;
    private final Duration reconnectMaxWait;
    private final Duration reconnectJitter;
    private final int maxReconnectAttempts;
    private final long reconnectBufferBytes;
    private final BufferFullPolicy bufferFullPolicy;
    private final long publishBufferBytes;
    private final Duration publishTimeout;
    private final int pendingMessages;
    private final long pendingBytes;
    private final boolean echo;
    private final Duration requestTimeout;
    private final Duration spinWait;
    private final boolean spinAdaptive;
    private final ConnectionListener listener;
    private final Clock clock;

    private ClientOptions(Builder b) {
        this.servers = List.copyOf(b.servers.isEmpty() ? List.of(DEFAULT_SERVER) : b.servers);
        this.name = b.name;
        this.token = b.token;
        this.tls = b.tls;
        this.transport = b.transport != null ? b.transport : Transport.best();
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.pingInterval = b.pingInterval;
        this.maxPingsOut = b.maxPingsOut;
        this.reconnect = b.reconnect;
        this.reconnectWait = b.reconnectWait;
        this.reconnectMaxWait = b.reconnectMaxWait;
        this.reconnectJitter = b.reconnectJitter;
        this.maxReconnectAttempts = b.maxReconnectAttempts;
        this.reconnectBufferBytes = b.reconnectBufferBytes;
        this.bufferFullPolicy = b.bufferFullPolicy;
        this.publishBufferBytes = b.publishBufferBytes;
        this.publishTimeout = b.publishTimeout;
        this.pendingMessages = b.pendingMessages;
        this.pendingBytes = b.pendingBytes;
        this.echo = b.echo;
        this.requestTimeout = b.requestTimeout;
        this.spinWait = b.spinWait;
        this.spinAdaptive = b.spinAdaptive;
        this.listener = b.listener;
        this.clock = b.clock;
    }

    /**
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the defaults: one server, {@link #DEFAULT_SERVER}
     */
    public static ClientOptions defaults() {
        return builder().build();
    }

    /**
     * @return the servers, tried in order and rotated through on reconnects
     */
    public List<URI> servers() {
        return servers;
    }

    /**
     * @return the connection name shown in the server's listings (may be empty)
     */
    public String name() {
        return name;
    }

    /**
     * @return the credentials sent in HELLO, or {@code null}
     */
    public String token() {
        return token;
    }

    /**
     * @return TLS settings for {@code sbs://} servers, or {@code null} for the JDK's defaults
     */
    public TlsOptions tls() {
        return tls;
    }

    /**
     * @return the Netty transport
     */
    public Transport transport() {
        return transport;
    }

    /**
     * @return how long a TCP/TLS/Unix connect may take
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * @return how long the server may take to answer HELLO with WELCOME
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * @return how often the client pings the server
     */
    public Duration pingInterval() {
        return pingInterval;
    }

    /**
     * @return how many pings may go unanswered before the connection is declared stale
     */
    public int maxPingsOut() {
        return maxPingsOut;
    }

    /**
     * @return whether a lost connection is re-established
     */
    public boolean reconnect() {
        return reconnect;
    }

    /**
     * @return the wait before the first reconnect attempt to the same server; doubles each try
     */
    public Duration reconnectWait() {
        return reconnectWait;
    }

    /**
     * @return the longest wait between reconnect attempts
     */
    public Duration reconnectMaxWait() {
        return reconnectMaxWait;
    }

    /**
     * @return the random part added to or taken from each wait, at most
     */
    public Duration reconnectJitter() {
        return reconnectJitter;
    }

    /**
     * @return reconnect attempts before giving up and closing; -1 for ever
     */
    public int maxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    /**
     * @return bytes of publishes kept while disconnected
     */
    public long reconnectBufferBytes() {
        return reconnectBufferBytes;
    }

    /**
     * @return what publish does when the reconnect buffer is full
     */
    public BufferFullPolicy bufferFullPolicy() {
        return bufferFullPolicy;
    }

    /**
     * @return bytes of publishes queued, unwritten, while connected; past it publish blocks
     */
    public long publishBufferBytes() {
        return publishBufferBytes;
    }

    /**
     * @return how long a publish waits for buffer room before {@link BufferFullException}
     */
    public Duration publishTimeout() {
        return publishTimeout;
    }

    /**
     * @return the default per-subscription pending limit in messages
     */
    public int pendingMessages() {
        return pendingMessages;
    }

    /**
     * @return the default per-subscription pending limit in payload bytes
     */
    public long pendingBytes() {
        return pendingBytes;
    }

    /**
     * @return whether this connection's publishes reach its own subscriptions
     */
    public boolean echo() {
        return echo;
    }

    /**
     * @return the default timeout of {@link Connection#streams()} calls: management requests,
     *     acknowledged publishes, acknowledgements that wait for the broker
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * @return the longest a blocking call busy-waits for its answer before parking ({@link
     *     Builder#spinWait}, {@link Builder#adaptiveSpinWait})
     */
    public Duration spinWait() {
        return spinWait;
    }

    /**
     * @return whether blocking calls spin by the answer times they measure ({@link
     *     Builder#adaptiveSpinWait}, the default) rather than always up to {@link #spinWait()}
     */
    public boolean spinAdaptive() {
        return spinAdaptive;
    }

    /**
     * @return the listener, or {@code null}
     */
    public ConnectionListener listener() {
        return listener;
    }

    /**
     * @return the clock for request timeouts and message TTLs
     */
    public Clock clock() {
        return clock;
    }

    /** Builds {@link ClientOptions}. Not thread-safe. */
    public static final class Builder {
        private final List<URI> servers = new ArrayList<>();
        private String name = "";
        private String token;
        private TlsOptions tls;
        private Transport transport;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration handshakeTimeout = Duration.ofSeconds(2);
        private Duration pingInterval = Duration.ofMinutes(2);
        private int maxPingsOut = 2;
        private boolean reconnect = true;
        private Duration reconnectWait = Duration.ofSeconds(2);
        private Duration reconnectMaxWait = Duration.ofSeconds(30);
        private Duration reconnectJitter = Duration.ofMillis(100);
        private int maxReconnectAttempts = 60;
        private long reconnectBufferBytes = 8L << 20;
        private BufferFullPolicy bufferFullPolicy = BufferFullPolicy.FAIL;
        private long publishBufferBytes = 8L << 20;
        private Duration publishTimeout = Duration.ofSeconds(5);
        private int pendingMessages = 65_536;
        private long pendingBytes = 64L << 20;
        private boolean echo = true;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration spinWait = DEFAULT_SPIN_BOUND;
        private boolean spinAdaptive = true;
        private ConnectionListener listener;
        private Clock clock = Clock.system();

        private Builder() {}

        /**
         * Adds a server.
         *
         * @param uri {@code sb://host[:port]}, {@code sbs://host[:port]} or {@code unix:///path}
         * @return this builder
         * @throws IllegalArgumentException if the URI is malformed or its scheme unknown
         */
        public Builder server(String uri) {
            return server(parse(uri));
        }

        /**
         * Adds a server.
         *
         * @param uri see {@link #server(String)}
         * @return this builder
         */
        public Builder server(URI uri) {
            servers.add(check(Objects.requireNonNull(uri, "uri")));
            return this;
        }

        /**
         * Replaces the server list.
         *
         * @param uris the servers, in order
         * @return this builder
         */
        public Builder servers(List<String> uris) {
            List<URI> parsed = new ArrayList<>();
            for (String u : uris) {
                parsed.add(check(parse(u)));
            }
            servers.clear();
            servers.addAll(parsed);
            return this;
        }

        private static URI parse(String uri) {
            try {
                return new URI(Objects.requireNonNull(uri, "uri").trim());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(
                        "malformed server URI '" + uri + "': " + e.getMessage());
            }
        }

        private static URI check(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            switch (scheme) {
                case "sb", "sbs" -> {
                    if (uri.getHost() == null || uri.getHost().isEmpty()) {
                        throw new IllegalArgumentException("server URI '" + uri + "' has no host");
                    }
                    if (uri.getPort() > 65_535) {
                        throw new IllegalArgumentException("server URI '" + uri + "': bad port");
                    }
                }
                case "unix" -> {
                    if (uri.getPath() == null || uri.getPath().isEmpty()) {
                        throw new IllegalArgumentException(
                                "server URI '"
                                        + uri
                                        + "' has no socket path (unix:///path/to.sock)");
                    }
                }
                default ->
                        throw new IllegalArgumentException(
                                "server URI '"
                                        + uri
                                        + "': unknown scheme; expected sb://, sbs:// or unix://");
            }
            return uri;
        }

        /**
         * @param name the connection's name in the server's listings and logs
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param token the credentials for the server's authenticator, or {@code null}
         * @return this builder
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /**
         * @param tls TLS settings for {@code sbs://} servers (trusted CAs, client certificate,
         *     server name)
         * @return this builder
         */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /**
         * @param transport the Netty transport; default {@link Transport#best()}
         * @return this builder
         * @throws IllegalArgumentException if it is not available here
         */
        public Builder transport(Transport transport) {
            if (!transport.isAvailable()) {
                throw new IllegalArgumentException(
                        "transport " + transport + " is not available on this platform");
            }
            this.transport = transport;
            return this;
        }

        /**
         * @param timeout how long a connect may take; positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * @param timeout how long the server may take to answer HELLO; positive
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive("handshakeTimeout", timeout);
            return this;
        }

        /**
         * @param interval how often to ping the server; positive
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive("pingInterval", interval);
            return this;
        }

        /**
         * @param max unanswered pings before the connection is stale; at least 1
         * @return this builder
         */
        public Builder maxPingsOut(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPingsOut must be >= 1, got " + max);
            }
            this.maxPingsOut = max;
            return this;
        }

        /**
         * @param on whether to reconnect after a loss; default on
         * @return this builder
         */
        public Builder reconnect(boolean on) {
            this.reconnect = on;
            return this;
        }

        /**
         * @param wait the first wait before reconnecting to the same server; positive
         * @param maxWait the longest wait, the doubling stops there; at least {@code wait}
         * @return this builder
         */
        public Builder reconnectWait(Duration wait, Duration maxWait) {
            positive("reconnectWait", wait);
            positive("reconnectMaxWait", maxWait);
            if (maxWait.compareTo(wait) < 0) {
                throw new IllegalArgumentException(
                        "reconnectMaxWait " + maxWait + " is shorter than reconnectWait " + wait);
            }
            this.reconnectWait = wait;
            this.reconnectMaxWait = maxWait;
            return this;
        }

        /**
         * @param jitter the random part of each reconnect wait, at most; zero for none
         * @return this builder
         */
        public Builder reconnectJitter(Duration jitter) {
            if (jitter.isNegative()) {
                throw new IllegalArgumentException("reconnectJitter must not be negative");
            }
            this.reconnectJitter = jitter;
            return this;
        }

        /**
         * @param max reconnect attempts before giving up; -1 for ever
         * @return this builder
         */
        public Builder maxReconnectAttempts(int max) {
            if (max < -1) {
                throw new IllegalArgumentException(
                        "maxReconnectAttempts must be -1 (for ever) or >= 0, got " + max);
            }
            this.maxReconnectAttempts = max;
            return this;
        }

        /**
         * @param bytes publishes kept while disconnected, at least 1024
         * @param policy what publish does when they are full
         * @return this builder
         */
        public Builder reconnectBuffer(long bytes, BufferFullPolicy policy) {
            this.reconnectBufferBytes = atLeast1k("reconnectBufferBytes", bytes);
            this.bufferFullPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param bytes publishes queued while connected before publish blocks, at least 1024
         * @return this builder
         */
        public Builder publishBufferBytes(long bytes) {
            this.publishBufferBytes = atLeast1k("publishBufferBytes", bytes);
            return this;
        }

        /**
         * @param timeout how long a publish waits for buffer room; positive
         * @return this builder
         */
        public Builder publishTimeout(Duration timeout) {
            this.publishTimeout = positive("publishTimeout", timeout);
            return this;
        }

        /**
         * @param messages the default per-subscription pending limit in messages, at least 1
         * @param bytes the same in payload bytes, at least 1
         * @return this builder
         */
        public Builder pendingLimits(int messages, long bytes) {
            if (messages < 1 || bytes < 1) {
                throw new IllegalArgumentException(
                        "pending limits must be >= 1, got "
                                + messages
                                + " messages, "
                                + bytes
                                + " bytes");
            }
            this.pendingMessages = messages;
            this.pendingBytes = bytes;
            return this;
        }

        /**
         * @param echo whether this connection's publishes reach its own subscriptions
         * @return this builder
         */
        public Builder echo(boolean echo) {
            this.echo = echo;
            return this;
        }

        /**
         * @param timeout the default timeout of stream API calls and acknowledged publishes;
         *     positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * Lets every blocking call ({@link Connection#requestBlocking}, {@link Connection#flush},
         * the blocking {@link Streams#publish} and the stream API calls) busy-wait for its answer
         * for up to this long before parking, whatever the answers have been taking. Parking and
         * being woken costs tens of microseconds on a virtual machine, several times per round
         * trip; a caller that keeps its CPU busy lets the round trip's other threads run on the
         * remaining CPUs and gets its answer sooner (docs/BENCHMARKS.md: request/reply p50 about
         * 40% lower on 2 vCPUs with 300 µs), at the cost of that CPU while it spins. For
         * latency-sensitive callers with a CPU to spare; pick a bound near the round trip you
         * expect. Replaces the adaptive default ({@link #adaptiveSpinWait}).
         *
         * @param spin zero (park at once) up to one second
         * @return this builder
         */
        public Builder spinWait(Duration spin) {
            this.spinWait = checkSpin(spin);
            this.spinAdaptive = false;
            return this;
        }

        /**
         * The default, with a bound of {@link ClientOptions#DEFAULT_SPIN_BOUND}: a blocking call
         * busy-waits for up to twice the connection's recent average answer time, as long as that
         * average is within {@code bound}, and parks at once when answers come slower (a disk
         * flush, a slow responder); one caller per connection spins at a time, the others park at
         * once. So a caller whose answers come quickly does not pay a wake-up per call, and one
         * whose answers come slowly does not burn a CPU waiting.
         *
         * @param bound the longest spin and the slowest average that still spins, up to one second
         * @return this builder
         */
        public Builder adaptiveSpinWait(Duration bound) {
            this.spinWait = checkSpin(bound);
            this.spinAdaptive = true;
            return this;
        }

        private static Duration checkSpin(Duration spin) {
            Objects.requireNonNull(spin, "spinWait");
            if (spin.isNegative() || spin.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException(
                        "spinWait must be between 0 and 1 s, got " + spin);
            }
            return spin;
        }

        /**
         * @param listener hears connection events, or {@code null}
         * @return this builder
         */
        public Builder listener(ConnectionListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * @param clock the time source for request timeouts and message TTLs
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException if settings contradict each other
         */
        public ClientOptions build() {
            for (URI s : servers) {
                if ("unix".equalsIgnoreCase(s.getScheme()) && tls != null && servers.size() == 1) {
                    throw new IllegalArgumentException(
                            "TLS options were given but the only server is a Unix socket ("
                                    + s
                                    + "); use sbs:// for TLS");
                }
            }
            return new ClientOptions(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        private static long atLeast1k(String name, long v) {
            if (v < 1024) {
                throw new IllegalArgumentException(name + " must be >= 1024, got " + v);
            }
            return v;
        }
    }
}
