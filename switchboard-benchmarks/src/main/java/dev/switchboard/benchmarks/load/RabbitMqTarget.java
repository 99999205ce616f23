package dev.switchboard.benchmarks.load;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import dev.switchboard.load.stream.StreamClient;
import dev.switchboard.load.stream.StreamScenario;
import dev.switchboard.load.stream.StreamTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machine's RabbitMQ, driven through amqp-client: a durable classic queue on the default
 * exchange, persistent messages (delivery mode 2) and publisher confirms. Sync waits for each
 * confirm ({@code waitForConfirmsOrDie}); async keeps a window of outstanding confirms, completed
 * by a confirm listener (single or {@code multiple} acks). Replay is a {@code basicConsume} with
 * {@code autoAck} of the stored messages. RabbitMQ confirms a persistent message to a durable queue
 * once it is fsynced.
 */
final class RabbitMqTarget implements StreamTarget {
    private final String host;
    private final int port;

    RabbitMqTarget(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public String durability(StreamScenario.Fsync requested) {
        return "durable classic queue, persistent messages, confirm after fsync";
    }

    @Override
    public Optional<ProcessHandle> serverProcess() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("beam.smp")).orElse(false))
                .findFirst();
    }

    /**
     * @return the server's version, as it announces it
     * @throws Exception if it cannot be reached
     */
    String serverVersion() throws Exception {
        try (Connection c = factory().newConnection("version")) {
            return String.valueOf(c.getServerProperties().get("version"));
        }
    }

    private ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(host);
        f.setPort(port);
        f.setUsername("guest");
        f.setPassword("guest");
        return f;
    }

    @Override
    public StreamClient open(String stream, String subject, StreamScenario.Fsync fsync)
            throws Exception {
        Connection conn = factory().newConnection("stream-" + stream);
        try {
            Channel ch = conn.createChannel();
            ch.queueDelete(stream);
            ch.queueDeclare(stream, true, false, false, Map.of("x-queue-type", "classic"));
            ch.confirmSelect();
            Client c = new Client(conn, ch, stream);
            ch.addConfirmListener(
                    (tag, multiple) -> c.confirmed(tag, multiple, null),
                    (tag, multiple) -> c.confirmed(tag, multiple, "nacked by the broker"));
            return c;
        } catch (Exception | Error e) {
            conn.close();
            throw e;
        }
    }

    private static final class Client implements StreamClient {
        private static final AMQP.BasicProperties PERSISTENT = MessageProperties.PERSISTENT_BASIC;

        private final Connection conn;
        private final Channel ch;
        private final String queue;
        private final ConcurrentNavigableMap<Long, Acked> outstanding =
                new ConcurrentSkipListMap<>();

        Client(Connection conn, Channel ch, String queue) {
            this.conn = conn;
            this.ch = ch;
            this.queue = queue;
        }

        /** Called on the connection's thread for each confirm. */
        void confirmed(long tag, boolean multiple, String nack) {
            Throwable error = nack == null ? null : new IOException(nack + ", tag " + tag);
            if (multiple) {
                ConcurrentNavigableMap<Long, Acked> done = outstanding.headMap(tag, true);
                for (Map.Entry<Long, Acked> e : done.entrySet()) {
                    e.getValue().done(error);
                }
                done.clear();
            } else {
                Acked a = outstanding.remove(tag);
                if (a != null) {
                    a.done(error);
                }
            }
        }

        @Override
        public void publish(byte[] payload) throws Exception {
            ch.basicPublish("", queue, PERSISTENT, payload);
            ch.waitForConfirmsOrDie(30_000);
        }

        @Override
        public void publishAsync(byte[] payload, Acked acked) throws IOException {
            outstanding.put(ch.getNextPublishSeqNo(), acked);
            ch.basicPublish("", queue, PERSISTENT, payload);
        }

        @Override
        public long replay(long count, Duration timeout) throws Exception {
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong got = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            Channel consumer = conn.createChannel();
            try {
                String tag =
                        consumer.basicConsume(
                                queue,
                                true,
                                (t, m) -> {
                                    bytes.addAndGet(m.getBody().length);
                                    if (got.incrementAndGet() == count) {
                                        done.countDown();
                                    }
                                },
                                t -> {});
                if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException(
                            "replayed " + got.get() + " of " + count + " within " + timeout);
                }
                consumer.basicCancel(tag);
            } finally {
                consumer.close();
            }
            return bytes.get();
        }

        @Override
        public void close() {
            try {
                ch.queueDelete(queue);
            } catch (Exception e) {
                // best effort: the server may be gone
            } finally {
                try {
                    conn.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
