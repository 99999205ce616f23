package dev.switchboard.cli.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings table: the one place that lists every setting. The loader, the validation, {@code
 * switchboard config}, the sample {@code switchboard.ini} and docs/CONFIGURATION.md are all derived
 * from it.
 *
 * <p>Two sections hold free-form keys: {@code [features]} (any name, a boolean flag) and, in {@code
 * [logging]}, {@code logger.<name>} (the level of one logger).
 */
public final class Settings {
    /** The sections, in the order files and docs list them. */
    public static final List<String> SECTIONS =
            List.of(
                    "network",
                    "messaging",
                    "storage",
                    "tls",
                    "auth",
                    "http",
                    "logging",
                    "database",
                    "features");

    private static final String LEVELS_DOC = "trace, debug, info, warn, error or off";
    private static final ValueType LEVEL =
            ValueType.oneOf("trace", "debug", "info", "warn", "error", "off");
    private static final List<Setting> ALL = new ArrayList<>();

    static {
        // [network]
        add(
                "network",
                "listen_host",
                ValueType.string(),
                "127.0.0.1",
                "",
                false,
                "Address the TCP listener binds (0.0.0.0 for every interface).",
                "BrokerConfig.host");
        add(
                "network",
                "listen_port",
                ValueType.integer(-1, 65_535),
                "7422",
                "",
                false,
                "TCP port; 0 picks a free one, -1 disables TCP (then unix_socket is needed).",
                "BrokerConfig.port");
        add(
                "network",
                "unix_socket",
                ValueType.path(),
                "",
                "",
                false,
                "Also listen on this Unix domain socket path (empty: none).",
                "BrokerConfig.unixSocket");
        add(
                "network",
                "server_name",
                ValueType.string(),
                "switchboard",
                "",
                false,
                "The server's name in WELCOME, listings and logs.",
                "BrokerConfig.serverName");
        add(
                "network",
                "max_connections",
                ValueType.integer(1, Integer.MAX_VALUE),
                "65536",
                "",
                true,
                "Most concurrent client connections; new ones beyond it are refused.",
                "BrokerConfig.maxConnections");
        add(
                "network",
                "keepalive_interval",
                ValueType.duration(Duration.ofMillis(10)),
                "2m",
                "",
                true,
                "Silence after which the server pings a client; two silent intervals close it as"
                        + " stale (new connections).",
                "BrokerConfig.heartbeat");
        add(
                "network",
                "handshake_timeout",
                ValueType.duration(Duration.ofMillis(10)),
                "5s",
                "",
                true,
                "Time a new connection has to finish TLS and HELLO (new connections).",
                "BrokerConfig.handshakeTimeout");
        add(
                "network",
                "transport",
                ValueType.oneOf("auto", "epoll", "io_uring", "nio"),
                "auto",
                "",
                false,
                "Netty transport; auto = epoll where available, else nio.",
                "BrokerConfig.transport");
        // [messaging]
        add(
                "messaging",
                "worker_threads",
                ValueType.integer(0, 1024),
                "0",
                "threads",
                false,
                "Event-loop threads serving connections (the broker routes on them; there is no"
                        + " separate worker pool); 0 = half the CPUs, at least one.",
                "BrokerConfig.ioThreads");
        alias("network", "io_threads", "messaging.worker_threads");
        add(
                "messaging",
                "max_pending",
                ValueType.size(64 << 10, 1L << 40),
                "32MiB",
                "bytes",
                true,
                "Bound on each connection's outbound queue, in bytes; when full the"
                        + " slow_consumer_policy applies. At least 2 x max_payload.",
                "BrokerConfig.maxPendingBytes");
        alias("messaging", "queue_size", "messaging.max_pending");
        add(
                "messaging",
                "max_payload",
                ValueType.size(0, 64 << 20),
                "1MiB",
                "bytes",
                true,
                "Largest message payload accepted (new connections; at most 64MiB).",
                "BrokerConfig.limits.maxPayload");
        add(
                "messaging",
                "max_subscriptions",
                ValueType.integer(1, Integer.MAX_VALUE),
                "65536",
                "",
                true,
                "Most subscriptions one connection may hold.",
                "BrokerConfig.maxSubscriptionsPerConnection");
        add(
                "messaging",
                "slow_consumer_policy",
                ValueType.oneOf("disconnect", "drop_newest", "drop_oldest"),
                "disconnect",
                "",
                true,
                "What happens when a connection's outbound queue is full.",
                "BrokerConfig.slowConsumerPolicy");
        add(
                "messaging",
                "enable_persistence",
                ValueType.bool(),
                "true",
                "",
                false,
                "Durable streams (docs/STREAMS.md), stored under storage.dir; false turns them off.",
                "BrokerConfig.storageDir (null when false)");
        add(
                "messaging",
                "shutdown_grace",
                ValueType.duration(Duration.ZERO),
                "5s",
                "",
                true,
                "How long a graceful shutdown lets clients drain before closing them.",
                "BrokerConfig.shutdownGrace");
        // [storage]
        add(
                "storage",
                "dir",
                ValueType.path(),
                "data",
                "",
                false,
                "Where durable streams are stored (created if missing; relative paths from the"
                        + " working directory).",
                "BrokerConfig.storageDir");
        add(
                "storage",
                "backend",
                ValueType.oneOf("file", "postgres"),
                "file",
                "",
                false,
                "Where streams with storage=file keep their messages: the segment log under dir, or"
                        + " PostgreSQL (the [database] section; dir must still be set).",
                "BrokerConfig.storageDatabase");
        // [tls]
        add(
                "tls",
                "cert",
                ValueType.path(),
                "",
                "",
                false,
                "PEM certificate chain: serve TLS on the TCP listener (needs key).",
                "BrokerConfig.tls.certChain");
        add(
                "tls",
                "key",
                ValueType.path(),
                "",
                "",
                false,
                "PEM (PKCS#8) private key for cert.",
                "BrokerConfig.tls.privateKey");
        add(
                "tls",
                "client_ca",
                ValueType.path(),
                "",
                "",
                false,
                "PEM CA certificates: ask clients for certificates signed by them.",
                "BrokerConfig.tls.trustCerts");
        add(
                "tls",
                "verify_clients",
                ValueType.bool(),
                "true",
                "",
                false,
                "With client_ca: refuse clients without a valid certificate (false: ask only).",
                "BrokerConfig.tls.clientAuth");
        // [auth]
        secret(
                "auth",
                "token",
                "Require clients to present this token (empty: no authentication).",
                "BrokerConfig.authenticator");
        // [http]
        add(
                "http",
                "host",
                ValueType.string(),
                "127.0.0.1",
                "",
                false,
                "Address the HTTP listener (health, metrics, admin) binds.",
                "BrokerConfig.httpHost");
        add(
                "http",
                "port",
                ValueType.integer(-1, 65_535),
                "7423",
                "",
                false,
                "HTTP port; 0 picks a free one, -1 disables the HTTP listener.",
                "BrokerConfig.httpPort");
        // [logging]
        add(
                "logging",
                "level",
                LEVEL,
                "info",
                "",
                true,
                "Root log level: " + LEVELS_DOC + ".",
                "Logback root logger");
        add(
                "logging",
                "format",
                ValueType.oneOf("text", "json"),
                "text",
                "",
                false,
                "text: one human-readable line per event; json: one JSON object per line.",
                "Logback encoder");
        // [database]
        add(
                "database",
                "url",
                ValueType.string(),
                "",
                "",
                false,
                "JDBC URL (jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:). The broker does not use a"
                        + " database yet: the section is validated only.",
                "DatabaseConfig.jdbcUrl");
        add(
                "database",
                "user",
                ValueType.string(),
                "",
                "",
                false,
                "Database user.",
                "DatabaseConfig.user");
        secret("database", "password", "Database password.", "DatabaseConfig.password");
        add(
                "database",
                "pool_size",
                ValueType.integer(1, 1000),
                "10",
                "connections",
                false,
                "Most pooled connections.",
                "DatabaseConfig.maximumPoolSize");
        add(
                "database",
                "connection_timeout",
                ValueType.duration(Duration.ofMillis(250)),
                "10s",
                "",
                false,
                "How long a caller waits for a pooled connection.",
                "DatabaseConfig.connectionTimeout");
        add(
                "database",
                "retry_count",
                ValueType.integer(0, 99),
                "2",
                "retries",
                false,
                "Retries of a transaction after a transient failure (attempts = retry_count + 1).",
                "DatabaseConfig.retryPolicy.maxAttempts");
    }

