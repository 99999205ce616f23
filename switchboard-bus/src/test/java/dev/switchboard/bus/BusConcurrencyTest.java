package dev.switchboard.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several publishers, stable and short-lived subscribers, and queue-group members joining and
 * draining during traffic. Buffers BLOCK, so nothing may be dropped: stable subscribers get every
 * message once in per-publisher order, the group gets every message exactly once, short-lived
 * subscribers get an ordered subsequence without duplicates.
 */
class BusConcurrencyTest {
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 5_000;
    private static final int TOTAL = PUBLISHERS * PER_PUBLISHER;

    /** What one subscription saw, as {@code publisher << 32 | seq}. Handler calls are serial. */
    private static final class Log implements MessageHandler {
        final List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch reached;

        Log(int threshold) {
            reached = new CountDownLatch(threshold);
        }

        @Override
        public void onMessage(Delivery d) {
            Message m = d.message();
            long pub = Long.parseLong(m.header("pub").orElseThrow());
            seen.add(pub << 32 | Long.parseLong(m.header("seq").orElseThrow()));
            reached.countDown();
        }

        /** Waits until the log saw its threshold or traffic is over; no busy spinning. */
        void awaitThresholdOr(AtomicBoolean done) {
            try {
                while (!reached.await(1, TimeUnit.MILLISECONDS) && !done.get()) {
                    // re-check done
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<Long> snapshot() {
            synchronized (seen) {
                return new ArrayList<>(seen);
            }
        }
    }

    private static final SubscriptionOptions LOSSLESS =
            SubscriptionOptions.builder().capacity(256).block(Duration.ofSeconds(30)).build();
    private static final SubscriptionOptions GROUP =
            SubscriptionOptions.builder()
                    .capacity(256)
                    .block(Duration.ofSeconds(30))
                    .queueGroup("workers")
                    .build();

    @Test
    @Timeout(60)
    void churnDuringTraffic_losesNothing_duplicatesNothing_keepsPerPublisherOrder()
            throws Exception {
        // Test threads are platform threads: the bus's handlers run on virtual threads, and this
        // test must not compete with them for the few carrier threads a small machine has.
        ExecutorService threads = Executors.newCachedThreadPool();
        try (InProcessBus bus = InProcessBus.builder().clock(Clock.system()).build()) {
            Log stableA = new Log(1);
            Log stableB = new Log(1);
            bus.subscribe("load.*", stableA, LOSSLESS);
            bus.subscribe(">", stableB, LOSSLESS);
            List<Log> members = Collections.synchronizedList(new ArrayList<>());
            Log stableMember = new Log(1);
            members.add(stableMember);
            bus.subscribe("load.*", stableMember, GROUP);
            List<Log> transients = Collections.synchronizedList(new ArrayList<>());

            AtomicBoolean done = new AtomicBoolean();
            AtomicLong dropped = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int pub = p;
                publishers.add(
                        CompletableFuture.runAsync(
                                () -> {
                                    awaitQuietly(start);
                                    for (int i = 0; i < PER_PUBLISHER; i++) {
                                        Message m =
                                                Message.builder("load." + (i % 3))
                                                        .header("pub", Integer.toString(pub))
                                                        .header("seq", Integer.toString(i))
                                                        .build();
                                        dropped.addAndGet(bus.publish(m).dropped());
                                    }
                                },
                                threads));
            }
            CompletableFuture<Integer> groupChurn =
                    CompletableFuture.supplyAsync(
                            () -> {
                                int rounds = 0;
                                while (!done.get()) {
                                    Log member = new Log(50);
                                    members.add(member);
                                    Subscription s = bus.subscribe("load.>", member, GROUP);
                                    member.awaitThresholdOr(done);
                                    s.drain().join();
                                    rounds++;
                                }
                                return rounds;
                            },
                            threads);
            CompletableFuture<Integer> plainChurn =
                    CompletableFuture.supplyAsync(
                            () -> {
                                int rounds = 0;
                                while (!done.get()) {
                                    Log log = new Log(100);
                                    transients.add(log);
                                    Subscription s = bus.subscribe("load.*", log, LOSSLESS);
                                    log.awaitThresholdOr(done);
                                    s.unsubscribe();
                                    rounds++;
                                }
                                return rounds;
                            },
                            threads);

            start.countDown();
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).join();
            done.set(true);
            assertThat(groupChurn.join()).as("group churn rounds").isPositive();
            assertThat(plainChurn.join()).as("plain churn rounds").isPositive();
            assertThat(dropped).hasValue(0);

            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () ->
                                    stableA.seen.size() == TOTAL
                                            && stableB.seen.size() == TOTAL
                                            && members.stream().mapToInt(l -> l.seen.size()).sum()
                                                    >= TOTAL);

            assertExactlyOnceInOrder(stableA.snapshot());
            assertExactlyOnceInOrder(stableB.snapshot());
            Set<Long> groupSeen = new HashSet<>();
            int groupCount = 0;
            for (Log member : List.copyOf(members)) {
                List<Long> seen = member.snapshot();
                assertOrderedWithoutDuplicates(seen);
                groupSeen.addAll(seen);
                groupCount += seen.size();
            }
            assertThat(groupCount).as("group deliveries").isEqualTo(TOTAL);
            assertThat(groupSeen).as("distinct group deliveries").hasSize(TOTAL);
            for (Log t : List.copyOf(transients)) {
                assertOrderedWithoutDuplicates(t.snapshot());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertExactlyOnceInOrder(List<Long> seen) {
        assertThat(seen).hasSize(TOTAL);
        int[] next = new int[PUBLISHERS];
        for (long v : seen) {
            int pub = (int) (v >>> 32);
            int seq = (int) v;
            assertThat(seq).as("publisher %d", pub).isEqualTo(next[pub]);
            next[pub]++;
        }
    }

    private static void assertOrderedWithoutDuplicates(List<Long> seen) {
        int[] last = new int[PUBLISHERS];
        java.util.Arrays.fill(last, -1);
        for (long v : seen) {
            int pub = (int) (v >>> 32);
            int seq = (int) v;
            assertThat(seq).as("publisher %d", pub).isGreaterThan(last[pub]);
            last[pub] = seq;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
