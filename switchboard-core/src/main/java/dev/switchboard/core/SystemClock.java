package dev.switchboard.core;

import java.time.Instant;

/**
 * The real clock. Thread-safe. {@link #coarseNanoTime()} is fed by one daemon thread that reads
 * {@link System#nanoTime()} every half millisecond, started the first time it is asked for.
 */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long coarseNanoTime() {
        return CoarseTicker.now;
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }

    /** Holder: the ticker thread starts when this class is first used. */
    private static final class CoarseTicker {
        static volatile long now = System.nanoTime();

        static {
            Thread t =
                    new Thread(
                            () -> {
                                while (true) {
                                    now = System.nanoTime();
                                    java.util.concurrent.locks.LockSupport.parkNanos(500_000L);
                                }
                            },
                            "switchboard-coarse-clock");
            t.setDaemon(true);
            t.start();
        }

        private CoarseTicker() {}
    }
}
