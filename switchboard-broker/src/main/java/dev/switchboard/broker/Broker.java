package dev.switchboard.broker;

import dev.switchboard.broker.internal.BrokerCore;
import dev.switchboard.broker.internal.Listeners;
import dev.switchboard.broker.internal.SystemService;
import dev.switchboard.broker.internal.http.BrokerMetrics;
import dev.switchboard.broker.internal.http.HttpListener;
import dev.switchboard.broker.internal.stream.StreamApi;
import dev.switchboard.broker.internal.stream.StreamManager;
import dev.switchboard.core.Clock;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.file.FileStorage;
import dev.switchboard.store.postgres.PostgresStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Switchboard broker: accepts client connections over TCP (optionally TLS) and a Unix domain
 * socket, speaks the binary protocol (docs/PROTOCOL.md), and routes messages between connections
 * with the bus's subject rules and queue groups.
 *
 * <pre>{@code
 * try (Broker broker = Broker.start(BrokerConfig.builder().port(0).build())) {
 *     int port = broker.port();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final BrokerCore core;
    private final Listeners listeners;
    private final SystemService system;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final int port;
    private final BrokerMetrics metrics; // null without the HTTP listener
    private final HttpListener http; // null without the HTTP listener

    private Broker(BrokerConfig config) throws InterruptedException {
        this.config = config;
        this.core = new BrokerCore(config);
        this.system = new SystemService(core);
        system.start();
        if (config.storageDir() != null) {
            StorageBackend durable =
                    config.storageDatabase() != null
                            ? PostgresStorage.open(config.storageDatabase(), Clock.system())
                            : FileStorage.open(config.storageDir(), Clock.system());
            core.streams(StreamManager.open(durable, core.streamOutput(), Clock.system()));
        }
        StreamApi api = new StreamApi(core.streams(), core.streamOutput());
        core.subscribeSystem("$SYS.API.>", api::handle);
        this.listeners = new Listeners(core);
        int bound;
        try {
            bound = listeners.bind();
        } catch (RuntimeException | InterruptedException e) {
            listeners.shutdown();
            closeStreams();
            throw e;
        }
        this.port = bound;
        if (config.httpPort() >= 0) {
            BrokerMetrics m = null;
            try {
                m = new BrokerMetrics(core, listeners.workers());
                this.http =
                        new HttpListener(
                                config.httpHost(),
                                config.httpPort(),
                                system,
                                m,
                                this::notReady,
                                api);
            } catch (RuntimeException e) {
                if (m != null) {
                    m.close();
                }
                listeners.stopAccepting();
                listeners.shutdown();
                core.shutdownSystem();
                closeStreams();
                throw e;
            }
            this.metrics = m;
        } else {
            this.metrics = null;
            this.http = null;
        }
        log.info(
                "Switchboard broker '{}' listening on {}{}{} ({} transport, {} I/O threads)",
                config.serverName(),
                port >= 0 ? (config.tls() != null ? "tls://" : "sb://") : "",
                port >= 0 ? config.host() + ":" + port : "",
                config.unixSocket() != null ? " unix://" + config.unixSocket() : "",
                config.transport(),
                config.ioThreads());
        if (http != null) {
            log.info(
                    "HTTP (health, metrics, admin) on http://{}:{}/",
                    config.httpHost(),
                    http.port());
        }
    }

    private void closeStreams() {
        StreamManager streams = core.streams();
        if (streams != null) {
            core.streams(null);
            streams.close();
        }
    }

    /** Why the broker is not ready for new clients, or {@code null} if it is (/readyz). */
    private String notReady() {
        if (stopping.get()) {
            return "shutting down";
        }
        BrokerConfig c = core.config();
        if (core.connections() >= c.maxConnections()) {
            return "at max_connections (" + c.maxConnections() + ")";
        }
        return null;
    }

    /**
     * Starts a broker and binds its listeners.
     *
     * @param config the settings
     * @return the running broker
     * @throws BrokerStartException if a listener cannot be bound (port in use, bad TLS files)
     */
    public static Broker start(BrokerConfig config) {
        try {
            return new Broker(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while starting", e);
        } catch (RuntimeException e) {
            throw new BrokerStartException(
                    "cannot start the broker on "
                            + config.host()
                            + ":"
                            + config.port()
                            + (config.unixSocket() != null ? " / " + config.unixSocket() : "")
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * @return the TCP port the broker listens on, or -1 without a TCP listener
     */
    public int port() {
        return port;
    }

    /**
     * @return the port of the HTTP listener (health, readiness, metrics, admin API), or -1 when it
     *     is disabled ({@link BrokerConfig#httpPort()} -1)
     */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /**
     * @return the Unix socket path, or {@code null}
     */
    public Path unixSocket() {
        return config.unixSocket();
    }

    /**
     * @return the settings the broker runs with (after any {@link #reload})
     */
    public BrokerConfig config() {
        return core.config();
    }

    /**
     * Applies new settings while running. Settings that can change live (limits for new
     * connections, the outbound bound of every connection, the slow-consumer policy, connection and
     * subscription maxima, heartbeat and handshake timeouts for new connections) take effect at
     * once; a change to any other setting (listeners, TLS, transport, threads, name, authenticator)
     * is refused as a whole and the running settings are kept.
     *
     * @param next the new settings
     * @return the names of the settings that changed
     * @throws IllegalArgumentException naming the settings that need a restart, if any changed
     */
    public java.util.List<String> reload(BrokerConfig next) {
        BrokerConfig now = core.config();
        java.util.List<String> restart = new java.util.ArrayList<>();
        java.util.List<String> changed = new java.util.ArrayList<>();
        for (java.lang.reflect.RecordComponent rc : BrokerConfig.class.getRecordComponents()) {
            Object a = value(rc, now);
            Object b = value(rc, next);
            if (!java.util.Objects.equals(a, b)) {
                (RELOADABLE.contains(rc.getName()) ? changed : restart).add(rc.getName());
            }
        }
        if (!restart.isEmpty()) {
            throw new IllegalArgumentException(
                    "these settings need a restart and were not applied: " + restart);
        }
        core.reload(next);
        if (!changed.isEmpty()) {
            log.info("configuration reloaded: {}", changed);
        }
        return changed;
    }

    private static final java.util.Set<String> RELOADABLE =
            java.util.Set.of(
                    "limits",
                    "maxPendingBytes",
                    "slowConsumerPolicy",
                    "maxConnections",
                    "maxSubscriptionsPerConnection",
                    "heartbeat",
                    "handshakeTimeout",
                    "shutdownGrace");

    private static Object value(java.lang.reflect.RecordComponent rc, BrokerConfig c) {
        try {
            return rc.getAccessor().invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return server identity, limits and counters (the body of {@code $SYS.REQ.SERVER.INFO})
     */
    public Map<String, Object> serverInfo() {
        return system.serverInfo();
    }

    /**
     * @return every connection with its counters (the body of {@code $SYS.REQ.CONNECTIONS})
     */
    public Map<String, Object> connections() {
        return system.connections();
    }

    /**
     * @return every client subscription (the body of {@code $SYS.REQ.SUBSCRIPTIONS})
     */
    public Map<String, Object> subscriptions() {
        return system.subscriptions();
    }

    /**
     * @return every distinct subscribed pattern with its subscriber and queue-group counts (the
     *     body of {@code $SYS.REQ.ROUTES})
     */
    public Map<String, Object> routes() {
        return system.routes();
    }

    /**
     * Shuts down gracefully: reports not ready on {@code /readyz} at once (so load balancers stop
     * sending clients), stops accepting, sends every client GOAWAY so it reconnects elsewhere,
     * waits up to {@code grace} for clients to leave and queued messages to be written, then closes
     * whatever is left and finally the HTTP listener.
     *
     * @param grace how long to let clients drain
     */
    public void shutdown(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            awaitTermination();
            return;
        }
        log.info(
                "shutting down: {} connections, grace {} ms", core.connections(), grace.toMillis());
        listeners.stopAccepting();
        core.goAwayAll(grace.toMillis(), "server shutting down");
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && !core.allGone()) {
            core.awaitChange(
                    Math.min(TimeUnit.MILLISECONDS.toNanos(20), deadline - System.nanoTime()));
        }
        core.closeAll();
        listeners.shutdown();
        closeStreams();
        core.shutdownSystem();
        if (http != null) {
            http.close();
            metrics.close();
        }
        terminated.countDown();
        log.info("shut down");
    }

    /** Waits until a shutdown begun elsewhere completes. */
    public void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shuts down with the configured grace period. */
    @Override
    public void close() {
        shutdown(config().shutdownGrace());
    }
}
