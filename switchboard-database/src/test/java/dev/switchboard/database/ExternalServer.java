package dev.switchboard.database;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Checks that a database server on this machine is listening before an IT uses it. Machines of this
 * kind run it, so a missing server fails the test loudly with the reason (a skipped test would
 * prove nothing). A server that listens but refuses the connection (TLS, auth, missing database) is
 * not "missing": the IT then fails on its own.
 */
final class ExternalServer {
    private ExternalServer() {}

    static void require(String what, String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 3000);
        } catch (IOException e) {
            String message = what + " at " + host + ":" + port + " is not reachable: " + e;
            throw new AssertionError(message + "; this test needs the machine's server", e);
        }
    }
}
