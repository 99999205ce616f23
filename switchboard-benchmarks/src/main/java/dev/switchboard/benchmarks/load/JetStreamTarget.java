package dev.switchboard.benchmarks.load;

import dev.switchboard.load.stream.StreamClient;
import dev.switchboard.load.stream.StreamScenario;
import dev.switchboard.load.stream.StreamTarget;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machine's nats-server with JetStream, driven through jnats: a file-storage stream, {@code
 * js.publish} (sync) and {@code js.publishAsync} (windowed), replay through an ordered consumer
 * (ack none, pulled in batches of {@value #CONSUME_BATCH}). JetStream acknowledges a publish once
 * its file store holds the record, before fsync; it fsyncs on its {@code sync_interval} (2 min by
 * default).
 */
final class JetStreamTarget implements StreamTarget {
    static final int CONSUME_BATCH = 8192;

    private final String url;
    private final NatsTarget server;

    JetStreamTarget(String url) {
        this.url = url;
        this.server = new NatsTarget(url);
    }

    @Override
    public String name() {
        return "jetstream";
    }

    @Override
    public String durability(StreamScenario.Fsync requested) {
        return "file, ack once in the store's buffers, before fsync (sync_interval 2 min)";
    }

    @Override
    public Optional<ProcessHandle> serverProcess() {
        return server.serverProcess();
    }

    @Override
    public StreamClient open(String stream, String subject, StreamScenario.Fsync fsync)
            throws Exception {
        Connection nc =
                Nats.connect(
                        new Options.Builder()
                                .server(url)
                                .connectionName("stream-" + stream)
                                .maxMessagesInOutgoingQueue(1_000_000)
                                .build());
        try {
            JetStreamManagement jsm = nc.jetStreamManagement();
            try {
                jsm.deleteStream(stream);
            } catch (JetStreamApiException e) {
                // not there: fine
            }
            jsm.addStream(
                    StreamConfiguration.builder()
                            .name(stream)
                            .subjects(subject)
                            .storageType(StorageType.File)
                            .build());
            return new Client(nc, jsm, nc.jetStream(), stream, subject);
        } catch (Exception | Error e) {
            nc.close();
            throw e;
        }
    }

    private record Client(
            Connection nc, JetStreamManagement jsm, JetStream js, String stream, String subject)
            implements StreamClient {
        @Override
        public void publish(byte[] payload) throws Exception {
            js.publish(subject, payload);
        }

        @Override
        public void publishAsync(byte[] payload, Acked acked) {
            js.publishAsync(subject, payload).whenComplete((a, e) -> acked.done(e));
        }

        @Override
        public long replay(long count, Duration timeout) throws Exception {
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong got = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            MessageConsumer mc =
                    nc.getStreamContext(stream)
                            .createOrderedConsumer(new OrderedConsumerConfiguration())
                            .consume(
                                    ConsumeOptions.builder().batchSize(CONSUME_BATCH).build(),
                                    m -> {
                                        bytes.addAndGet(m.getData().length);
                                        if (got.incrementAndGet() == count) {
                                            done.countDown();
                                        }
                                    });
            try {
                if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException(
                            "replayed " + got.get() + " of " + count + " within " + timeout);
                }
            } finally {
                mc.stop();
                mc.close();
            }
            return bytes.get();
        }

        @Override
        public void close() {
            try {
                jsm.deleteStream(stream);
            } catch (Exception e) {
                // best effort: the server may be gone
            } finally {
                try {
                    nc.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
