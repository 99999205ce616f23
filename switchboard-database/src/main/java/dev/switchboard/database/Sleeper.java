package dev.switchboard.database;

import java.time.Duration;

/**
 * Waits between retry attempts. The default sleeps the calling thread (a virtual thread parks
 * without holding a carrier); tests inject one that records the waits instead.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * @param duration how long to wait; positive
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * @return a sleeper backed by {@link Thread#sleep(Duration)}
     */
    static Sleeper system() {
        return Thread::sleep;
    }
}
