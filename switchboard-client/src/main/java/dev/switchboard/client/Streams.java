package dev.switchboard.client;

import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerInfo;
import dev.switchboard.protocol.stream.PubAck;
import dev.switchboard.protocol.stream.PurgeRequest;
import dev.switchboard.protocol.stream.StoredMsg;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Durable streams over a {@link Connection} (docs/STREAMS.md): managing streams and consumers,
 * publishing with a storage acknowledgement, and consuming by pull or push.
 *
 * <p>Management calls are blocking requests on {@code $SYS.API.} subjects, each waiting up to the
 * connection's {@link ClientOptions#requestTimeout()}. They throw {@link
 * dev.switchboard.protocol.stream.StreamApiException} (with the stable {@code code()}) when the
 * broker answers with an error, {@link dev.switchboard.bus.RequestTimeoutException} when it does
 * not answer in time, {@link dev.switchboard.bus.NoRespondersException} when nothing serves the
 * stream API, and {@link ConnectionClosedException} when the connection closes meanwhile.
 *
 * <p>Thread-safety: every method may be called from any thread, concurrently, including from
 * handlers (but a blocking call from a {@link MsgHandler} or {@link StreamMessageHandler} holds up
 * the connection's dispatcher thread while it waits). Futures of {@link #publishAsync} complete on
 * a virtual thread of the connection, never on its I/O thread, in the order the acknowledgements
 * arrive; a dependent stage that blocks delays the completion of later acknowledgements (use the
 * {@code *Async} stage methods with an executor for long work).
 */
public interface Streams {

    // ---------------------------------------------------------------- streams

    /**
     * Creates a stream; idempotent for an identical definition.
     *
     * @param config the definition
     * @return its info
     * @throws dev.switchboard.protocol.stream.StreamApiException {@code STREAM_EXISTS}, {@code
     *     SUBJECT_OVERLAP}, {@code BAD_REQUEST}, {@code STREAMS_DISABLED}, ...
     * @throws InterruptedException if interrupted while waiting
     */
    StreamInfo createStream(StreamConfig config) throws InterruptedException;

    /**
     * Changes a stream's definition ({@code storage} and {@code retention} cannot change).
     *
     * @param config the new definition
     * @return its info
     * @throws InterruptedException if interrupted while waiting
     */
    StreamInfo updateStream(StreamConfig config) throws InterruptedException;

    /**
     * @param stream the name
     * @return its definition and state
     * @throws dev.switchboard.protocol.stream.StreamApiException {@code NO_STREAM} if there is none
     * @throws InterruptedException if interrupted while waiting
     */
    StreamInfo streamInfo(String stream) throws InterruptedException;

    /**
     * @return every stream
     * @throws InterruptedException if interrupted while waiting
     */
    List<StreamInfo> streams() throws InterruptedException;

    /**
     * Deletes a stream, its messages and its consumers.
     *
     * @param stream the name
     * @return whether it was deleted
     * @throws InterruptedException if interrupted while waiting
     */
    boolean deleteStream(String stream) throws InterruptedException;

    /**
     * Removes messages: all, those of one subject, or those below a sequence.
     *
     * @param stream the name
     * @param request what to purge ({@code new PurgeRequest(null, 0)}: everything)
     * @return how many messages were removed
     * @throws InterruptedException if interrupted while waiting
     */
    long purge(String stream, PurgeRequest request) throws InterruptedException;

    /**
     * @param stream the name
     * @param seq a sequence
     * @return the message stored under it
     * @throws dev.switchboard.protocol.stream.StreamApiException {@code MESSAGE_NOT_FOUND}
     * @throws InterruptedException if interrupted while waiting
     */
    StoredMsg getMessage(String stream, long seq) throws InterruptedException;

    /**
     * @param stream the name
     * @param subject an exact subject
     * @return the newest message stored for it
     * @throws dev.switchboard.protocol.stream.StreamApiException {@code MESSAGE_NOT_FOUND}
     * @throws InterruptedException if interrupted while waiting
     */
    StoredMsg lastMessage(String stream, String subject) throws InterruptedException;

    /**
     * @param stream the name
     * @param seq a sequence
     * @return whether it was deleted
     * @throws InterruptedException if interrupted while waiting
     */
    boolean deleteMessage(String stream, long seq) throws InterruptedException;

    /**
     * Publishes a stored message (typically a dead letter) again to its original subject, without
     * its {@code Sb-Dlq-} headers.
     *
     * @param stream the stream holding it
     * @param seq its sequence
     * @return the subject it was published to
     * @throws InterruptedException if interrupted while waiting
     */
    String republish(String stream, long seq) throws InterruptedException;

    // ---------------------------------------------------------------- consumers

    /**
     * Creates a durable consumer; idempotent for an identical definition.
     *
     * @param stream the stream
     * @param config the definition (with {@code deliver_subject}: push, else pull)
     * @return its info
     * @throws InterruptedException if interrupted while waiting
     */
    ConsumerInfo createConsumer(String stream, ConsumerConfig config) throws InterruptedException;

    /**
     * @param stream the stream
     * @param consumer the consumer
     * @return its definition and progress
     * @throws dev.switchboard.protocol.stream.StreamApiException {@code CONSUMER_NOT_FOUND}
     * @throws InterruptedException if interrupted while waiting
     */
    ConsumerInfo consumerInfo(String stream, String consumer) throws InterruptedException;

    /**
     * @param stream the stream
     * @return its consumers
     * @throws InterruptedException if interrupted while waiting
     */
    List<ConsumerInfo> consumers(String stream) throws InterruptedException;

    /**
     * @param stream the stream
     * @param consumer the consumer
     * @return whether it was deleted
     * @throws InterruptedException if interrupted while waiting
     */
    boolean deleteConsumer(String stream, String consumer) throws InterruptedException;

    // ---------------------------------------------------------------- publishing

    /**
     * Publishes and asks for the storage acknowledgement ({@code PUB_ACK}).
     *
     * @param subject the subject, captured by a stream
     * @param payload the payload
     * @return the acknowledgement
     * @see #publishAsync(String, byte[], PublishOptions)
     */
    default CompletableFuture<PubAck> publishAsync(String subject, byte[] payload) {
        return publishAsync(subject, payload, PublishOptions.defaults());
    }

    /**
     * Publishes with {@code PUB_ACK} and returns at once; the future completes when the broker has
     * stored the message durably by the stream's fsync policy. Meant for windows of many thousands
     * of outstanding publishes: every publish shares one inbox subscription, and costs a map entry
     * until its acknowledgement.
     *
     * <p>The publish itself follows the connection's buffering rules (it may wait for buffer room
     * up to {@link ClientOptions#publishTimeout()}; while disconnected it is kept in the reconnect
     * buffer). The future fails with {@link dev.switchboard.protocol.stream.StreamApiException}
     * when the broker refuses the message ({@code NO_STREAM}, {@code STREAM_FULL}, {@code
     * WRONG_LAST_SEQUENCE}, ...), with {@link TimeoutException} when no acknowledgement arrived
     * within the timeout (the message may still have been stored: publish again with the same
     * {@code msgId} to be safe), with {@link BufferFullException} or {@link
     * ConnectionClosedException} when the publish could not be sent or the connection closed.
     *
     * @param subject the subject, captured by a stream
     * @param payload the payload (copied before return)
     * @param options headers, de-duplication id, expectations, timeout
     * @return the acknowledgement; completes on a virtual thread (see the class comment)
     * @throws dev.switchboard.core.message.InvalidSubjectException if the subject is invalid
     * @throws IllegalArgumentException if anything exceeds the server's limits
     */
    CompletableFuture<PubAck> publishAsync(String subject, byte[] payload, PublishOptions options);

    /**
     * Blocking {@link #publish(String, byte[], PublishOptions)} with the defaults.
     *
     * @param subject the subject
     * @param payload the payload
     * @return the acknowledgement
     * @throws TimeoutException if no acknowledgement arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    default PubAck publish(String subject, byte[] payload)
            throws TimeoutException, InterruptedException {
        return publish(subject, payload, PublishOptions.defaults());
    }

    /**
     * Publishes with {@code PUB_ACK} and waits for the acknowledgement.
     *
     * @param subject the subject
     * @param payload the payload
     * @param options the options
     * @return the acknowledgement
     * @throws dev.switchboard.protocol.stream.StreamApiException if the broker refused it
     * @throws TimeoutException if no acknowledgement arrived in time
     * @throws InterruptedException if interrupted while waiting
     * @see #publishAsync(String, byte[], PublishOptions)
     */
    PubAck publish(String subject, byte[] payload, PublishOptions options)
            throws TimeoutException, InterruptedException;

    // ---------------------------------------------------------------- consuming

    /**
     * A puller for a pull consumer, with its own inbox subscription (close it when done).
     *
     * @param stream the stream
     * @param consumer the pull consumer
     * @return the puller; nothing is asked of the broker until {@link PullConsumer#fetch}
     */
    PullConsumer pullConsumer(String stream, String consumer);

    /**
     * Subscribes to a push consumer's {@code deliver_subject} (read from its info) and hands each
     * delivery to {@code handler} on the connection's dispatcher thread.
     *
     * @param stream the stream
     * @param consumer the push consumer
     * @param handler the handler
     * @return the subscription; unsubscribing pauses deliveries (the consumer stays)
     * @throws dev.switchboard.protocol.stream.StreamApiException {@code WRONG_CONSUMER_KIND} for a
     *     pull consumer, {@code CONSUMER_NOT_FOUND}, ...
     * @throws InterruptedException if interrupted while reading the consumer's info
     */
    default Subscription subscribe(String stream, String consumer, StreamMessageHandler handler)
            throws InterruptedException {
        return subscribe(stream, consumer, null, handler);
    }

    /**
     * Subscribes to a push consumer in a queue group: each delivery goes to one member.
     *
     * @param stream the stream
     * @param consumer the push consumer
     * @param queueGroup the group, or {@code null} for none
     * @param handler the handler
     * @return the subscription
     * @throws InterruptedException if interrupted while reading the consumer's info
     * @see #subscribe(String, String, StreamMessageHandler)
     */
    Subscription subscribe(
            String stream, String consumer, String queueGroup, StreamMessageHandler handler)
            throws InterruptedException;
}
