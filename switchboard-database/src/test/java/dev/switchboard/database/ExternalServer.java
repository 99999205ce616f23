package dev.switchboard.database;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that a database server on this machine is listening before an IT uses it. With {@code
 * CI=true} a missing server fails the test loudly; otherwise the test is skipped with the reason. A
 * server that listens but refuses the connection (TLS, auth, missing database) is not "missing":
 * the IT then fails on its own.
 */
final class ExternalServer {
    private ExternalServer() {}

    static void require(String what, String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 3000);
        } catch (IOException e) {
            String message = what + " at " + host + ":" + port + " is not reachable: " + e;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true requires " + message, e);
            }
            Assumptions.abort(message + " (skipped; with CI=true this fails)");
        }
    }
}
