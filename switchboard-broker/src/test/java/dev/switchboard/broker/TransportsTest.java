package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import dev.switchboard.protocol.testing.TestPki;
import dev.switchboard.protocol.transport.TlsOptions;
import dev.switchboard.protocol.transport.Transport;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The broker over TLS (JDK clients against BoringSSL or JDK TLS), Unix sockets and each transport.
 */
class TransportsTest {
    @TempDir Path dir;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private static Frame.Sub sub(int sid, String pattern) {
        return new Frame.Sub(sid, pattern, null, QueueMode.ROUND_ROBIN, null);
    }

    private static void roundTrip(RawClient c) throws Exception {
        c.handshake();
        c.send(sub(1, "ping.*"));
        c.send(
                new Frame.Pub(
                        "ping.x",
                        null,
                        Headers.EMPTY,
                        "hi".getBytes(StandardCharsets.UTF_8),
                        false));
        Frame.Msg m = (Frame.Msg) c.next();
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyAvailableTransport_carriesMessages(Transport transport) throws Exception {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            // The CI machine has every transport (epoll, io_uring, NIO): test them all, skip none.
            assertThat(transport.isAvailable()).as(transport + " available under CI").isTrue();
        } else {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    transport.isAvailable(), transport + " is not available on this platform");
        }
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(0)
                                .transport(transport)
                                .unixSocket(dir.resolve("sb-" + transport + ".sock"))
                                .build());
        try (RawClient tcp = RawClient.tcp(broker.port());
                RawClient unix = RawClient.unix(broker.unixSocket())) {
            roundTrip(tcp);
            roundTrip(unix);
        }
    }

    private SSLContext clientContext(Path trusted, TestPki.Issued clientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = new FileInputStream(trusted.toFile())) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(
                    "me",
                    clientCert.keys().getPrivate(),
                    new char[0],
                    new Certificate[] {clientCert.cert()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private RawClient tls(SSLContext ctx) throws Exception {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", broker.port());
        s.startHandshake();
        return RawClient.over(s);
    }

    @Test
    void tls_withTheRightCa_works_withAWrongCa_fails() throws Exception {
        TestPki.Issued ca = TestPki.ca(dir, "ca");
        TestPki.Issued other = TestPki.ca(dir, "other-ca");
        TestPki.Issued server = TestPki.leaf(dir, "server", ca);
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(0)
                                .tls(TlsOptions.server(server.certFile(), server.keyFile()))
                                .build());
        try (RawClient c = tls(clientContext(ca.certFile(), null))) {
            roundTrip(c);
        }
        assertThatThrownBy(() -> tls(clientContext(other.certFile(), null)))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void tls_withClientCertificates_refusesClientsWithoutOne_andShowsTheChainToTheAuthenticator()
            throws Exception {
        TestPki.Issued ca = TestPki.ca(dir, "ca");
        TestPki.Issued server = TestPki.leaf(dir, "server", ca);
        TestPki.Issued client = TestPki.leaf(dir, "client-7", ca);
        List<AuthRequest> seen = new CopyOnWriteArrayList<>();
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(0)
                                .tls(
                                        TlsOptions.server(server.certFile(), server.keyFile())
                                                .withClientAuth(ca.certFile(), true))
                                .authenticator(
                                        r -> {
                                            seen.add(r);
                                            return Principal.ANONYMOUS;
                                        })
                                .build());
        try (RawClient c = tls(clientContext(ca.certFile(), client))) {
            roundTrip(c);
        }
        assertThat(seen).hasSize(1);
        X509Certificate presented = (X509Certificate) seen.get(0).peerCertificates().get(0);
        assertThat(presented.getSubjectX500Principal().getName()).contains("client-7");
        assertThatThrownBy(
                        () -> {
                            try (RawClient c = tls(clientContext(ca.certFile(), null))) {
                                c.handshake();
                            }
                        })
                .isInstanceOf(java.io.IOException.class);
    }
}
