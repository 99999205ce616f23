package dev.switchboard.client;

import dev.switchboard.bus.MessageBus;
import dev.switchboard.client.internal.ClientConnection;
import dev.switchboard.client.internal.NetworkBus;
import dev.switchboard.core.message.Message;
import dev.switchboard.protocol.Frame;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A client connection to a Switchboard server (or, after reconnects, to one of its list).
 *
 * <p>Publishing is buffered: {@code publish} appends the frame to a bounded outbound buffer and
 * returns; the I/O thread writes whatever has accumulated in one batch, so one thread can publish
 * millions of small messages per second with few system calls. When the buffer is full, publish
 * waits (backpressure) up to {@link ClientOptions#publishTimeout()}. While disconnected, publishes
 * are kept (up to {@link ClientOptions#reconnectBufferBytes()}) and sent after the reconnect,
 * behind the resubscriptions. {@link #flush} waits until the server has processed everything
 * published so far.
 *
 * <p>Threads: one I/O thread per connection ({@code switchboard-client-<name>-io}); handler
 * subscriptions run on one dispatcher thread per connection ({@link MsgHandler}); listener events
 * on one event thread ({@link ConnectionListener}); request futures complete on a virtual thread (a
 * timeout on the I/O thread), so dependent stages may block.
 *
 * <p>Thread-safety: every method may be called from any thread, including from handlers.
 */
public interface Connection extends AutoCloseable {

    /** Where a connection is in its life. */
    enum Status {
        /** {@link #connect} is running. */
        CONNECTING,
        /** Connected to a server. */
        CONNECTED,
        /** The connection was lost; trying to reconnect (publishes are buffered). */
        RECONNECTING,
        /** {@link #drain} is running. */
        DRAINING,
        /** Closed for good. */
        CLOSED
    }

    /**
     * Connects to the first server of the list that answers the handshake, trying each once in
     * order. Blocks until connected.
     *
     * @param options the options
     * @return the connection
     * @throws ConnectionFailedException naming every server tried and why it failed
     * @throws dev.switchboard.protocol.ProtocolException if a server refused the handshake (its
     *     {@code code()} says why, e.g. {@code AUTH_FAILED}, {@code UNSUPPORTED_VERSION})
     * @throws InterruptedException if interrupted while waiting
     */
    static Connection connect(ClientOptions options) throws InterruptedException {
        return ClientConnection.connect(options);
    }

    /**
     * Connects (as {@link #connect}) and returns the connection as a {@link MessageBus} that owns
     * it: closing the bus closes the connection.
     *
     * @param options the options
     * @return the bus
     * @throws InterruptedException if interrupted while connecting
     */
    static MessageBus connectBus(ClientOptions options) throws InterruptedException {
        return new NetworkBus(ClientConnection.connect(options), true);
    }

    // ---------------------------------------------------------------- publish

    /**
     * Publishes a payload.
     *
     * @param subject the subject, no wildcards
     * @param payload the payload (copied into the buffer before return)
     * @throws dev.switchboard.core.message.InvalidSubjectException if the subject is invalid
     * @throws IllegalArgumentException if the payload or subject exceeds the server's limits
     * @throws BufferFullException if the outbound buffer stayed full (see {@link BufferFullPolicy})
     * @throws ConnectionClosedException if the connection is closed
     */
    void publish(String subject, byte[] payload);

    /**
     * Publishes with a reply subject and headers.
     *
     * @param subject the subject
     * @param replyTo the reply subject, or {@code null}
     * @param headers the headers in order (names may repeat), or an empty list
     * @param payload the payload
     * @throws IllegalArgumentException if the headers are malformed or anything exceeds the limits
     * @see #publish(String, byte[])
     */
    void publish(
            String subject,
            String replyTo,
            List<Map.Entry<String, String>> headers,
            byte[] payload);

    /**
     * Publishes a typed message to its {@link Message#subject()}: the payload is the message in the
     * binary codec, and its free headers are also sent as frame headers (so a hashing queue group
     * can route on them). {@link Msg#message()} decodes it.
     *
     * @param message the message
     * @see #publish(String, byte[])
     */
    default void publish(Message message) {
        publish(message, null);
    }

    /**
     * Publishes a typed message with a reply subject.
     *
     * @param message the message
     * @param replyTo the reply subject, or {@code null}
     * @see #publish(Message)
     */
    void publish(Message message, String replyTo);

    // ---------------------------------------------------------------- subscribe

    /**
     * Subscribes a handler, called on the connection's dispatcher thread (see {@link MsgHandler}).
     *
     * @param pattern a subject pattern, wildcards allowed
     * @param handler the handler
     * @return the subscription
     * @throws dev.switchboard.core.message.InvalidSubjectException if the pattern is invalid
     * @throws ConnectionClosedException if the connection is closed or draining
     */
    default Subscription subscribe(String pattern, MsgHandler handler) {
        return subscribe(pattern, SubscribeOptions.defaults(), handler);
    }

    /**
     * Subscribes a handler with options (queue group, pending limits).
     *
     * @param pattern a subject pattern
     * @param options the options
     * @param handler the handler
     * @return the subscription
     */
    Subscription subscribe(String pattern, SubscribeOptions options, MsgHandler handler);

    /**
     * Joins a round-robin queue group with a handler: each message to the group reaches one member.
     *
     * @param pattern a subject pattern
     * @param queueGroup the group
     * @param handler the handler
     * @return the subscription
     */
    default Subscription queueSubscribe(String pattern, String queueGroup, MsgHandler handler) {
        return subscribe(
                pattern, SubscribeOptions.builder().queueGroup(queueGroup).build(), handler);
    }

    /**
     * Subscribes for pulling: messages wait in the subscription until taken.
     *
     * @param pattern a subject pattern
     * @return the subscription
     */
    default PullSubscription subscribe(String pattern) {
        return subscribe(pattern, SubscribeOptions.defaults());
    }

    /**
     * Subscribes for pulling, with options.
     *
     * @param pattern a subject pattern
     * @param options the options
     * @return the subscription
     */
    PullSubscription subscribe(String pattern, SubscribeOptions options);

    // ---------------------------------------------------------------- request/reply

    /**
     * Sends a request and waits for the first reply, on the connection's inbox. Fails with {@link
     * dev.switchboard.bus.NoRespondersException} as soon as the server says nothing subscribes to
     * the subject, with {@link dev.switchboard.bus.RequestTimeoutException} when no reply arrived
     * within {@code timeout} on {@link ClientOptions#clock()}. Cancelling the future forgets the
     * request.
     *
     * @param subject the subject
     * @param payload the payload
     * @param timeout how long to wait; positive
     * @return the reply; completes on a virtual thread, so dependent stages may block
     */
    default CompletableFuture<Msg> request(String subject, byte[] payload, Duration timeout) {
        return request(subject, List.of(), payload, timeout);
    }

    /**
     * Sends a request with headers.
     *
     * @param subject the subject
     * @param headers the headers
     * @param payload the payload
     * @param timeout how long to wait; positive
     * @return the reply
     * @see #request(String, byte[], Duration)
     */
    CompletableFuture<Msg> request(
            String subject,
            List<Map.Entry<String, String>> headers,
            byte[] payload,
            Duration timeout);

    /**
     * Sends a typed request ({@link #publish(Message)}'s encoding); decode the reply with {@link
     * Msg#message()}.
     *
     * @param request the request
     * @param timeout how long to wait; positive
     * @return the reply
     */
    CompletableFuture<Msg> request(Message request, Duration timeout);

    /**
     * Scatter-gather: sends a request and collects replies until {@code maxReplies} arrived or
     * {@code deadline} passed (the list may then be shorter, even empty). Fails with {@link
     * dev.switchboard.bus.NoRespondersException} if nothing subscribes to the subject.
     *
     * @param subject the subject
     * @param payload the payload
     * @param maxReplies how many replies complete it early; positive
     * @param deadline how long to collect; positive
     * @return the replies in arrival order
     */
    CompletableFuture<List<Msg>> requestAll(
            String subject, byte[] payload, int maxReplies, Duration deadline);

    /**
     * Blocking {@link #request(String, byte[], Duration)}.
     *
     * @param subject the subject
     * @param payload the payload
     * @param timeout how long to wait
     * @return the reply
     * @throws dev.switchboard.bus.NoRespondersException if nothing subscribes to the subject
     * @throws dev.switchboard.bus.RequestTimeoutException if no reply arrived in time
     * @throws ConnectionClosedException if the connection closed meanwhile
     * @throws InterruptedException if interrupted while waiting
     */
    Msg requestBlocking(String subject, byte[] payload, Duration timeout)
            throws InterruptedException;

    // ---------------------------------------------------------------- flow

    /**
     * Waits until the server has processed everything this connection sent before the call (a PING
     * behind the buffered frames, answered by its PONG). If disconnected, waits for the reconnect
     * first, within the same timeout.
     *
     * @param timeout how long to wait
     * @throws TimeoutException if the PONG did not arrive in time
     * @throws ConnectionClosedException if the connection closed meanwhile
     * @throws InterruptedException if interrupted while waiting
     */
    void flush(Duration timeout) throws TimeoutException, InterruptedException;

    /**
     * Asynchronous {@link #flush(Duration)}.
     *
     * @param timeout how long to wait
     * @return completes when the PONG arrives; fails with {@link TimeoutException} or {@link
     *     ConnectionClosedException}
     */
    CompletableFuture<Void> flushAsync(Duration timeout);

    /**
     * Closes gracefully: every subscription stops (the server is told), messages already received
     * are handled, buffered publishes are written and flushed, then the connection closes. New
     * subscriptions are refused at once; publishing is allowed until the final flush.
     *
     * @param timeout how long the whole drain may take; the connection closes at the end anyway
     * @return completes when closed; fails with {@link TimeoutException} if it had to cut short
     */
    CompletableFuture<Void> drain(Duration timeout);

    /**
     * Closes now: a short best-effort flush of buffered publishes if connected, then the socket
     * closes, pending requests fail with {@link ConnectionClosedException} and subscriptions end.
     * Idempotent.
     */
    @Override
    void close();

    // ---------------------------------------------------------------- state

    /**
     * @return where the connection is in its life
     */
    Status status();

    /**
     * @return the WELCOME of the current (or last) server: its id, name, version and limits
     */
    Frame.Welcome serverInfo();

    /**
     * @return the server connected to now, if any
     */
    Optional<URI> connectedUrl();

    /**
     * @return a snapshot of the counters
     */
    ConnectionStats stats();

    /**
     * @return the options it was made with
     */
    ClientOptions options();

    /**
     * The durable-streams API over this connection: stream and consumer management, publishing with
     * a storage acknowledgement, pull and push consumers (docs/STREAMS.md).
     *
     * @return the streams API; the same instance on every call
     * @throws ConnectionClosedException if the connection is closed
     */
    Streams streams();

    /**
     * A {@link MessageBus} view of this connection: typed messages over subjects, with queue
     * groups, request/reply, retries and dead letters done on the client side. Closing the view
     * ends its subscriptions and requests, not the connection; see {@link #connectBus} for a bus
     * that owns its connection.
     *
     * @return a new bus view
     */
    MessageBus asMessageBus();
}
