package dev.switchboard.cli.config;

import dev.switchboard.broker.Authenticator;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.broker.SlowConsumerPolicy;
import dev.switchboard.broker.StaticTokenAuthenticator;
import dev.switchboard.protocol.transport.TlsOptions;
import dev.switchboard.protocol.transport.Transport;
import java.nio.file.Path;
import java.util.Locale;

/** Maps the settings onto a {@link BrokerConfig}. Stateless. */
public final class BrokerSettings {
    private BrokerSettings() {}

    /**
     * @param c the configuration
     * @return the broker settings it describes
     * @throws IllegalArgumentException if they contradict each other (the message says how)
     */
    public static BrokerConfig toBrokerConfig(EffectiveConfig c) {
        BrokerConfig.Builder b =
                BrokerConfig.builder()
                        .serverName(c.string("network.server_name"))
                        .host(c.string("network.listen_host"))
                        .port(c.integer("network.listen_port"))
                        .unixSocket(c.path("network.unix_socket"))
                        .transport(Transport.named(c.string("network.transport")))
                        .httpHost(c.string("http.host"))
                        .httpPort(c.integer("http.port"));
        int threads = c.integer("messaging.worker_threads");
        if (threads > 0) {
            b.ioThreads(threads);
        }
        String token = c.string("auth.token");
        b.authenticator(token == null ? Authenticator.NONE : new StaticTokenAuthenticator(token));
        b.tls(tls(c));
        b.storageDir(c.bool("messaging.enable_persistence") ? c.path("storage.dir") : null);
        if (c.string("storage.backend").equals("postgres")) {
            b.storageDatabase(
                    DatabaseSettings.toDatabaseConfig(c)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "storage.backend = postgres needs [database]"
                                                            + " url")));
        }
        return applyReloadable(c, b).build();
    }

    /**
     * Sets only the settings a running broker can change ({@code Broker.reload}), leaving the rest
     * of the builder as it is.
     *
     * @param c the configuration
     * @param b a builder, typically the running broker's settings
     * @return {@code b}
     */
    public static BrokerConfig.Builder applyReloadable(EffectiveConfig c, BrokerConfig.Builder b) {
        return b.maxConnections(c.integer("network.max_connections"))
                .heartbeat(c.duration("network.keepalive_interval"))
                .handshakeTimeout(c.duration("network.handshake_timeout"))
                .maxPayload(Math.toIntExact(c.size("messaging.max_payload")))
                .maxSubscriptionsPerConnection(c.integer("messaging.max_subscriptions"))
                .maxPendingBytes(c.size("messaging.max_pending"))
                .slowConsumerPolicy(
                        SlowConsumerPolicy.valueOf(
                                c.string("messaging.slow_consumer_policy")
                                        .toUpperCase(Locale.ROOT)))
                .shutdownGrace(c.duration("messaging.shutdown_grace"));
    }

    private static TlsOptions tls(EffectiveConfig c) {
        Path cert = c.path("tls.cert");
        Path key = c.path("tls.key");
        Path ca = c.path("tls.client_ca");
        if (cert == null && key == null) {
            if (ca != null) {
                throw new IllegalArgumentException("tls.client_ca needs tls.cert and tls.key");
            }
            return null;
        }
        TlsOptions tls = TlsOptions.server(cert, key);
        return ca == null ? tls : tls.withClientAuth(ca, c.bool("tls.verify_clients"));
    }
}
