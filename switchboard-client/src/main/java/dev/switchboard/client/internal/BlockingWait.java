package dev.switchboard.client.internal;

import java.util.concurrent.CompletableFuture;

/**
 * What a blocking call does before it parks on its future: refuse to run on the connection's I/O
 * thread (its answer could never be read while it waits there), then busy-wait for up to {@link
 * dev.switchboard.client.ClientOptions#spinWait()}.
 *
 * <p>Design note. On a virtual machine a parked thread's CPU halts, and waking it costs tens of
 * microseconds (docs/BENCHMARKS.md measures about 30 µs per hand-off on 2 vCPUs), several times per
 * request/reply round trip. A caller that spins keeps its CPU awake and leaves the round trip's
 * other threads to wake each other on the remaining CPUs, which is cheaper. It costs a CPU for as
 * long as it spins, so by default it spins only while answers come quickly ({@link SpinPolicy}).
 */
final class BlockingWait {
    private BlockingWait() {}

    /**
     * Call before sending anything.
     *
     * @param conn the connection
     * @param what the call, for the error
     * @throws IllegalStateException on the connection's I/O thread
     */
    static void refuseOnIoThread(ClientConnection conn, String what) {
        if (conn.loop.inEventLoop()) {
            throw new IllegalStateException(
                    what
                            + " would block the connection's I/O thread (a handler subscribed"
                            + " with SubscribeOptions inline runs there): use the asynchronous"
                            + " form");
        }
    }

    /**
     * Busy-waits for the future by the connection's {@link SpinPolicy}; returns when it is done or
     * the spin is over.
     *
     * @param conn the connection
     * @param f what the caller is about to wait for
     */
    static void spin(ClientConnection conn, CompletableFuture<?> f) {
        conn.spin.spin(f);
    }
}
