package dev.switchboard.client;

import dev.switchboard.bus.NoRespondersException;
import dev.switchboard.protocol.stream.AckKind;
import dev.switchboard.protocol.stream.AckSubject;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.StreamApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A message delivered by a stream consumer (pulled with {@link PullConsumer#fetch} or pushed to a
 * {@link StreamMessageHandler}): the stored subject, headers and payload, the delivery's metadata
 * (read from its reply subject, the {@link AckSubject}), and the acknowledgements.
 *
 * <p>Acknowledge each delivery once with {@link #ack()}, {@link #nak()}, {@link #term()} (any
 * number of {@link #inProgress()} before). These publish a few bytes to the ack subject and return
 * (fire-and-forget, ordered with the connection's other publishes); {@link #ackSync} waits for the
 * broker to confirm that the acknowledgement was saved.
 *
 * <p>Immutable and thread-safe: acknowledge from any thread.
 */
public final class StreamMessage {
    private final Msg msg;
    private final AckSubject meta;

    private StreamMessage(Msg msg, AckSubject meta) {
        this.msg = msg;
        this.meta = meta;
    }

    /**
     * Wraps a delivery received on a consumer's inbox or deliver subject.
     *
     * @param msg the MSG
     * @return the delivery
     * @throws IllegalArgumentException if its reply subject is not a stream ack subject ({@code
     *     $SYS.ACK.<stream>.<consumer>.<deliveries>.<stream_seq>.<consumer_seq>.<ts>.<pending>})
     */
    public static StreamMessage of(Msg msg) {
        return of(msg, null);
    }

    /**
     * {@link #of(Msg)} for the next delivery of a consumer: the stream and consumer names are
     * shared with the earlier delivery's when they are the same (they always are within one
     * consumer), so a consumer's deliveries do not each carry two copies of them.
     *
     * @param msg the MSG
     * @param earlier an earlier delivery, or {@code null}
     * @return the delivery
     * @throws IllegalArgumentException if its reply subject is not a stream ack subject
     */
    public static StreamMessage of(Msg msg, StreamMessage earlier) {
        AckSubject meta = AckSubject.parse(msg.replyTo(), earlier == null ? null : earlier.meta);
        if (meta == null) {
            throw new IllegalArgumentException(
                    "message on '"
                            + msg.subject()
                            + "' is not a stream delivery: reply subject '"
                            + msg.replyTo()
                            + "' is not a $SYS.ACK subject");
        }
        return new StreamMessage(msg, meta);
    }

    /**
     * @return the subject it was published to
     */
    public String subject() {
        return msg.subject();
    }

    /**
     * @return its stored headers, in order
     */
    public List<Map.Entry<String, String>> headers() {
        return msg.headers();
    }

    /**
     * @param name a header name
     * @return its first value, if present
     */
    public Optional<String> header(String name) {
        return msg.header(name);
    }

    /**
     * @return the payload (owned by the message: do not change)
     */
    public byte[] payload() {
        return msg.payload();
    }

    /**
     * @return the MSG as received
     */
    public Msg msg() {
        return msg;
    }

    /**
     * @return the metadata parsed from the ack subject
     */
    public AckSubject metadata() {
        return meta;
    }

    /**
     * @return the stream
     */
    public String stream() {
        return meta.stream();
    }

    /**
     * @return the consumer
     */
    public String consumer() {
        return meta.consumer();
    }

    /**
     * @return its sequence in the stream
     */
    public long streamSequence() {
        return meta.streamSeq();
    }

    /**
     * @return this delivery's sequence among the consumer's deliveries
     */
    public long consumerSequence() {
        return meta.consumerSeq();
    }

    /**
     * @return how many times it has been delivered, this time included (1 on the first)
     */
    public long deliveries() {
        return meta.deliveries();
    }

    /**
     * @return when it was stored
     */
    public Instant timestamp() {
        long ns = meta.timestampNanos();
        return Instant.ofEpochSecond(
                Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    /**
     * @return messages matching the consumer not yet delivered, when this one was
     */
    public long pending() {
        return meta.pending();
    }

    /**
     * @return the ack subject (the MSG's reply subject)
     */
    public String ackSubject() {
        return msg.replyTo();
    }

    /**
     * Done: the broker never delivers it again (with {@code ack_policy all}, nor anything delivered
     * before it). Fire-and-forget.
     *
     * @throws ConnectionClosedException if the connection is closed
     */
    public void ack() {
        send(AckKind.ACK.bytes());
    }

    /**
     * Done, and waits until the broker has saved the acknowledgement.
     *
     * @param timeout how long to wait; positive
     * @throws StreamApiException if the broker refused it, e.g. {@link ApiError#NOT_PENDING} when
     *     it was already acknowledged or its lease ran out and it was redelivered
     * @throws TimeoutException if no answer arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    public void ackSync(Duration timeout) throws TimeoutException, InterruptedException {
        CompletableFuture<Msg> reply =
                connection().request(ackSubject(), AckKind.ACK.bytes(), timeout);
        Msg answer;
        try {
            answer =
                    reply.get(
                            timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            reply.cancel(false);
            throw e;
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw timeout(timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof dev.switchboard.bus.RequestTimeoutException) {
                throw timeout(timeout);
            }
            if (cause instanceof NoRespondersException) {
                throw new StreamApiException(
                        ApiError.NOT_PENDING,
                        "nothing answered the acknowledgement on " + ackSubject());
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ConnectionClosedException("acknowledgement failed: " + cause);
        }
        if (!ApiJson.readTree(answer.payload()).path("ok").asBoolean(false)) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST,
                    "unexpected answer to the acknowledgement: "
                            + new String(answer.payload(), StandardCharsets.UTF_8));
        }
    }

    private TimeoutException timeout(Duration timeout) {
        return new TimeoutException(
                "no confirmation of the acknowledgement of "
                        + meta.stream()
                        + " seq "
                        + meta.streamSeq()
                        + " (consumer "
                        + meta.consumer()
                        + ") within "
                        + timeout);
    }

    /**
     * Failed: deliver it again after the consumer's backoff. Fire-and-forget.
     *
     * @throws ConnectionClosedException if the connection is closed
     */
    public void nak() {
        send(AckKind.NAK.bytes());
    }

    /**
     * Failed: deliver it again after {@code delay} ({@code -NAK {"delay_ms": N}}). Fire-and-forget.
     *
     * @param delay the delay, zero or more (millisecond precision)
     * @throws ConnectionClosedException if the connection is closed
     */
    public void nak(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0, got " + delay);
        }
        send(
                (AckKind.NAK.token() + " {\"delay_ms\": " + delay.toMillis() + "}")
                        .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Still working: renews the lease ({@code ack_wait} from now). Fire-and-forget.
     *
     * @throws ConnectionClosedException if the connection is closed
     */
    public void inProgress() {
        send(AckKind.WIP.bytes());
    }

    /**
     * Gives up: never deliver it again; it goes to the consumer's dead-letter stream, if any.
     * Fire-and-forget.
     *
     * @throws ConnectionClosedException if the connection is closed
     */
    public void term() {
        send(AckKind.TERM.bytes());
    }

    /**
     * Gives up with a reason ({@code +TERM reason}), recorded in the dead letter's {@code
     * Sb-Dlq-Reason}.
     *
     * @param reason why, or {@code null}/empty for none
     * @throws ConnectionClosedException if the connection is closed
     */
    public void term(String reason) {
        if (reason == null || reason.isEmpty()) {
            term();
            return;
        }
        send((AckKind.TERM.token() + " " + reason).getBytes(StandardCharsets.UTF_8));
    }

    private void send(byte[] payload) {
        connection().publish(ackSubject(), payload);
    }

    private Connection connection() {
        Connection c = msg.connection();
        if (c == null) {
            throw new IllegalStateException("message is not bound to a connection");
        }
        return c;
    }

    @Override
    public String toString() {
        return "StreamMessage["
                + meta.stream()
                + "/"
                + meta.consumer()
                + " seq="
                + meta.streamSeq()
                + " cseq="
                + meta.consumerSeq()
                + " deliveries="
                + meta.deliveries()
                + " subject="
                + msg.subject()
                + ", "
                + msg.payload().length
                + "B]";
    }
}
