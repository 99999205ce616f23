package dev.switchboard.broker;

import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;

/**
 * What a connecting client presented in its HELLO.
 *
 * @param connectionName the name the client gave (may be empty)
 * @param token the token, or {@code null}
 * @param remoteAddress where the connection comes from
 * @param peerCertificates the client's verified TLS certificate chain, empty without one
 */
public record AuthRequest(
        String connectionName,
        String token,
        SocketAddress remoteAddress,
        List<Certificate> peerCertificates) {

    /** Copies the certificate list. */
    public AuthRequest {
        peerCertificates = List.copyOf(peerCertificates);
    }

    @Override
    public String toString() {
        return "AuthRequest[name="
                + connectionName
                + ", remote="
                + remoteAddress
                + ", token="
                + (token == null ? "none" : "***")
                + ", certificates="
                + peerCertificates.size()
                + "]";
    }
}