    private Settings() {}

    private static void add(
            String section,
            String key,
            ValueType type,
            String def,
            String unit,
            boolean reloadable,
            String doc,
            String mapsTo) {
        ALL.add(new Setting(section, key, type, def, unit, reloadable, doc, mapsTo, null, false));
    }

    private static void secret(String section, String key, String doc, String mapsTo) {
        ALL.add(
                new Setting(
                        section, key, ValueType.string(), "", "", false, doc, mapsTo, null, true));
    }

    private static void alias(String section, String key, String target) {
        Setting t = ALL.stream().filter(s -> s.name().equals(target)).findFirst().orElseThrow();
        ALL.add(
                new Setting(
                        section,
                        key,
                        t.type(),
                        t.defaultText(),
                        t.unit(),
                        t.reloadable(),
                        "Another name for " + target + ".",
                        t.mapsTo(),
                        target,
                        false));
    }

    /**
     * @return every fixed setting, aliases included, in table order
     */
    public static List<Setting> all() {
        return List.copyOf(ALL);
    }

    /**
     * @return the settings that have values of their own (no aliases)
     */
    public static List<Setting> canonical() {
        return ALL.stream().filter(s -> s.aliasOf() == null).toList();
    }

    /**
     * Finds a setting, including the free-form ones ({@code features.<name>}, {@code
     * logging.logger.<name>}).
     *
     * @param section the section
     * @param key the key
     * @return the setting, or empty if there is none by that name
     */
    public static Optional<Setting> find(String section, String key) {
        for (Setting s : ALL) {
            if (s.section().equals(section) && s.key().equals(key)) {
                return Optional.of(s);
            }
        }
        if (section.equals("features") && key.matches("[a-z0-9_.-]+")) {
            return Optional.of(
                    new Setting(
                            section,
                            key,
                            ValueType.bool(),
                            "false",
                            "",
                            true,
                            "Feature flag.",
                            "FeatureFlags",
                            null,
                            false));
        }
        if (section.equals("logging") && key.startsWith("logger.") && key.length() > 7) {
            return Optional.of(
                    new Setting(
                            section,
                            key,
                            LEVEL,
                            "",
                            "",
                            true,
                            "Level of logger " + key.substring(7) + ".",
                            "Logback logger",
                            null,
                            false));
        }
        return Optional.empty();
    }

    /**
     * @param full {@code section.key}
     * @return the setting with that full name
     */
    public static Setting get(String full) {
        int dot = full.indexOf('.');
        return find(full.substring(0, dot), full.substring(dot + 1))
                .orElseThrow(() -> new IllegalArgumentException("no setting " + full));
    }

    /**
     * @param section a section
     * @param key a key in it
     * @return {@code SWITCHBOARD_<SECTION>_<KEY>}
     */
    public static String envVar(String section, String key) {
        return ("SWITCHBOARD_" + section + "_" + key).toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * @return env var → setting, for every fixed setting
     */
    static Map<String, Setting> byEnvVar() {
        Map<String, Setting> map = new LinkedHashMap<>();
        ALL.forEach(s -> map.put(s.envVar(), s));
        return map;
    }
}
