package dev.switchboard.benchmarks.load;

import dev.switchboard.load.LoadClient;
import dev.switchboard.load.LoadTarget;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** The machine's nats-server, driven through jnats. */
final class NatsTarget implements LoadTarget {
    private final String url;

    NatsTarget(String url) {
        this.url = url;
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public Optional<ProcessHandle> serverProcess() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("nats-server")).orElse(false))
                .findFirst();
    }

    @Override
    public LoadClient connect(String connectionName) throws Exception {
        Options options =
                new Options.Builder()
                        .server(url)
                        .connectionName(connectionName)
                        .maxMessagesInOutgoingQueue(1_000_000)
                        .build();
        Connection nc = Nats.connect(options);
        return new LoadClient() {
            private Dispatcher dispatcher;

            private Dispatcher dispatcher() {
                if (dispatcher == null) {
                    dispatcher = nc.createDispatcher();
                }
                return dispatcher;
            }

            @Override
            public void publish(String subject, byte[] payload) {
                nc.publish(subject, payload);
            }

            @Override
            public void flush(Duration timeout) throws Exception {
                nc.flush(timeout);
            }

            @Override
            public void subscribe(String subject, String queueGroup, Consumer<byte[]> onMessage)
                    throws Exception {
                Dispatcher d = nc.createDispatcher(m -> onMessage.accept(m.getData()));
                d.setPendingLimits(-1, -1); // count every message; pacing bounds what is pending
                if (queueGroup == null) {
                    d.subscribe(subject);
                } else {
                    d.subscribe(subject, queueGroup);
                }
                nc.flush(Duration.ofSeconds(5));
            }

            @Override
            public void reply(String subject, byte[] response) throws Exception {
                dispatcher()
                        .subscribe(subject, (Message m) -> nc.publish(m.getReplyTo(), response));
                nc.flush(Duration.ofSeconds(5));
            }

            @Override
            public byte[] request(String subject, byte[] payload, Duration timeout)
                    throws Exception {
                Message m = nc.request(subject, payload, timeout);
                if (m == null) {
                    throw new IllegalStateException("request timed out");
                }
                return m.getData();
            }

            @Override
            public void close() {
                try {
                    nc.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
