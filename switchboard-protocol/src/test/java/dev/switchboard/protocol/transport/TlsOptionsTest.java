package dev.switchboard.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.testing.NoLeaks;
import dev.switchboard.protocol.testing.TestPki;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    static void certificate() throws Exception {
        // A self-signed leaf (it is its own CA): the test trusts the certificate it serves.
        TestPki.Issued ca = TestPki.ca(dir, "localhost");
        cert = ca.certFile();
        key = ca.keyFile();
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
