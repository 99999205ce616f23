package dev.switchboard.bus;

import static dev.switchboard.bus.Messages.msg;
import static dev.switchboard.bus.Messages.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lock-free subscription buffer under racing publishers, runs, unsubscribes and drains: every
 * accepted message ends delivered or counted as dropped, exactly once, and pending returns to 0.
 */
class SubscriptionRaceTest {
    private static final int PUBLISHERS = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final InProcessBus bus = InProcessBus.builder().tickInterval(Duration.ZERO).build();
    private final ExecutorService runs = Executors.newFixedThreadPool(2);
    private final ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);

    @AfterEach
    void close() throws InterruptedException {
        publishers.shutdownNow();
        bus.close();
        runs.shutdownNow();
        assertThat(runs.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs {@code task(publisher)} on every publisher thread at once; returns their sum. */
    private long publishConcurrently(PublisherTask task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(PUBLISHERS);
        List<Future<Long>> done = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            done.add(
                    publishers.submit(
                            () -> {
                                start.await();
                                return task.run(publisher);
                            }));
        }
        long sum = 0;
        for (var f : done) {
            sum += f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        return sum;
    }

    @FunctionalInterface
    private interface PublisherTask {
        long run(int publisher) throws Exception;
    }

    @Test
    void dropOldest_capacityOne_evictsButNeverDropsTheNewest() throws Exception {
        AtomicLong handled = new AtomicLong();
        Subscription sub =
                bus.subscribe(
                        "race.evict",
                        d -> handled.incrementAndGet(),
                        SubscriptionOptions.builder()
                                .executor(runs)
                                .capacity(1)
                                .overflow(OverflowPolicy.DROP_OLDEST)
                                .build());

        long accepted =
                publishConcurrently(
                        p -> {
                            long n = 0;
                            for (int i = 0; i < 20_000; i++) {
                                n += bus.publish(msg(Clock.system(), "race.evict", i)).delivered();
                            }
                            return n;
                        });

        assertThat(accepted).isEqualTo(PUBLISHERS * 20_000L);
        await().atMost(WAIT).until(() -> sub.stats().pending() == 0);
        SubscriptionStats stats = sub.stats();
        assertThat(stats.dropped(DropReason.BUFFER_FULL)).isZero();
        assertThat(stats.dropped(DropReason.EVICTED_OLDEST)).isPositive();
        assertThat(stats.delivered() + stats.dropped(DropReason.EVICTED_OLDEST))
                .isEqualTo(accepted);
        assertThat(handled.get()).isEqualTo(stats.delivered());
    }

    @ParameterizedTest
    @EnumSource(
            value = OverflowPolicy.class,
            names = {"BLOCK", "DROP_NEWEST", "DROP_OLDEST"})
    void unsubscribeDuringTraffic_everyAcceptedMessageIsDeliveredOrCountedOnce(OverflowPolicy p)
            throws Exception {
        Map<Integer, Integer> lastSeen = new ConcurrentHashMap<>();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        Subscription sub =
                bus.subscribe(
                        "race.churn",
                        d -> {
                            int publisher = Integer.parseInt(d.message().header("p").orElseThrow());
                            int n = seq(d);
                            Integer before = lastSeen.put(publisher * 10 + prio(d), n);
                            if (before != null && before >= n) {
                                outOfOrder.incrementAndGet();
                            }
                            if (handled.incrementAndGet() == 30_000) {
                                throw new IllegalStateException("one failure, not retried");
                            }
                        },
                        SubscriptionOptions.builder()
                                .executor(runs)
                                .capacity(64)
                                .overflow(p)
                                .block(Duration.ofSeconds(10))
                                .build());
        CountDownLatch halfway = new CountDownLatch(PUBLISHERS);

        Thread closer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    awaitQuietly(halfway);
                                    sub.unsubscribe();
                                });
        long accepted =
                publishConcurrently(
                        publisher -> {
                            long n = 0;
                            for (int i = 0; i < 40_000; i++) {
                                if (i == 20_000) {
                                    halfway.countDown();
                                }
                                Priority level = Priority.values()[(i / 100 + publisher) % 3];
                                n +=
                                        bus.publish(
                                                        Messages.msg(
                                                                        Clock.system(),
                                                                        "race.churn",
                                                                        i,
                                                                        level)
                                                                .toBuilder()
                                                                .header("p", "" + publisher)
                                                                .build())
                                                .delivered();
                            }
                            return n;
                        });
        assertThat(closer.join(WAIT)).isTrue();

        await().atMost(WAIT).until(() -> sub.stats().pending() == 0);
        SubscriptionStats stats = sub.stats();
        assertThat(sub.isActive()).isFalse();
        long handledFine = stats.delivered() + stats.dropped(DropReason.HANDLER_FAILED);
        assertThat(
                        handledFine
                                + stats.dropped(DropReason.UNSUBSCRIBED)
                                + stats.dropped(DropReason.EVICTED_OLDEST))
                .isEqualTo(accepted);
        assertThat(handled.get()).isEqualTo(handledFine);
        assertThat(outOfOrder.get()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("publishers never got halfway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int prio(Delivery d) {
        return d.message().priority().code();
    }

    @Test
    void drainDuringTraffic_completesOnlyAfterEveryAcceptedMessageIsHandled() throws Exception {
        AtomicLong handled = new AtomicLong();
        Subscription sub =
                bus.subscribe(
                        "race.drain",
                        d -> handled.incrementAndGet(),
                        SubscriptionOptions.builder()
                                .executor(runs)
                                .capacity(256)
                                .overflow(OverflowPolicy.BLOCK)
                                .block(Duration.ofSeconds(10))
                                .build());
        CountDownLatch halfway = new CountDownLatch(PUBLISHERS);
        CompletableFuture<Long> drained = new CompletableFuture<>();
        Thread.ofVirtual()
                .start(
                        () -> {
                            awaitQuietly(halfway);
                            sub.drain().join();
                            drained.complete(handled.get());
                        });

        long accepted =
                publishConcurrently(
                        p -> {
                            long n = 0;
                            for (int i = 0; i < 20_000; i++) {
                                if (i == 10_000) {
                                    halfway.countDown();
                                }
                                n += bus.publish(msg(Clock.system(), "race.drain", i)).delivered();
                            }
                            return n;
                        });

        assertThat(drained.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("handled when the drain completed")
                .isEqualTo(accepted);
        assertThat(sub.stats().pending()).isZero();
        assertThat(sub.stats().droppedTotal()).isZero();
    }

    @Test
    void firstUseOfEachPriority_byConcurrentPublishers_deliversEverythingInOrder()
            throws Exception {
        for (int round = 0; round < 20; round++) {
            Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
            String subject = "race.levels." + round;
            Subscription sub =
                    bus.subscribe(
                            subject,
                            d -> seen.computeIfAbsent(prio(d), k -> new ArrayList<>()).add(seq(d)),
                            SubscriptionOptions.builder()
                                    .executor(runs)
                                    .capacity(8)
                                    .overflow(OverflowPolicy.BLOCK)
                                    .block(Duration.ofSeconds(10))
                                    .build());
            long accepted =
                    publishConcurrently(
                            p -> {
                                Priority level = Priority.values()[p];
                                long n = 0;
                                for (int i = 0; i < 50; i++) {
                                    n +=
                                            bus.publish(msg(Clock.system(), subject, i, level))
                                                    .delivered();
                                }
                                return n;
                            });
            await().atMost(WAIT).until(() -> sub.stats().pending() == 0);
            assertThat(accepted).isEqualTo(PUBLISHERS * 50L);
            assertThat(sub.stats().delivered()).isEqualTo(accepted);
            for (List<Integer> perLevel : seen.values()) {
                assertThat(perLevel).isSorted();
            }
            sub.unsubscribe();
        }
    }

    @Test
    void unsubscribe_whileAHandlerCallIsInProgress_dropsTheRestWhenItReturns() throws Exception {
        Gate gate = new Gate();
        Subscription sub =
                bus.subscribe(
                        "race.held", gate, SubscriptionOptions.builder().executor(runs).build());
        for (int i = 1; i <= 10; i++) {
            bus.publish(msg(Clock.system(), "race.held", i));
        }
        gate.awaitHeld();

        sub.unsubscribe();
        assertThat(sub.isActive()).isFalse();
        assertThat(bus.publish(msg(Clock.system(), "race.held", 11)).delivered()).isZero();
        gate.open();

        await().atMost(WAIT).until(() -> sub.stats().pending() == 0);
        assertThat(gate.seen).containsExactly(1);
        assertThat(sub.stats().delivered()).isEqualTo(1);
        assertThat(sub.stats().dropped(DropReason.UNSUBSCRIBED)).isEqualTo(9);
    }
}
