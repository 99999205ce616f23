package dev.switchboard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocks the workers that run its jobs until opened, so tests can fill queues deterministically.
 */
final class Gate {
    private final CountDownLatch entered;
    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicInteger interrupted = new AtomicInteger();

    Gate(int parties) {
        this.entered = new CountDownLatch(parties);
    }

    Gate() {
        this(1);
    }

    /** A job that signals it started, then waits until {@link #open()} or an interrupt. */
    Runnable job() {
        return () -> {
            entered.countDown();
            try {
                if (!open.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
            }
        };
    }

    void awaitEntered() throws InterruptedException {
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("gate jobs started").isTrue();
    }

    void open() {
        open.countDown();
    }

    int interruptedCount() {
        return interrupted.get();
    }
}
