package dev.switchboard.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.client.Msg;
import dev.switchboard.client.PublishOptions;
import dev.switchboard.client.PullConsumer;
import dev.switchboard.client.StreamMessage;
import dev.switchboard.client.StreamMessageHandler;
import dev.switchboard.client.Streams;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerInfo;
import dev.switchboard.protocol.stream.MsgRequest;
import dev.switchboard.protocol.stream.PubAck;
import dev.switchboard.protocol.stream.PurgeRequest;
import dev.switchboard.protocol.stream.StoredMsg;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamInfo;
import dev.switchboard.protocol.stream.StreamSubjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Streams} of a {@link ClientConnection}: management as blocking JSON requests on the
 * connection's request machinery, acknowledged publishes through {@link StreamPublisher}, pulls
 * through {@link PullConsumerImpl}. Thread-safe; holds no state of its own besides those.
 */
final class StreamsImpl implements Streams {
    private static final byte[] EMPTY = new byte[0];

    private final ClientConnection conn;
    private final Duration timeout;
    private final StreamPublisher publisher;

    StreamsImpl(ClientConnection conn) {
        this.conn = conn;
        this.timeout = conn.options().requestTimeout();
        this.publisher = new StreamPublisher(conn, timeout);
    }

    StreamPublisher publisher() {
        return publisher;
    }

    // ------------------------------------------------------------------ management

    /** Sends one API request and returns its answer's tree; error answers throw. */
    private JsonNode call(String subject, Object body) throws InterruptedException {
        byte[] payload = body == null ? EMPTY : ApiJson.write(body);
        Msg reply = conn.requestBlocking("a stream API call", subject, payload, timeout);
        return ApiJson.readTree(reply.payload());
    }

    private static String name(String what, String v) {
        Objects.requireNonNull(v, what);
        if (v.isEmpty() || v.contains(".") || v.contains("*") || v.contains(">")) {
            throw new IllegalArgumentException(what + " name '" + v + "' is not valid");
        }
        return v;
    }

