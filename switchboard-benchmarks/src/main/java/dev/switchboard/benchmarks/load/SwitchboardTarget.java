package dev.switchboard.benchmarks.load;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import java.time.Duration;
import java.util.Optional;

/** A Switchboard broker in its own process, driven through the Switchboard client. */
final class SwitchboardTarget implements LoadTarget {
    private final BrokerProcess broker;

    SwitchboardTarget(BrokerProcess broker) {
        this.broker = broker;
    }

    @Override
    public String name() {
        return "switchboard";
    }

    @Override
    public Optional<ProcessHandle> serverProcess() {
        return Optional.of(broker.handle());
    }

    @Override
    public LoadClient connect(String connectionName) throws Exception {
        Connection c =
                Connection.connect(
                        ClientOptions.builder()
                                .server("sb://127.0.0.1:" + broker.port())
                                .name(connectionName)
                                // Count every message: the runner's window bounds what is pending.
                                .pendingLimits(Integer.MAX_VALUE, Long.MAX_VALUE)
                                .build());
        return new LoadClient() {
            @Override
            public void publish(String subject, byte[] payload) {
                c.publish(subject, payload);
            }

            @Override
            public void flush(Duration timeout) throws Exception {
                c.flush(timeout);
            }

            @Override
            public void subscribe(String subject, String queueGroup, Runnable onMessage)
                    throws Exception {
                if (queueGroup == null) {
                    c.subscribe(subject, m -> onMessage.run());
                } else {
                    c.queueSubscribe(subject, queueGroup, m -> onMessage.run());
                }
                c.flush(Duration.ofSeconds(5));
            }

            @Override
            public void reply(String subject, byte[] response) throws Exception {
                c.subscribe(subject, m -> m.respond(response));
                c.flush(Duration.ofSeconds(5));
            }

            @Override
            public byte[] request(String subject, byte[] payload, Duration timeout)
                    throws Exception {
                return c.requestBlocking(subject, payload, timeout).payload();
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }
}
