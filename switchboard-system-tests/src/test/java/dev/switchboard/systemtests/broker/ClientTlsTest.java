package dev.switchboard.systemtests.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.ConnectionFailedException;
import dev.switchboard.protocol.testing.TestPki;
import dev.switchboard.protocol.transport.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Switchboard client over TLS ({@code sbs://}) against the broker: CAs and client certificates.
 */
class ClientTlsTest {
    @TempDir Path dir;
    private TestPki.Issued ca;
    private TestPki.Issued server;
    private Broker broker;

    @BeforeEach
    void pki() throws Exception {
        ca = TestPki.ca(dir, "ca");
        server = TestPki.leaf(dir, "server", ca);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private Connection connect(TlsOptions tls) throws InterruptedException {
        return Connection.connect(
                ClientOptions.builder()
                        .server("sbs://127.0.0.1:" + broker.port())
                        .tls(tls)
                        .reconnect(false)
                        .build());
    }

    private static void roundTrip(Connection c) throws Exception {
        c.subscribe("tls.echo", m -> m.respond(m.payload()));
        byte[] reply =
                c.requestBlocking(
                                "tls.echo",
                                "secret".getBytes(StandardCharsets.UTF_8),
                                Duration.ofSeconds(5))
                        .payload();
        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("secret");
    }

    @Test
    void trustingTheServersCa_works_andAnotherCa_isRefused() throws Exception {
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .port(0)
                                .httpPort(-1)
                                .tls(TlsOptions.server(server.certFile(), server.keyFile()))
                                .build());
        try (Connection c = connect(TlsOptions.client(ca.certFile()))) {
            roundTrip(c);
        }
        TestPki.Issued other = TestPki.ca(dir, "other-ca");
        assertThatThrownBy(() -> connect(TlsOptions.client(other.certFile())).close())
                .isInstanceOf(ConnectionFailedException.class);
    }

    @Test
    void requiredClientCertificate_admitsOnlyClientsPresentingOne() throws Exception {
        TestPki.Issued client = TestPki.leaf(dir, "client", ca);
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .port(0)
                                .httpPort(-1)
                                .tls(
                                        TlsOptions.server(server.certFile(), server.keyFile())
                                                .withClientAuth(ca.certFile(), true))
                                .build());
        try (Connection c =
                connect(
                        TlsOptions.client(ca.certFile())
                                .withCertificate(client.certFile(), client.keyFile()))) {
            roundTrip(c);
        }
        assertThatThrownBy(() -> connect(TlsOptions.client(ca.certFile())).close())
                .isInstanceOf(ConnectionFailedException.class);
    }
}