    private static JsonNode field(JsonNode answer, String name, String subject) {
        JsonNode n = answer.get(name);
        if (n == null || n.isNull()) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST,
                    "the answer to " + subject + " has no '" + name + "': " + answer);
        }
        return n;
    }

    @Override
    public StreamInfo createStream(StreamConfig config) throws InterruptedException {
        return ApiJson.convert(
                call(StreamSubjects.streamCreate(name("stream", config.name())), config),
                StreamInfo.class);
    }

    @Override
    public StreamInfo updateStream(StreamConfig config) throws InterruptedException {
        return ApiJson.convert(
                call(StreamSubjects.streamUpdate(name("stream", config.name())), config),
                StreamInfo.class);
    }

    @Override
    public StreamInfo streamInfo(String stream) throws InterruptedException {
        return ApiJson.convert(
                call(StreamSubjects.streamInfo(name("stream", stream)), null), StreamInfo.class);
    }

    @Override
    public List<StreamInfo> streams() throws InterruptedException {
        JsonNode list = field(call(StreamSubjects.STREAM_LIST, null), "streams", "LIST");
        List<StreamInfo> out = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            out.add(ApiJson.convert(n, StreamInfo.class));
        }
        return out;
    }

    @Override
    public boolean deleteStream(String stream) throws InterruptedException {
        return call(StreamSubjects.streamDelete(name("stream", stream)), null)
                .path("deleted")
                .asBoolean(false);
    }

    @Override
    public long purge(String stream, PurgeRequest request) throws InterruptedException {
        String subject = StreamSubjects.streamPurge(name("stream", stream));
        return field(call(subject, request == null ? null : request), "purged", subject).asLong();
    }

    @Override
    public StoredMsg getMessage(String stream, long seq) throws InterruptedException {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, got " + seq);
        }
        return getMsg(stream, new MsgRequest(seq, null));
    }

    @Override
    public StoredMsg lastMessage(String stream, String subject) throws InterruptedException {
        Objects.requireNonNull(subject, "subject");
        return getMsg(stream, new MsgRequest(0, subject));
    }

    private StoredMsg getMsg(String stream, MsgRequest request) throws InterruptedException {
        String subject = StreamSubjects.msgGet(name("stream", stream));
        return ApiJson.convert(field(call(subject, request), "message", subject), StoredMsg.class);
    }

    @Override
    public boolean deleteMessage(String stream, long seq) throws InterruptedException {
        return call(StreamSubjects.msgDelete(name("stream", stream)), new MsgRequest(seq, null))
                .path("deleted")
                .asBoolean(false);
    }

    @Override
    public String republish(String stream, long seq) throws InterruptedException {
        String subject = StreamSubjects.republish(name("stream", stream));
        return field(call(subject, new MsgRequest(seq, null)), "subject", subject).asText();
    }

    @Override
    public ConsumerInfo createConsumer(String stream, ConsumerConfig config)
            throws InterruptedException {
        return ApiJson.convert(
                call(
                        StreamSubjects.consumerCreate(
                                name("stream", stream), name("consumer", config.name())),
                        body(config)),
                ConsumerInfo.class);
    }

    /**
     * The config as the broker reads it. {@code ApiJson.write} also writes the derived {@code
     * isPush()} as a {@code "push"} field, which the broker's strict reader refuses as unknown;
     * drop it here until the protocol record is annotated.
     */
    static JsonNode body(ConsumerConfig config) {
        JsonNode n = ApiJson.readTree(ApiJson.write(config));
        if (n instanceof ObjectNode o) {
            o.remove("push");
        }
        return n;
    }

    @Override
    public ConsumerInfo consumerInfo(String stream, String consumer) throws InterruptedException {
        return ApiJson.convert(
                call(
                        StreamSubjects.consumerInfo(
                                name("stream", stream), name("consumer", consumer)),
                        null),
                ConsumerInfo.class);
    }

    @Override
    public List<ConsumerInfo> consumers(String stream) throws InterruptedException {
        String subject = StreamSubjects.consumerList(name("stream", stream));
        JsonNode list = field(call(subject, null), "consumers", subject);
        List<ConsumerInfo> out = new ArrayList<>(list.size());
        for (JsonNode n : list) {
            out.add(ApiJson.convert(n, ConsumerInfo.class));
        }
        return out;
    }

    @Override
    public boolean deleteConsumer(String stream, String consumer) throws InterruptedException {
        return call(
                        StreamSubjects.consumerDelete(
                                name("stream", stream), name("consumer", consumer)),
                        null)
                .path("deleted")
                .asBoolean(false);
    }

    // ------------------------------------------------------------------ publishing

    @Override
    public CompletableFuture<PubAck> publishAsync(
            String subject, byte[] payload, PublishOptions options) {
        return publisher.publish(subject, payload, options);
    }

    @Override
    public PubAck publish(String subject, byte[] payload, PublishOptions options)
            throws TimeoutException, InterruptedException {
        BlockingWait.refuseOnIoThread(conn, "a blocking stream publish");
        CompletableFuture<PubAck> f = publisher.publish(subject, payload, options, true);
        BlockingWait.spin(conn, f);
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException te) {
                throw new TimeoutException(te.getMessage());
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ConnectionClosedException("publish to '" + subject + "' failed: " + cause);
        }
    }

    // ------------------------------------------------------------------ consuming

    @Override
    public PullConsumer pullConsumer(String stream, String consumer) {
        return new PullConsumerImpl(conn, name("stream", stream), name("consumer", consumer));
    }

    @Override
    public Subscription subscribe(
            String stream, String consumer, String queueGroup, StreamMessageHandler handler)
            throws InterruptedException {
        Objects.requireNonNull(handler, "handler");
        ConsumerInfo info = consumerInfo(stream, consumer);
        String deliver = info.config() == null ? null : info.config().deliverSubject();
        if (deliver == null) {
            throw new StreamApiException(
                    ApiError.WRONG_CONSUMER_KIND,
                    "consumer "
                            + consumer
                            + " of stream "
                            + stream
                            + " is a pull consumer (no deliver_subject): use pullConsumer");
        }
        SubscribeOptions options =
                queueGroup == null
                        ? SubscribeOptions.defaults()
                        : SubscribeOptions.builder().queueGroup(queueGroup).build();
        return conn.subscribe(deliver, options, msg -> handler.onMessage(StreamMessage.of(msg)));
    }
}
