package dev.switchboard.benchmarks.load;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a broker in its own process for the load tool: {@code BrokerMain <port> [ioThreads
 * [storageDir]]} prints {@code READY <port>} once listening and stops when its standard input
 * closes (the parent exited). With a storage directory, durable streams are on (docs/STREAMS.md).
 */
public final class BrokerMain {
    private BrokerMain() {}

    /**
     * @param args the port (0 for any free one), the I/O threads (0: the default), the storage
     *     directory (absent or empty: no streams)
     * @throws Exception if the broker cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        BrokerConfig.Builder config =
                BrokerConfig.builder().host("127.0.0.1").port(port).httpPort(-1);
        if (args.length > 1 && Integer.parseInt(args[1]) > 0) {
            config.ioThreads(Integer.parseInt(args[1]));
        }
        if (args.length > 2 && !args[2].isEmpty()) {
            config.storageDir(Path.of(args[2]));
        }
        Broker broker = Broker.start(config.build());
        System.out.println("READY " + broker.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to go away
        }
        broker.shutdown(Duration.ZERO);
    }
}
