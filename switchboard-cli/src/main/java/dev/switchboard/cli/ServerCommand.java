package dev.switchboard.cli;

import dev.switchboard.broker.Authenticator;
import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.broker.SlowConsumerPolicy;
import dev.switchboard.broker.StaticTokenAuthenticator;
import dev.switchboard.protocol.transport.TlsOptions;
import dev.switchboard.protocol.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the broker in the foreground until interrupted (Ctrl-C or SIGTERM), then shuts it down
 * gracefully: clients are told to go away and given the grace period to leave. With no options it
 * runs on the embedded defaults: {@code 127.0.0.1:7422}, plain TCP, no authentication.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Run the broker (embedded defaults: 127.0.0.1:7422, no auth).")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--host", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(
            names = {"-p", "--port"},
            description = "TCP port; 0 = any free port, -1 = no TCP (default ${DEFAULT-VALUE}).")
    int port = BrokerConfig.DEFAULT_PORT;

    @Option(names = "--unix-socket", description = "Also listen on this Unix socket path.")
    Path unixSocket;

    @Option(names = "--name", description = "Server name (default ${DEFAULT-VALUE}).")
    String name = "switchboard";

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
            description = "disconnect, drop_newest or drop_oldest (default ${DEFAULT-VALUE}).")
    SlowConsumerPolicy slowConsumer = SlowConsumerPolicy.DISCONNECT;

    @Option(names = "--transport", description = "auto, epoll, io_uring or nio (default auto).")
    String transport = "auto";

    @Option(names = "--io-threads", description = "Event-loop threads (default: CPU count).")
    Integer ioThreads;

    @Override
    public Integer call() throws Exception {
        BrokerConfig.Builder b =
                BrokerConfig.builder()
                        .host(host)
                        .port(port)
                        .unixSocket(unixSocket)
                        .serverName(name)
                        .transport(Transport.named(transport))
                        .slowConsumerPolicy(slowConsumer)
                        .authenticator(
                                token == null
                                        ? Authenticator.NONE
                                        : new StaticTokenAuthenticator(token));
        if (tlsCert != null || tlsKey != null) {
            TlsOptions tls = TlsOptions.server(tlsCert, tlsKey);
            b.tls(tlsCa == null ? tls : tls.withClientAuth(tlsCa, true));
        }
        if (maxPayload != null) {
            b.maxPayload(maxPayload);
        }
        if (ioThreads != null) {
            b.ioThreads(ioThreads);
        }
        Broker broker = Broker.start(b.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    broker.shutdown(Duration.ofSeconds(5));
                                    stopped.countDown();
                                },
                                "switchboard-shutdown"));
        stopped.await();
        return 0;
    }
}
