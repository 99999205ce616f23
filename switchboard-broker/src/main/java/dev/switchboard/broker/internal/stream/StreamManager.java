package dev.switchboard.broker.internal.stream;

import dev.switchboard.bus.routing.Match;
import dev.switchboard.bus.routing.SubjectRouter;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.stream.AckKind;
import dev.switchboard.protocol.stream.AckSubject;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.NextRequest;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamInfo;
import dev.switchboard.protocol.stream.StreamState;
import dev.switchboard.store.DiscardPolicy;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import dev.switchboard.store.file.FileStorage;
import dev.switchboard.store.memory.MemoryStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's streams: opens them from storage at start, creates, updates and deletes them, and
 * tells the publish path which stream (if any) captures a subject.
 *
 * <p>Thread-safety: {@link #capture} and {@link #acknowledge} are called from event loops and read
 * concurrent structures; management calls serialise on one lock.
 */
public final class StreamManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamManager.class);

    private final StorageBackend files;
    private final StorageBackend memory;
    private final StreamOutput out;
    private final Clock clock;
    private final ConcurrentHashMap<String, StreamRuntime> streams = new ConcurrentHashMap<>();
    private final SubjectRouter<StreamRuntime> captures = new SubjectRouter<>();
    private final ReentrantLock lock = new ReentrantLock();

    private StreamManager(StorageBackend files, StreamOutput out, Clock clock) {
        this.files = files;
        this.memory = new MemoryStorage(clock);
        this.out = out;
        this.clock = clock;
    }

    /**
     * Opens the streams stored under a directory, recovering each.
     *
     * @param dir the storage directory (created if missing)
     * @param out the broker's routing
     * @param clock the clock
     * @return the manager
     */
    public static StreamManager open(Path dir, StreamOutput out, Clock clock) {
        return open(FileStorage.open(dir, clock), out, clock);
    }

    /**
     * Opens the streams kept by a storage backend (the segment log, or the PostgreSQL store),
     * recovering each.
     *
     * @param durable the backend for streams with {@code storage = file}
     * @param out the broker's routing
     * @param clock the clock
     * @return the manager, which closes the backend when it closes
     */
    public static StreamManager open(StorageBackend durable, StreamOutput out, Clock clock) {
        StreamManager m = new StreamManager(durable, out, clock);
        for (String name : m.files.names()) {
            try {
                StreamStore store = m.files.open(name);
                StreamMeta meta = StreamMeta.decode(store.metadata());
                StreamRuntime rt =
                        new StreamRuntime(m, meta.config(), meta.createdAt(), store, out, clock);
                m.register(rt);
                rt.restoreConsumers();
                log.info(
                        "stream {} opened: {} messages, last seq {}, {} consumers",
                        name,
                        store.state().messages(),
                        store.state().lastSequence(),
                        rt.consumerCount());
            } catch (RuntimeException e) {
                log.error(
                        "stream {} could not be opened; it is unavailable: {}", name, e.toString());
            }
        }
        return m;
    }

    private void register(StreamRuntime rt) {
        streams.put(rt.name, rt);
        for (String s : rt.config.subjects()) {
            captures.add(s, null, rt);
        }
    }

    private void unregister(StreamRuntime rt) {
        streams.remove(rt.name);
        for (String s : rt.config.subjects()) {
            captures.remove(s, null, rt);
        }
    }

    // --- hot path
    // ---------------------------------------------------------------------------------

    /**
     * @return the capture router's generation (for callers caching {@link #capture} results)
     */
    public long generation() {
        return captures.generation();
    }

    /**
     * @param subject a published subject
     * @return the stream capturing it, or {@code null}
     */
    public StreamRuntime capture(String subject) {
        if (streams.isEmpty()) {
            return null;
        }
        Match<StreamRuntime> m = captures.match(subject);
        return m.isEmpty() ? null : m.targets().get(0);
    }

    /** A subscription was added: push consumers waiting for interest look again. */
    public void interestChanged() {
        for (StreamRuntime rt : streams.values()) {
            rt.interestChanged();
        }
    }

    /**
     * Answers a {@code PUB_ACK} publish no stream captures.
     *
     * @param subject the subject
     * @param ackReply where to answer
     */
    public void noStream(String subject, String ackReply) {
        out.reply(
                ackReply,
                dev.switchboard.protocol.Headers.EMPTY,
                ApiJson.error(
                        ApiError.NO_STREAM.code(), "no stream captures subject '" + subject + "'"));
    }

    /**
     * Applies an acknowledgement published to an ack subject.
     *
     * @param subject the {@code $SYS.ACK.} subject
     * @param reply the confirmation subject, or {@code null}
     * @param payload the ack payload
     */
    public void acknowledge(String subject, String reply, byte[] payload) {
        AckSubject ack = AckSubject.parse(subject);
        AckKind kind = AckKind.parse(payload);
        if (ack == null || kind == null) {
            if (reply != null) {
                out.reply(
                        reply,
                        dev.switchboard.protocol.Headers.EMPTY,
                        ApiJson.error(
                                ApiError.BAD_REQUEST.code(),
                                ack == null
                                        ? "'" + subject + "' is not an ack subject"
                                        : "unknown ack payload (want +ACK, -NAK, +WIP or +TERM)"));
            }
            return;
        }
        StreamRuntime rt = streams.get(ack.stream());
        if (rt == null) {
            if (reply != null) {
                out.reply(
                        reply,
                        dev.switchboard.protocol.Headers.EMPTY,
                        ApiJson.error(ApiError.NO_STREAM.code(), "no stream " + ack.stream()));
            }
            return;
        }
        rt.acknowledge(ack, kind, AckKind.argument(payload), reply);
    }

    // --- management
    // -------------------------------------------------------------------------------

    /**
     * Queues a pull request ({@code $SYS.API.CONSUMER.NEXT.<stream>.<consumer>}); errors are
     * answered on its reply subject.
     *
     * @param subject the request subject
     * @param reply the requester's inbox, or {@code null} (then it is ignored)
     * @param body the {@code NextRequest} JSON
     */
    public void pull(String subject, String reply, byte[] body) {
        if (reply == null) {
            return;
        }
        String[] t = subject.substring("$SYS.API.CONSUMER.NEXT.".length()).split("\\.", -1);
        try {
            if (t.length != 2) {
                throw new StreamApiException(
                        ApiError.BAD_REQUEST,
                        "a pull request subject is $SYS.API.CONSUMER.NEXT.<stream>.<consumer>");
            }
            NextRequest r = ApiJson.readRequest(body, NextRequest.class);
            get(t[0]).next(t[1], reply, r.batch(), r.expiresMs(), r.noWait());
        } catch (StreamApiException e) {
            out.reply(
                    reply,
                    dev.switchboard.protocol.Headers.EMPTY,
                    ApiJson.error(e.code(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            out.reply(
                    reply,
                    dev.switchboard.protocol.Headers.EMPTY,
                    ApiJson.error(ApiError.BAD_REQUEST.code(), e.getMessage()));
        }
    }

    /**
     * @param cfg the definition
     * @return the new (or identical existing) stream's info
     */
    public StreamInfo create(StreamConfig cfg) {
        lock.lock();
        try {
            StreamRuntime existing = streams.get(cfg.name());
            if (existing != null) {
                if (existing.config.equals(cfg)) {
                    return info(existing);
                }
                throw new StreamApiException(
                        ApiError.STREAM_EXISTS,
                        "stream " + cfg.name() + " exists with another configuration");
            }
            checkOverlap(cfg, null);
            StorageBackend backend = backend(cfg.storage());
            Instant created = Instant.now();
            StreamStore store;
            try {
                store = backend.create(storeConfig(cfg), StreamMeta.encode(cfg, created));
            } catch (StoreException e) {
                throw new StreamApiException(apiError(e), e.getMessage());
            }
            StreamRuntime rt = new StreamRuntime(this, cfg, created, store, out, clock);
            register(rt);
            log.info("stream {} created: subjects {}", cfg.name(), cfg.subjects());
            return info(rt);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param cfg the new definition
     * @return the stream's info
     */
    public StreamInfo update(StreamConfig cfg) {
        lock.lock();
        try {
            StreamRuntime rt = get(cfg.name());
            StreamConfig old = rt.config;
            if (old.storage() != cfg.storage() || old.retention() != cfg.retention()) {
                throw new StreamApiException(
                        ApiError.BAD_REQUEST,
                        "storage and retention of stream " + cfg.name() + " cannot change");
            }
            checkOverlap(cfg, rt);
            try {
                rt.store.update(storeConfig(cfg));
                rt.store.metadata(StreamMeta.encode(cfg, rt.created));
            } catch (StoreException e) {
                throw new StreamApiException(apiError(e), e.getMessage());
            }
            List<String> before = rt.config.subjects();
            rt.update(cfg);
            // Swap only the captures that changed: the stream never leaves the maps meanwhile.
            for (String subject : cfg.subjects()) {
                if (!before.contains(subject)) {
                    captures.add(subject, null, rt);
                }
            }
            for (String subject : before) {
                if (!cfg.subjects().contains(subject)) {
                    captures.remove(subject, null, rt);
                }
            }
            return info(rt);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param name a stream
     * @return its info
     */
    public StreamInfo info(String name) {
        return info(get(name));
    }

    /**
     * @return every stream's info, by name
     */
    public List<StreamInfo> list() {
        List<StreamInfo> list = new ArrayList<>();
        for (StreamRuntime rt : new TreeMap<>(streams).values()) {
            list.add(info(rt));
        }
        return list;
    }

    /**
     * @param name a stream
     */
    public void delete(String name) {
        lock.lock();
        try {
            StreamRuntime rt = get(name);
            unregister(rt);
            rt.close(true);
            backend(rt.config.storage()).delete(name);
            log.info("stream {} deleted", name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param name a stream
     * @return it
     * @throws StreamApiException {@link ApiError#NO_STREAM}
     */
    StreamRuntime get(String name) {
        StreamRuntime rt = streams.get(name);
        if (rt == null) {
            throw new StreamApiException(ApiError.NO_STREAM, "no stream " + name);
        }
        return rt;
    }

    /** Creates a dead-letter stream (no subjects) if it does not exist. */
    void ensureDeadLetterStream(String name, StreamConfig.Storage storage) {
        if (!streams.containsKey(name)) {
            try {
                create(
                        StreamConfig.builder(name)
                                .storage(storage)
                                .description("dead letters")
                                .build());
            } catch (StreamApiException e) {
                if (e.error() != ApiError.STREAM_EXISTS) {
                    throw e;
                }
            }
        }
    }

    /** Appends a dead letter to its stream. */
    void deadLetter(
            String stream,
            String subject,
            byte[] headers,
            byte[] payload,
            dev.switchboard.store.AppendListener whenDurable) {
        get(stream).appendInternal(subject, headers, payload, whenDurable);
    }

    private void checkOverlap(StreamConfig cfg, StreamRuntime self) {
        for (StreamRuntime other : streams.values()) {
            if (other == self) {
                continue;
            }
            for (String a : cfg.subjects()) {
                for (String b : other.config.subjects()) {
                    if (Subjects.overlap(a, b)) {
                        throw new StreamApiException(
                                ApiError.SUBJECT_OVERLAP,
                                "subject '" + a + "' overlaps '" + b + "' of stream " + other.name);
                    }
                }
            }
        }
    }

    private StorageBackend backend(StreamConfig.Storage storage) {
        return storage == StreamConfig.Storage.MEMORY ? memory : files;
    }

    static StoreConfig storeConfig(StreamConfig c) {
        FsyncPolicy fsync =
                switch (c.fsync()) {
                    case ALWAYS -> FsyncPolicy.always();
                    case INTERVAL -> FsyncPolicy.interval(Duration.ofMillis(c.fsyncIntervalMs()));
                    case NEVER -> FsyncPolicy.never();
                };
        return StoreConfig.builder(c.name())
                .maxMessages(c.maxMsgs())
                .maxBytes(c.maxBytes())
                .maxAge(Duration.ofMillis(c.maxAgeMs()))
                .maxMessagesPerSubject(c.maxMsgsPerSubject())
                .maxMessageBytes(c.maxMsgSize())
                .discard(
                        c.discard() == StreamConfig.Discard.NEW
                                ? DiscardPolicy.NEW
                                : DiscardPolicy.OLD)
                .fsync(fsync)
                .segmentBytes(c.segmentBytes())
                .build();
    }

    static ApiError apiError(StoreException e) {
        return switch (e.error()) {
            case STREAM_FULL -> ApiError.STREAM_FULL;
            case MESSAGE_TOO_LARGE -> ApiError.MESSAGE_TOO_LARGE;
            case WRONG_LAST_SEQUENCE -> ApiError.WRONG_LAST_SEQUENCE;
            case NOT_FOUND, CLOSED -> ApiError.NO_STREAM;
            case ALREADY_EXISTS -> ApiError.STREAM_EXISTS;
            case INVALID_CONFIG -> ApiError.BAD_REQUEST;
            case IO -> ApiError.STORAGE_FAILED;
        };
    }

    StreamInfo info(StreamRuntime rt) {
        dev.switchboard.store.StoreState s = rt.store.state();
        return new StreamInfo(
                rt.config,
                new StreamState(
                        s.messages(),
                        s.bytes(),
                        s.firstSequence(),
                        s.lastSequence(),
                        s.messages() == 0 ? null : time(s.firstTimestampNanos()),
                        s.lastSequence() == 0 ? null : time(s.lastTimestampNanos()),
                        s.deleted(),
                        s.subjects(),
                        rt.consumerCount()),
                rt.created.toString());
    }

    static String time(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }

    /**
     * @return how many streams there are
     */
    public int size() {
        return streams.size();
    }

    /** Saves every consumer and closes every stream. */
    @Override
    public void close() {
        lock.lock();
        try {
            for (StreamRuntime rt : streams.values()) {
                try {
                    rt.close(true);
                } catch (RuntimeException e) {
                    log.warn("closing stream {} failed: {}", rt.name, e.toString());
                }
            }
            streams.clear();
            files.close();
            memory.close();
        } finally {
            lock.unlock();
        }
    }

    /** For the API: the streams by name. */
    Map<String, StreamRuntime> streams() {
        return streams;
    }
}
