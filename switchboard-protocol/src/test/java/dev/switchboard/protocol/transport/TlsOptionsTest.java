package dev.switchboard.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.testing.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TLS options: validation of the files, the contexts, and a handshake over embedded channels. */
@ExtendWith(NoLeaks.class)
class TlsOptionsTest {
    @TempDir static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void selfSignedCertificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(1))),
                        name,
                        kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        X509Certificate x509 =
                new JcaX509CertificateConverter()
                        .getCertificate(
                                b.build(
                                        new JcaContentSignerBuilder("SHA256withECDSA")
                                                .build(kp.getPrivate())));
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Files.writeString(cert, pem(x509));
        Files.writeString(key, pem(new JcaPKCS8Generator(kp.getPrivate(), null).generate()));
    }

    private static String pem(Object o) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    @Test
    void missingFile_isAClearError() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> TlsOptions.server(missing, key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate chain")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not readable");
        assertThatThrownBy(() -> TlsOptions.server(cert, missing))
                .hasMessageContaining("private key")
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> TlsOptions.client(missing))
                .hasMessageContaining("trusted CA certificates")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void chainAndKeyGoTogether() {
        assertThatThrownBy(() -> new TlsOptions(cert, null, null, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> new TlsOptions(null, key, null, false, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsOptions.client(cert).serverContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a certificate chain");
    }

    @Test
    void withers() {
        TlsOptions s = TlsOptions.server(cert, key).withClientAuth(cert, true);
        assertThat(s.trustCerts()).isEqualTo(cert);
        assertThat(s.clientAuth()).isTrue();
        TlsOptions c = TlsOptions.client(cert).withCertificate(cert, key).withServerName("h");
        assertThat(c.certChain()).isEqualTo(cert);
        assertThat(c.privateKey()).isEqualTo(key);
        assertThat(c.serverName()).isEqualTo("h");
    }

    @Test
    void provider_isBoringSslWhenItLoads() {
        assertThat(TlsOptions.provider()).isIn(SslProvider.OPENSSL, SslProvider.JDK);
    }

    @Test
    void handshakeAndData_overEmbeddedChannels() throws Exception {
        handshake(TlsOptions.server(cert, key), TlsOptions.client(cert));
    }

    @Test
    void mutualTls_overEmbeddedChannels() throws Exception {
        handshake(
                TlsOptions.server(cert, key).withClientAuth(cert, true),
                TlsOptions.client(cert).withCertificate(cert, key));
    }

    @Test
    void requiredClientCertificate_missing_failsTheHandshake() throws Exception {
        SslContext sc = TlsOptions.server(cert, key).withClientAuth(cert, true).serverContext();
        SslContext cc = TlsOptions.client(cert).clientContext();
        EmbeddedChannel server = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel();
        SslHandler sh = sc.newHandler(server.alloc());
        SslHandler ch = cc.newHandler(client.alloc(), "localhost", 4222);
        try {
            server.pipeline().addLast(sh);
            client.pipeline().addLast(ch);
            assertThatThrownBy(
                            () -> {
                                for (int i = 0; i < 20 && !sh.handshakeFuture().isDone(); i++) {
                                    shuttle(client, server);
                                    shuttle(server, client);
                                }
                            })
                    .hasRootCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            assertThat(sh.handshakeFuture().isSuccess()).isFalse();
        } finally {
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }
    }

    private static void handshake(TlsOptions serverOptions, TlsOptions clientOptions)
            throws Exception {
        SslContext sc = serverOptions.serverContext();
        SslContext cc = clientOptions.clientContext();
        assertThat(sc.isServer()).isTrue();
        assertThat(cc.isClient()).isTrue();
        EmbeddedChannel server = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel();
        // The host name is checked against the certificate (HTTPS endpoint identification).
        SslHandler sh = sc.newHandler(server.alloc());
        SslHandler ch = cc.newHandler(client.alloc(), "localhost", 4222);
        try {
            server.pipeline().addLast(sh);
            client.pipeline().addLast(ch);
            for (int i = 0;
                    i < 20 && !(sh.handshakeFuture().isDone() && ch.handshakeFuture().isDone());
                    i++) {
                shuttle(client, server);
                shuttle(server, client);
            }
            assertThat(ch.handshakeFuture().isSuccess())
                    .as("client handshake: %s", ch.handshakeFuture().cause())
                    .isTrue();
            assertThat(sh.handshakeFuture().isSuccess())
                    .as("server handshake: %s", sh.handshakeFuture().cause())
                    .isTrue();

            client.writeOutbound(Unpooled.copiedBuffer("hello over tls", StandardCharsets.UTF_8));
            shuttle(client, server);
            ByteBuf got = Unpooled.buffer();
            try {
                for (Object o; (o = server.readInbound()) != null; ) {
                    got.writeBytes((ByteBuf) o);
                    ((ByteBuf) o).release();
                }
                assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo("hello over tls");
            } finally {
                got.release();
            }
        } finally {
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }
    }

    /** Moves every byte one channel wrote into the other. */
    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object o; (o = from.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            if (b.isReadable()) {
                to.writeInbound(b);
            } else {
                b.release();
            }
        }
        to.runPendingTasks();
    }
}
