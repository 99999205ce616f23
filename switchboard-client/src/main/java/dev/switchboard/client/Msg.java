package dev.switchboard.client;

import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.message.Message;
import dev.switchboard.protocol.Headers;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message received from the server: its subject, reply subject, headers and payload, and a way to
 * answer it. Immutable and thread-safe; the payload array is owned by the message and must not be
 * changed.
 */
public final class Msg {
    private static final BinaryCodec CODEC = BinaryCodec.create();

    private final int sid;
    private final String subject;
    private final String replyTo;
    private final byte[] headers;
    private final byte[] payload;
    private final Connection connection;
    private List<Map.Entry<String, String>> decodedHeaders;

    /**
     * @param sid the subscription it arrived for (0 if none)
     * @param subject the subject it was published to
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section ({@link Headers})
     * @param payload the payload
     * @param connection where {@link #respond} publishes, or {@code null} for a detached message
     */
    public Msg(
            int sid,
            String subject,
            String replyTo,
            byte[] headers,
            byte[] payload,
            Connection connection) {
        this.sid = sid;
        this.subject = Objects.requireNonNull(subject, "subject");
        this.replyTo = replyTo;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.connection = connection;
    }

    /**
     * @return the subscription id it arrived for
     */
    public int sid() {
        return sid;
    }

    /**
     * @return the subject it was published to
     */
    public String subject() {
        return subject;
    }

    /**
     * @return the subject the publisher expects a reply on, or {@code null}
     */
    public String replyTo() {
        return replyTo;
    }

    /**
     * @return the headers, in order (names may repeat); empty if none
     */
    public List<Map.Entry<String, String>> headers() {
        List<Map.Entry<String, String>> h = decodedHeaders;
        if (h == null) {
            h = headers.length == 0 ? List.of() : List.copyOf(Headers.decode(headers));
            decodedHeaders = h;
        }
        return h;
    }

    /**
     * @param name a header name
     * @return its first value, if present
     */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers()) {
            if (e.getKey().equals(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * @return the encoded headers section, as received
     */
    public byte[] rawHeaders() {
        return headers;
    }

    /**
     * @return the payload
     */
    public byte[] payload() {
        return payload;
    }

    /** The connection it arrived on, or {@code null} (for {@link StreamMessage}'s acks). */
    Connection connection() {
        return connection;
    }

    /**
     * Decodes the payload as a typed {@link Message} (published with {@link
     * Connection#publish(Message)}).
     *
     * @return the message
     * @throws dev.switchboard.core.codec.CodecException if the payload is not an encoded message
     */
    public Message message() {
        return CODEC.decode(payload);
    }

    /**
     * Publishes a reply to {@link #replyTo()} on the connection the message came from.
     *
     * @param payload the reply payload
     * @throws IllegalStateException if the message has no reply subject or no connection
     */
    public void respond(byte[] payload) {
        if (replyTo == null) {
            throw new IllegalStateException(
                    "message on '" + subject + "' was published without a reply subject");
        }
        if (connection == null) {
            throw new IllegalStateException("message is not bound to a connection");
        }
        connection.publish(replyTo, payload);
    }

    @Override
    public String toString() {
        return "Msg[sid="
                + sid
                + ", subject="
                + subject
                + (replyTo == null ? "" : ", replyTo=" + replyTo)
                + ", headers="
                + headers.length
                + "B, payload="
                + payload.length
                + "B]";
    }
}
