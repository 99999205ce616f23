package dev.switchboard.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The machine's own services (nats-server with JetStream, RabbitMQ) that the smoke tests drive.
 * Machines of this kind run them all, so a missing one fails the test with the reason: a skipped
 * test would prove nothing.
 */
final class MachineService {
    private MachineService() {}

    /**
     * @param port the service's port on 127.0.0.1
     * @param what its name, for the failure message
     * @throws AssertionError if nothing listens there
     */
    static void require(int port, String what) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        } catch (IOException e) {
            throw new AssertionError(
                    what
                            + " is not listening on 127.0.0.1:"
                            + port
                            + " ("
                            + e.getMessage()
                            + "); this test needs the machine's "
                            + what,
                    e);
        }
    }
}
