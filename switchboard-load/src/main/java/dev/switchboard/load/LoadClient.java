package dev.switchboard.load;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the load scenarios need from a messaging client, so the same scenarios drive Switchboard's
 * client and a peer's (jnats) side by side.
 *
 * <p>Thread-safety: one client is driven by one thread, except that handlers run on the client's
 * own delivery thread.
 */
public interface LoadClient extends AutoCloseable {
    /**
     * Publishes without waiting (the client may buffer). The payload may be reused by the caller
     * once this returns only if the client copies it; the runner passes a fresh array when it
     * writes timestamps into payloads.
     *
     * @param subject the subject
     * @param payload the payload
     */
    void publish(String subject, byte[] payload);

    /**
     * Waits until everything published so far has reached the server.
     *
     * @param timeout how long to wait
     * @throws Exception if the server did not confirm in time or the connection failed
     */
    void flush(Duration timeout) throws Exception;

    /**
     * Subscribes; {@code onMessage} runs for each message, with its payload, on the client's
     * delivery thread.
     *
     * @param subject the subject
     * @param queueGroup a queue group, or {@code null}
     * @param onMessage called with each payload
     * @throws Exception if the subscription could not be confirmed
     */
    void subscribe(String subject, String queueGroup, Consumer<byte[]> onMessage) throws Exception;

    /**
     * Answers every request on {@code subject} with {@code response}.
     *
     * @param subject the subject
     * @param response the fixed response
     * @throws Exception if the subscription could not be confirmed
     */
    void reply(String subject, byte[] response) throws Exception;

    /**
     * Sends a request and waits for its reply.
     *
     * @param subject the subject
     * @param payload the request payload
     * @param timeout how long to wait
     * @return the reply payload
     * @throws Exception if no reply arrived in time
     */
    byte[] request(String subject, byte[] payload, Duration timeout) throws Exception;

    @Override
    void close();
}
