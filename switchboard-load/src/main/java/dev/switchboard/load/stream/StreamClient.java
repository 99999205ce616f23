package dev.switchboard.load.stream;

import java.time.Duration;

/**
 * One stream (or durable queue) on a {@link StreamTarget}, with what the scenarios need of it.
 *
 * <p>Thread-safety: driven by one thread; {@link Acked} callbacks run on the client's own threads.
 */
public interface StreamClient extends AutoCloseable {

    /** Told that an asynchronous publish was acknowledged, or failed. */
    @FunctionalInterface
    interface Acked {
        /**
         * Called once per publish, on a thread of the client; must be quick.
         *
         * @param error {@code null} if the server acknowledged it
         */
        void done(Throwable error);
    }

    /**
     * Publishes and waits until the server acknowledged that it stored the message.
     *
     * @param payload the payload
     * @throws Exception if it was refused or not acknowledged in time
     */
    void publish(byte[] payload) throws Exception;

    /**
     * Publishes and returns; {@code acked} is told when the server acknowledged it.
     *
     * @param payload the payload (not changed by the caller afterwards)
     * @param acked told once
     * @throws Exception if the publish could not be sent
     */
    void publishAsync(byte[] payload, Acked acked) throws Exception;

    /**
     * Reads the stream's messages from the first, as fast as the client can, without per-message
     * acknowledgements, until {@code count} arrived.
     *
     * @param count how many messages are stored
     * @param timeout the most time to take
     * @return how many payload bytes were read (so nothing is optimised away)
     * @throws Exception if fewer than {@code count} arrived in time
     */
    long replay(long count, Duration timeout) throws Exception;

    /** Deletes the stream and closes the connections. */
    @Override
    void close();
}
