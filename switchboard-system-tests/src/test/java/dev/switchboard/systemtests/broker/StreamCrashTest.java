package dev.switchboard.systemtests.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.PullConsumer;
import dev.switchboard.client.StreamMessage;
import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.PubAck;
import dev.switchboard.protocol.stream.StoredMsg;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise under {@code kill -9}: the broker runs as its own process; publishers
 * publish with acknowledgements (fsync {@code always}) and a worker acknowledges synchronously
 * while the broker is killed at random moments, several rounds over the same storage. After every
 * restart:
 *
 * <ul>
 *   <li>every acknowledged publish is stored, exactly once, at the sequence its ack named, and each
 *       publisher's messages are in publish order;
 *   <li>the consumer never redelivers a message whose acknowledgement the broker confirmed, and
 *       eventually delivers every other stored message (unacked ones are redelivered).
 * </ul>
 */
class StreamCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ROUNDS = 4;
    private static final int PUBLISHERS = 2;

    @TempDir Path dir;

    private static Connection connect(int port) throws InterruptedException {
        return Connection.connect(
                ClientOptions.builder()
                        .server("sb://127.0.0.1:" + port)
                        .name("crash-test")
                        .maxReconnectAttempts(0)
                        .build());
    }

    @Test
    void acknowledgedMessagesSurviveKill9_exactlyOnce_inOrder_andConsumersResume()
            throws Exception {
        int port = BrokerProcess.freePort();
        Random random = new Random(20261126);
        Map<String, Long> acked = new ConcurrentHashMap<>(); // payload -> seq from its ack
        Set<Long> ackConfirmed =
                ConcurrentHashMap.newKeySet(); // consumer acks the broker confirmed
        try (BrokerProcess broker =
                new BrokerProcess(port, dir.resolve("broker.log"), dir.resolve("data"))) {
            for (int round = 0; round < ROUNDS; round++) {
                broker.start();
                try (Connection c = connect(port)) {
                    Streams s = c.streams();
                    if (round == 0) {
                        s.createStream(StreamConfig.builder("CRASH").subjects("crash.>").build());
                        s.createConsumer(
                                "CRASH", ConsumerConfig.builder("worker").ackWaitMs(500).build());
                    }
                    verifyStored(s, acked);
                    AtomicBoolean stop = new AtomicBoolean();
                    List<Thread> threads = new ArrayList<>();
                    for (int p = 0; p < PUBLISHERS; p++) {
                        int publisher = p;
                        int r = round;
                        threads.add(
                                Thread.ofPlatform()
                                        .start(() -> publish(s, r, publisher, stop, acked)));
                    }
                    threads.add(Thread.ofPlatform().start(() -> work(s, stop, ackConfirmed)));
                    // Let traffic build, then crash at a random moment.
                    int target = acked.size() + 200 + random.nextInt(800);
                    await().atMost(WAIT).until(() -> acked.size() >= target);
                    broker.kill();
                    stop.set(true);
                    for (Thread t : threads) {
                        t.join(WAIT.toMillis());
                    }
                }
            }
            broker.start();
            try (Connection c = connect(port)) {
                Streams s = c.streams();
                verifyStored(s, acked);
                // Drain the consumer: nothing whose ack was confirmed comes back; everything else
                // stored does (redelivered after its lease).
                PullConsumer pull = s.pullConsumer("CRASH", "worker");
                await().atMost(Duration.ofSeconds(60))
                        .until(
                                () -> {
                                    List<StreamMessage> batch =
                                            pull.fetch(256, Duration.ofMillis(200));
                                    for (StreamMessage m : batch) {
                                        assertThat(ackConfirmed)
                                                .as("redelivered after a confirmed ack")
                                                .doesNotContain(m.streamSequence());
                                    }
                                    ackBatch(batch, ackConfirmed);
                                    // Done when every stored message is acknowledged (acks
                                    // saved just before a crash were never confirmed to us).
                                    return s.consumerInfo("CRASH", "worker").ackFloor()
                                            >= s.streamInfo("CRASH").state().lastSeq();
                                });
                assertThat(acked).isNotEmpty();
            }
        }
    }

    private static void publish(
            Streams s, int round, int publisher, AtomicBoolean stop, Map<String, Long> acked) {
        Semaphore window = new Semaphore(64);
        int n = 0;
        while (!stop.get()) {
            String payload = round + "-" + publisher + "-" + n++;
            try {
                window.acquire();
                CompletableFuture<PubAck> f =
                        s.publishAsync(
                                "crash." + publisher, payload.getBytes(StandardCharsets.UTF_8));
                f.whenComplete(
                        (ack, e) -> {
                            window.release();
                            if (ack != null) {
                                acked.put(payload, ack.seq());
                            }
                        });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                return; // the connection died with the broker
            }
        }
    }

    private static void work(Streams s, AtomicBoolean stop, Set<Long> ackConfirmed) {
        try {
            PullConsumer pull = s.pullConsumer("CRASH", "worker");
            while (!stop.get()) {
                ackBatch(pull.fetch(32, Duration.ofMillis(200)), ackConfirmed);
            }
        } catch (Exception e) {
            // the connection died with the broker
        }
    }

    /**
     * Acknowledges a batch: all but the last fire-and-forget, the last synchronously. The broker
     * applies one connection's acks in order and confirms the last only once the state holding all
     * of them is saved, so its confirmation confirms the batch.
     */
    private static void ackBatch(List<StreamMessage> batch, Set<Long> ackConfirmed)
            throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        for (int i = 0; i < batch.size() - 1; i++) {
            batch.get(i).ack();
        }
        batch.get(batch.size() - 1).ackSync(WAIT);
        for (StreamMessage m : batch) {
            ackConfirmed.add(m.streamSequence());
        }
    }

    /** Every acknowledged publish is at its sequence, once, and each publisher's are in order. */
    private static void verifyStored(Streams s, Map<String, Long> acked)
            throws InterruptedException {
        Map<Long, String> bySeq = new HashMap<>();
        long last = s.streamInfo("CRASH").state().lastSeq();
        Map<String, Long> stored = new HashMap<>();
        for (long seq = 1; seq <= last; seq++) {
            try {
                StoredMsg m = s.getMessage("CRASH", seq);
                String payload =
                        new String(Base64.getDecoder().decode(m.data()), StandardCharsets.UTF_8);
                assertThat(stored.put(payload, seq)).as("stored twice: " + payload).isNull();
                bySeq.put(seq, payload);
            } catch (StreamApiException e) {
                // removed or never written (a torn, unacknowledged tail)
            }
        }
        for (Map.Entry<String, Long> e : Map.copyOf(acked).entrySet()) {
            assertThat(bySeq.get(e.getValue()))
                    .as("acknowledged message " + e.getKey() + " at seq " + e.getValue())
                    .isEqualTo(e.getKey());
        }
        Map<String, Integer> lastIndex = new HashMap<>();
        for (long seq = 1; seq <= last; seq++) {
            String p = bySeq.get(seq);
            if (p == null) {
                continue;
            }
            String[] parts = p.split("-");
            String key = parts[0] + "-" + parts[1];
            int index = Integer.parseInt(parts[2]);
            Integer prev = lastIndex.put(key, index);
            assertThat(prev == null || prev < index).as("publisher order at seq " + seq).isTrue();
        }
    }
}
