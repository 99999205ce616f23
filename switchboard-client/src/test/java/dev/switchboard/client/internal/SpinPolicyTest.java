package dev.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpinPolicyTest {
    private static final long US = 1_000;

    /**
     * A clock that moves 1 µs each time it is read, so a spin ends after a known number of reads.
     */
    private final AtomicLong now = new AtomicLong();

    private long tick() {
        return now.addAndGet(US);
    }

    @Test
    void adaptive_doesNotSpinBeforeTheFirstAnswer_thenSpinsTwiceTheAverage() {
        SpinPolicy p = new SpinPolicy(150 * US, true, this::tick);
        assertThat(p.budgetNanos()).isZero();

        p.record(40 * US);
        assertThat(p.typicalNanos()).isEqualTo(40 * US);
        assertThat(p.budgetNanos()).isEqualTo(80 * US);

        p.record(120 * US); // the average moves an eighth of the way
        assertThat(p.typicalNanos()).isEqualTo(50 * US);
        assertThat(p.budgetNanos()).isEqualTo(100 * US);
    }

    @Test
    void adaptive_capsTheSpinAtTheBound_andStopsSpinningWhenAnswersAreSlower() {
        SpinPolicy p = new SpinPolicy(150 * US, true, this::tick);
        p.record(100 * US);
        assertThat(p.budgetNanos()).isEqualTo(150 * US);

        p.record(2_000 * US); // a disk flush: 100 + (2000 - 100) / 8 = 337.5 µs
        assertThat(p.budgetNanos()).isZero();
    }

    @Test
    void fixed_alwaysSpinsToTheBound_andZeroNeverSpins() {
        assertThat(new SpinPolicy(300 * US, false, this::tick).budgetNanos()).isEqualTo(300 * US);
        SpinPolicy never = new SpinPolicy(0, false, this::tick);
        CompletableFuture<Void> f = new CompletableFuture<>();
        long before = now.get();
        never.spin(f);
        assertThat(now.get()).as("the clock was not even read").isEqualTo(before);
    }

    @Test
    void aSpinThatRunsOut_measuresTheAnswerWhereItCompletes() {
        SpinPolicy p = new SpinPolicy(150 * US, true, this::tick);
        p.record(10 * US); // budget 20 µs: 20 reads of the clock
        CompletableFuture<String> f = new CompletableFuture<>();

        p.spin(f); // never completes while spinning
        assertThat(f).isNotDone();
        long spunUntil = now.get();
        now.set(spunUntil + 1_000 * US);
        f.complete("late");

        // start was read first; the answer took > 1 ms, so the average moved up by about 1/8 ms.
        assertThat(p.typicalNanos()).isGreaterThan(10 * US + 1_000 * US / 8);
    }

    @Test
    void anAnswerThatComesWhileSpinning_isMeasured() {
        CompletableFuture<String> f = new CompletableFuture<>();
        // The answer arrives on the fifth reading of the clock after the spin starts.
        AtomicLong reads = new AtomicLong();
        SpinPolicy p =
                new SpinPolicy(
                        150 * US,
                        true,
                        () -> {
                            if (reads.incrementAndGet() == 5) {
                                f.complete("soon");
                            }
                            return now.addAndGet(US);
                        });
        p.record(48 * US);

        p.spin(f);

        assertThat(f).isDone();
        long sample = now.get() - US; // from the first reading (the start) to the last
        assertThat(p.typicalNanos()).isEqualTo(48 * US + ((sample - 48 * US) >> 3));
    }

    @Test
    void anAlreadyDoneFuture_isNotMeasured() {
        SpinPolicy p = new SpinPolicy(150 * US, true, this::tick);
        p.record(50 * US);

        p.spin(CompletableFuture.completedFuture("now"));

        assertThat(p.typicalNanos()).isEqualTo(50 * US);
    }

    @Test
    void aFailedCall_isNotAnAnswerTime() {
        SpinPolicy p = new SpinPolicy(150 * US, true, this::tick);
        p.record(40 * US);
        CompletableFuture<String> f = new CompletableFuture<>();
        p.spin(f);
        now.addAndGet(5_000_000 * US);

        f.completeExceptionally(new java.util.concurrent.TimeoutException("no answer"));

        assertThat(p.typicalNanos()).isEqualTo(40 * US);
    }

    @Test
    void onlyOneCallerSpinsAtATime() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        AtomicLong reads = new AtomicLong();
        long[] readsBySecond = {-1};
        SpinPolicy[] policy = new SpinPolicy[1];
        policy[0] =
                new SpinPolicy(
                        150 * US,
                        true,
                        () -> {
                            if (reads.incrementAndGet() == 3) {
                                // A second caller arrives while the first one spins.
                                long before = reads.get();
                                policy[0].spin(second);
                                readsBySecond[0] = reads.get() - before;
                                first.complete("done");
                            }
                            return now.addAndGet(US);
                        });
        policy[0].record(50 * US);

        policy[0].spin(first);

        assertThat(first).isDone();
        assertThat(readsBySecond[0])
                .as("the second caller read the clock once, then parked")
                .isOne();
        assertThat(second).isNotDone();
    }

    @Test
    void aVirtualThread_neverSpins() throws Exception {
        SpinPolicy fixed = new SpinPolicy(300 * US, false, this::tick);
        CompletableFuture<String> f = new CompletableFuture<>();

        Thread.ofVirtual().start(() -> fixed.spin(f)).join();

        assertThat(now.get()).as("the clock was not read").isZero();
    }
}
