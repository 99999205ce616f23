package dev.switchboard.cli;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.SlowConsumerPolicy;
import dev.switchboard.cli.config.BrokerSettings;
import dev.switchboard.cli.config.ConfigLoader;
import dev.switchboard.cli.config.ConfigReloader;
import dev.switchboard.cli.config.ConfigWatcher;
import dev.switchboard.cli.config.EffectiveConfig;
import dev.switchboard.cli.config.FeatureFlags;
import dev.switchboard.cli.config.LoggingSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the broker in the foreground until interrupted (Ctrl-C or SIGTERM), then shuts it down
 * gracefully: clients are told to go away and given the grace period to leave. With no options it
 * runs on the embedded defaults: {@code 127.0.0.1:7422}, plain TCP, no authentication.
 *
 * <p>Settings come from the table's defaults, the {@code -c} file, {@code SWITCHBOARD_*}
 * environment variables, {@code --set}, then the older flags ({@code --port}, ...), each overriding
 * the one before (docs/CONFIGURATION.md). With a file, the file is watched and reloadable changes
 * apply while running. An invalid configuration exits with code 2.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Run the broker (embedded defaults: 127.0.0.1:7422, no auth).")
final class ServerCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "INI configuration file; watched for changes while running.")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "SECTION.KEY=VALUE",
            description = "Override one setting (repeatable), e.g. --set network.listen_port=7500.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--host", description = "Address to bind (network.listen_host).")
    String host;

    @Option(
            names = {"-p", "--port"},
            description = "TCP port; 0 = any free port, -1 = no TCP (network.listen_port).")
    Integer port;

    @Option(names = "--unix-socket", description = "Also listen on this Unix socket path.")
    Path unixSocket;

    @Option(names = "--name", description = "Server name (network.server_name).")
    String name;

    @Option(names = "--token", description = "Require clients to present this token.")
    String token;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-ca", description = "PEM CA certificates: verify client certificates.")
    Path tlsCa;

    @Option(names = "--max-payload", description = "Largest payload in bytes (default 1 MiB).")
    Integer maxPayload;

    @Option(
            names = "--slow-consumer",
            description = "disconnect, drop_newest or drop_oldest (default disconnect).")
    SlowConsumerPolicy slowConsumer;

    @Option(names = "--transport", description = "auto, epoll, io_uring or nio (default auto).")
    String transport;

    @Option(
            names = "--io-threads",
            description = "Event-loop threads (default: half the CPUs, at least one).")
    Integer ioThreads;

    @Spec CommandSpec spec;

    /** The environment; tests replace it. */
    Map<String, String> env = System.getenv();

    /** How long the file must be quiet before a reload. */
    Duration debounce = Duration.ofMillis(200);

    /** Counted down once the broker is serving; tests wait on it. */
    final CountDownLatch started = new CountDownLatch(1);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    volatile Broker broker;
    volatile ConfigReloader reloader;

    /** Asks a running server to shut down; {@link #call()} then returns. */
    void stop() {
        stopRequested.countDown();
    }

    @Override
    public Integer call() throws Exception {
        List<ConfigLoader.Override> overrides = overrides();
        ConfigLoader.Result loaded = ConfigLoader.load(configFile, env, overrides);
        if (!loaded.ok()) {
            PrintWriter err = spec.commandLine().getErr();
            loaded.errors().forEach(err::println);
            err.println(
                    "switchboard server: invalid configuration ("
                            + loaded.errors().size()
                            + " error(s)); not started");
            return 2;
        }
        EffectiveConfig config = loaded.config();
        LoggingSetup logging = new LoggingSetup();
        logging.configureFormat(config.string("logging.format"));
        logging.applyLevels(config.string("logging.level"), config.loggerLevels());
        FeatureFlags features = new FeatureFlags();
        features.update(config.features());

        // The hook goes in before the broker starts: a SIGTERM that arrives while it starts
        // (a client may already be connected) still gets the graceful shutdown, not a bare exit.
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            stop();
                            try {
                                finished.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Broker b = Broker.start(BrokerSettings.toBrokerConfig(config));
            broker = b;
            ConfigWatcher watcher = null;
            if (configFile != null) {
                reloader =
                        new ConfigReloader(
                                configFile, env, overrides, b, features, logging, config);
                watcher = ConfigWatcher.start(configFile, debounce, reloader::reload);
            }
            started.countDown();
            try {
                stopRequested.await();
            } finally {
                if (watcher != null) {
                    watcher.close();
                }
                b.shutdown(b.config().shutdownGrace());
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running; it has waited for the shutdown above
            }
        }
        return 0;
    }

    /** --set first, then the older flags, which are shorthands for --set. */
    private List<ConfigLoader.Override> overrides() {
        List<ConfigLoader.Override> list = new ArrayList<>();
        sets.forEach(s -> list.add(ConfigLoader.Override.set(s)));
        flag(list, "--host", "network.listen_host", host);
        flag(list, "--port", "network.listen_port", port);
        flag(list, "--unix-socket", "network.unix_socket", unixSocket);
        flag(list, "--name", "network.server_name", name);
        flag(list, "--token", "auth.token", token);
        flag(list, "--tls-cert", "tls.cert", tlsCert);
        flag(list, "--tls-key", "tls.key", tlsKey);
        flag(list, "--tls-ca", "tls.client_ca", tlsCa);
        flag(list, "--max-payload", "messaging.max_payload", maxPayload);
        flag(
                list,
                "--slow-consumer",
                "messaging.slow_consumer_policy",
                slowConsumer == null ? null : slowConsumer.name().toLowerCase(Locale.ROOT));
        flag(list, "--transport", "network.transport", transport);
        flag(list, "--io-threads", "messaging.worker_threads", ioThreads);
        return list;
    }

    private static void flag(
            List<ConfigLoader.Override> list, String flag, String setting, Object value) {
        if (value != null) {
            list.add(new ConfigLoader.Override(setting + "=" + value, flag));
        }
    }
}
