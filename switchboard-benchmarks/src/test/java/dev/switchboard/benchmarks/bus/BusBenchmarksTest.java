package dev.switchboard.benchmarks.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke run of every bus and router benchmark body, so a broken benchmark fails the suite. */
class BusBenchmarksTest {

    @Test
    void busBenchmarkBodies_deliver() {
        BusBenchmark b = new BusBenchmark();
        b.setUp();
        try {
            assertThat(b.publishSameThread()).isEqualTo(1);
            assertThat(b.publishCrossThread()).isEqualTo(BusBenchmark.BATCH);
            assertThat(b.publishCrossThreadTwoPriorities()).isEqualTo(BusBenchmark.BATCH);
            assertThat(b.fanOutTo10()).isEqualTo(10);
            assertThat(b.requestReply().subject()).startsWith("_INBOX.");
            BusBenchmark.DisruptorState d = new BusBenchmark.DisruptorState();
            d.start();
            try {
                assertThat(b.disruptor1P1C(d)).isEqualTo(BusBenchmark.BATCH - 1);
            } finally {
                d.stop();
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void routerBenchmark_matchesSomething() {
        RouterBenchmark b = new RouterBenchmark();
        b.subscriptions = 10_000;
        b.cache = true;
        b.setUp();
        int nonEmpty = 0;
        for (int i = 0; i < 4096; i++) {
            if (!b.match().isEmpty()) {
                nonEmpty++;
            }
        }
        assertThat(nonEmpty).isPositive();
    }

    @Test
    void busMemory_deliversToEverySubscription_andSeesTheirHeap() throws InterruptedException {
        // measure() itself fails unless every subscription got both messages.
        BusMemory.Result r = BusMemory.measure(2_000);
        assertThat(r.subscriptions()).isEqualTo(2_000);
        assertThat(r.subscribed()).as("bytes per subscription, held by the bus").isPositive();
    }
}
