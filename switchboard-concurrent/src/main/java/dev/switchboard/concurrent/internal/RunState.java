package dev.switchboard.concurrent.internal;

import dev.switchboard.core.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's life cycle, shared by all its lanes: RUNNING → SHUTDOWN (drain) → STOP (drop),
 * and a latch that counts down once per platform worker and once per virtual lane as they finish.
 * Thread-safe.
 */
final class RunState {
    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOP = 2;

    /** Longest single wait when waiting by the injected clock, so a manual clock is noticed. */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final CountDownLatch terminated;

    RunState(int parties) {
        this.terminated = new CountDownLatch(parties);
    }

    int get() {
        return state.get();
    }

    boolean isRunning() {
        return state.get() == RUNNING;
    }

    /** Moves to {@code target} unless already there or past it; true if this call moved it. */
    boolean advanceTo(int target) {
        for (; ; ) {
            int s = state.get();
            if (s >= target) {
                return false;
            }
            if (state.compareAndSet(s, target)) {
                return true;
            }
        }
    }

    void partyTerminated() {
        terminated.countDown();
    }

    boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    boolean awaitTermination(long timeoutNanos, Clock clock) throws InterruptedException {
        long deadline = saturatedAdd(clock.nanoTime(), timeoutNanos);
        for (; ; ) {
            if (terminated.getCount() == 0) {
                return true;
            }
            long remaining = deadline - clock.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            if (terminated.await(Math.min(remaining, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
    }

    static long saturatedAdd(long now, long delta) {
        long sum = now + delta;
        return ((now ^ sum) & (delta ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
