package dev.switchboard.protocol.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * TLS settings shared by broker and client, from PEM files: a certificate chain and its private key
 * (PKCS#8), and the CA certificates to trust. On a server, a trust file turns on client certificate
 * verification ({@code required} or {@code optional}). The provider is BoringSSL (netty-tcnative)
 * when it loads, the JDK's otherwise.
 *
 * @param certChain the certificate chain (server: required; client: only for client certificates)
 * @param privateKey the key for {@code certChain}
 * @param trustCerts the CA certificates to trust, or {@code null} (client: the JDK's defaults;
 *     server: no client certificates asked)
 * @param clientAuth on a server with {@code trustCerts}: whether a client certificate is required
 * @param serverName on a client: the host name to verify in the server certificate, or {@code null}
 *     to verify the address connected to
 */
public record TlsOptions(
        Path certChain, Path privateKey, Path trustCerts, boolean clientAuth, String serverName) {

    /** Checks that files exist and pairs are complete. */
    public TlsOptions {
        if ((certChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException(
                    "a TLS certificate chain and its private key go together; got only one");
        }
        requireFile(certChain, "certificate chain");
        requireFile(privateKey, "private key");
        requireFile(trustCerts, "trusted CA certificates");
    }

    private static void requireFile(Path p, String what) {
        if (p != null && !Files.isReadable(p)) {
            throw new IllegalArgumentException("TLS " + what + " file " + p + " is not readable");
        }
    }

    /**
     * @param certChain the server's certificate chain (PEM)
     * @param privateKey its key (PEM, PKCS#8)
     * @return server options without client certificates
     */
    public static TlsOptions server(Path certChain, Path privateKey) {
        return new TlsOptions(certChain, privateKey, null, false, null);
    }

    /**
     * @param trustCerts the CA certificates to trust (PEM)
     * @return client options that verify the server against those CAs
     */
    public static TlsOptions client(Path trustCerts) {
        return new TlsOptions(null, null, trustCerts, false, null);
    }

    /**
     * @param trustCerts the CAs that sign client certificates
     * @param required whether a client without a certificate is refused
     * @return these options, verifying client certificates (server side)
     */
    public TlsOptions withClientAuth(Path trustCerts, boolean required) {
        return new TlsOptions(certChain, privateKey, trustCerts, required, serverName);
    }

    /**
     * @param certChain the client's certificate chain
     * @param privateKey its key
     * @return these options, presenting a client certificate (client side)
     */
    public TlsOptions withCertificate(Path certChain, Path privateKey) {
        return new TlsOptions(certChain, privateKey, trustCerts, clientAuth, serverName);
    }

    /**
     * @param name the host name the server certificate must name
     * @return these options, verifying that name (client side)
     */
    public TlsOptions withServerName(String name) {
        return new TlsOptions(certChain, privateKey, trustCerts, clientAuth, name);
    }

    /**
     * @return the provider used: BoringSSL when available, else the JDK
     */
    public static SslProvider provider() {
        try {
            return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        } catch (Throwable e) {
            return SslProvider.JDK;
        }
    }

    /**
     * @return a server context
     * @throws SSLException if the files cannot be used
     */
    public SslContext serverContext() throws SSLException {
        if (certChain == null) {
            throw new IllegalArgumentException("a TLS server needs a certificate chain and key");
        }
        SslContextBuilder b =
                SslContextBuilder.forServer(certChain.toFile(), privateKey.toFile())
                        .sslProvider(provider());
        if (trustCerts != null) {
            b.trustManager(trustCerts.toFile())
                    .clientAuth(clientAuth ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        return b.build();
    }

    /**
     * @return a client context
     * @throws SSLException if the files cannot be used
     */
    public SslContext clientContext() throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider());
        if (trustCerts != null) {
            b.trustManager(trustCerts.toFile());
        }
        if (certChain != null) {
            b.keyManager(certChain.toFile(), privateKey.toFile());
        }
        b.endpointIdentificationAlgorithm("HTTPS");
        return b.build();
    }
}
