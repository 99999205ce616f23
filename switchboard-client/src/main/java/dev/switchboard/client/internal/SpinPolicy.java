package dev.switchboard.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * How long a connection's blocking call busy-waits for its answer before it parks ({@link
 * dev.switchboard.client.ClientOptions#spinWait()}): a fixed bound, or adaptive (the default).
 *
 * <p>Design note — adaptive. Spinning pays when the answer comes sooner than a park and a wake-up
 * would cost (tens of microseconds each on a virtual machine, see {@link BlockingWait}), and only
 * wastes a CPU when it comes much later. So the connection keeps a moving average of how long
 * answers took, measured on the thread that completes them (so a parked caller's wake-up is not
 * counted), and a call spins for up to twice that average while the average is within the bound,
 * and not at all once answers come slower than the bound (a disk flush, a slow responder). Failed
 * calls (timeouts, errors) are not answer times and are not counted. At most one caller per
 * connection spins at a time; the others park at once, so concurrent callers cannot starve the
 * connection's I/O thread of the CPU it needs to answer them. A virtual thread never spins: it
 * would hold a carrier thread. Until the first answer is measured a call does not spin. The average
 * is updated without locking: racing updates may lose a sample, which only slows the adaptation.
 */
final class SpinPolicy {
    /** Weight of a new sample in the moving average: 1/8. */
    private static final int SHIFT = 3;

    private final long boundNanos;
    private final boolean adaptive;
    private final LongSupplier nanoTime;
    private final AtomicBoolean spinning = new AtomicBoolean();

    /** Moving average of answer times in ns; 0 until the first one. */
    private volatile long typicalNanos;

    /**
     * @param boundNanos the longest spin; 0 never spins
     * @param adaptive whether to spin by the measured answer times instead of always to the bound
     * @param nanoTime the clock spins are measured with
     */
    SpinPolicy(long boundNanos, boolean adaptive, LongSupplier nanoTime) {
        this.boundNanos = boundNanos;
        this.adaptive = adaptive;
        this.nanoTime = nanoTime;
    }

    /**
     * Busy-waits for {@code f} by the policy; returns when it is done or the spin is over (the
     * caller then parks on it).
     *
     * @param f what the caller is about to wait for
     */
    void spin(CompletableFuture<?> f) {
        if (boundNanos == 0 || f.isDone() || Thread.currentThread().isVirtual()) {
            // A spinning virtual thread would hold its carrier, which the threads that answer it
            // may need.
            return;
        }
        if (!adaptive) {
            spinFor(f, nanoTime.getAsLong(), budgetNanos());
            return;
        }
        long start = nanoTime.getAsLong();
        long budget = budgetNanos();
        if (budget > 0 && spinning.compareAndSet(false, true)) {
            try {
                if (spinFor(f, start, budget)) {
                    if (!f.isCompletedExceptionally()) {
                        record(nanoTime.getAsLong() - start);
                    }
                    return;
                }
            } finally {
                spinning.set(false);
            }
        }
        // About to park: measure the answer where it completes (a failure or timeout is not an
        // answer time).
        f.whenComplete(
                (r, t) -> {
                    if (t == null) {
                        record(nanoTime.getAsLong() - start);
                    }
                });
    }

    /** Spins until {@code f} is done (true) or {@code budget} from {@code start} has passed. */
    private boolean spinFor(CompletableFuture<?> f, long start, long budget) {
        long end = start + budget;
        while (!f.isDone()) {
            if (nanoTime.getAsLong() - end >= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * @return how long the next call may spin: for adaptive, twice the average answer time while
     *     that is within the bound, else 0 (also before the first answer); otherwise the bound
     */
    long budgetNanos() {
        if (!adaptive) {
            return boundNanos;
        }
        long typical = typicalNanos;
        if (typical == 0 || typical > boundNanos) {
            return 0;
        }
        return Math.min(boundNanos, 2 * typical);
    }

    /**
     * Adds one answer time to the average.
     *
     * @param nanos how long an answer took
     */
    void record(long nanos) {
        long sample = Math.max(1, nanos);
        long typical = typicalNanos;
        typicalNanos = typical == 0 ? sample : typical + ((sample - typical) >> SHIFT);
    }

    /**
     * @return the moving average of answer times in ns, 0 before the first
     */
    long typicalNanos() {
        return typicalNanos;
    }
}
