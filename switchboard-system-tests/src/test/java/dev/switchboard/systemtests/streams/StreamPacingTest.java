package dev.switchboard.systemtests.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.ConnectionEvent;
import dev.switchboard.client.PullConsumer;
import dev.switchboard.client.StreamMessage;
import dev.switchboard.client.Streams;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.PubAck;
import dev.switchboard.protocol.stream.StreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer delivering far more than a connection's outbound bound (256 KiB here) paces itself by
 * that connection instead of filling it: the client is not disconnected as a slow consumer and gets
 * every message in order.
 */
class StreamPacingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MESSAGES = 8_000;
    private static final int SIZE = 1024; // 8 MB in all: 32 times the bound

    @TempDir Path storage;

    private Broker broker;
    private Connection connection;
    private Streams streams;
    private final List<ConnectionEvent.Type> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(-1)
                                .storageDir(storage)
                                .maxPayload(64 << 10)
                                .maxPendingBytes(256 << 10)
                                .build());
        connection =
                Connection.connect(
                        ClientOptions.builder()
                                .server("sb://127.0.0.1:" + broker.port())
                                .requestTimeout(WAIT)
                                .listener(e -> events.add(e.type()))
                                .build());
        streams = connection.streams();
        streams.createStream(StreamConfig.builder("BIG").subjects("big.>").build());
        List<CompletableFuture<PubAck>> acks = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            acks.add(streams.publishAsync("big.data", new byte[SIZE]));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    @Test
    void onePullRequestForEverything_isDeliveredWhole_withoutASlowConsumer() throws Exception {
        streams.createConsumer(
                "BIG",
                ConsumerConfig.builder("all").ackPolicy(ConsumerConfig.AckPolicy.NONE).build());
        try (PullConsumer pull = streams.pullConsumer("BIG", "all")) {
            List<StreamMessage> got = pull.fetch(MESSAGES, WAIT);
            assertThat(got).hasSize(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(got.get(i).streamSequence()).isEqualTo(i + 1);
            }
        }
        assertThat(events).doesNotContain(ConnectionEvent.Type.DISCONNECTED);
        assertThat(connection.status()).isEqualTo(Connection.Status.CONNECTED);
    }

    @Test
    void aPushConsumerWithoutAcks_isPacedToo() throws Exception {
        streams.createConsumer(
                "BIG",
                ConsumerConfig.builder("pushed")
                        .ackPolicy(ConsumerConfig.AckPolicy.NONE)
                        .deliverSubject("big.out")
                        .build());
        AtomicLong next = new AtomicLong(1);
        AtomicLong outOfOrder = new AtomicLong();
        Subscription sub =
                streams.subscribe(
                        "BIG",
                        "pushed",
                        m -> {
                            if (m.streamSequence() != next.getAndIncrement()) {
                                outOfOrder.incrementAndGet();
                            }
                        });
        try {
            await().atMost(WAIT).until(() -> next.get() > MESSAGES);
        } finally {
            sub.unsubscribe();
        }
        assertThat(outOfOrder.get()).isZero();
        assertThat(events).doesNotContain(ConnectionEvent.Type.DISCONNECTED);
    }
}
