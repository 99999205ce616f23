package dev.switchboard.benchmarks.load;

import java.time.Duration;

/**
 * What the load tool needs from a messaging client, so the same scenarios drive Switchboard's
 * client and a peer's (jnats) side by side.
 */
interface LoadClient extends AutoCloseable {
    /** Publishes without waiting (the client may buffer). */
    void publish(String subject, byte[] payload);

    /** Waits until everything published so far has reached the server. */
    void flush(Duration timeout) throws Exception;

    /**
     * Subscribes; {@code onMessage} runs for each message on the client's delivery thread.
     *
     * @param queueGroup a queue group, or {@code null}
     */
    void subscribe(String subject, String queueGroup, Runnable onMessage) throws Exception;

    /** Answers every request on {@code subject} with {@code response}. */
    void reply(String subject, byte[] response) throws Exception;

    /** Sends a request and waits for its reply. */
    byte[] request(String subject, byte[] payload, Duration timeout) throws Exception;

    @Override
    void close();
}
