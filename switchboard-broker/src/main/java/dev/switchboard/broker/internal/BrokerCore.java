package dev.switchboard.broker.internal;

import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.broker.internal.stream.StreamManager;
import dev.switchboard.broker.internal.stream.StreamOutput;
import dev.switchboard.bus.routing.Match;
import dev.switchboard.bus.routing.QueueGroup;
import dev.switchboard.bus.routing.SubjectRouter;
import dev.switchboard.protocol.FrameFlags;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.Utf8;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What all connections share: the subject router, the queue groups, the live sessions, the
 * counters, and the broker's own ({@code $SYS}) subscriptions. Routing a PUB happens here, on the
 * publisher's event loop: match the subject, then append one MSG per matching subscription (one per
 * queue group) to each subscriber's outbound buffer.
 *
 * <p>Thread-safety: shared by all event loops; every structure is concurrent.
 */
public final class BrokerCore {
    private static final Logger log = LoggerFactory.getLogger(BrokerCore.class);

    volatile BrokerConfig config; // replaced as a whole by reload(); read per use
    final String serverId = UUID.randomUUID().toString();
    final Instant startedAt = Instant.now();
    final SubjectRouter<ServerSubscription> router = new SubjectRouter<>();
    final QueueGroups groups = new QueueGroups();
    final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    final AtomicLong nextConnectionId = new AtomicLong();
    final AtomicInteger connectionCount = new AtomicInteger();
    final ServerStats stats = new ServerStats();
    volatile StreamManager streams; // null: streams disabled
    private final ThreadPoolExecutor system;
    private final java.util.concurrent.atomic.AtomicBoolean systemQueueFullLogged =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param config the broker's settings
     */
    public BrokerCore(BrokerConfig config) {
        this.config = config;
        this.system =
                new ThreadPoolExecutor(
                        1,
                        1,
                        0,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(10_000),
                        r -> {
                            Thread t = new Thread(r, "switchboard-system");
                            t.setDaemon(true);
                            return t;
                        },
                        (r, e) -> systemQueueFull());
    }

    /** Counts a $SYS request or advisory the full system queue refused; logs only the first. */
    private void systemQueueFull() {
        stats.droppedSystemQueueFull.increment();
        if (systemQueueFullLogged.compareAndSet(false, true)) {
            log.warn(
                    "system queue full (10000 tasks): a $SYS request or advisory was dropped;"
                            + " further drops are counted, not logged"
                            + " (switchboard_messages_dropped_total{cause=\"system_queue_full\"})");
        }
    }

    /**
     * Routes one publish to every matching subscription.
     *
     * @param match the subject's routes
     * @param from the publishing session, or {@code null} for the broker itself
     * @param echo whether the publisher's own subscriptions get it
     * @param buf the buffer holding the PUB body
     * @param bodyAt where the body starts
     * @param bodyLength its length
     * @param headersAt where the headers section starts
     * @param headersLength its length
     * @param payloadLength the payload length (for counters)
     * @return how many deliveries were made (queue groups count once)
     */
    int route(
            Match<ServerSubscription> match,
            Session from,
            boolean echo,
            ByteBuf buf,
            int bodyAt,
            int bodyLength,
            int headersAt,
            int headersLength,
            int payloadLength) {
        if (match.isEmpty()) {
            return 0;
        }
        Session skip = echo ? null : from;
        int deliveries = 0;
        List<ServerSubscription> targets = match.targets();
        for (int i = 0, n = targets.size(); i < n; i++) {
            ServerSubscription s = targets.get(i);
            if (s.session == null || s.session != skip) {
                if (deliver(s, buf, bodyAt, bodyLength, payloadLength)) {
                    deliveries++;
                }
            }
        }
        List<QueueGroup<ServerSubscription>> qgs = match.groups();
        for (int i = 0, n = qgs.size(); i < n; i++) {
            ServerSubscription s = groups.pick(qgs.get(i), buf, headersAt, headersLength, skip);
            if (s != null && deliver(s, buf, bodyAt, bodyLength, payloadLength)) {
                deliveries++;
            }
        }
        return deliveries;
    }

    private boolean deliver(
            ServerSubscription s, ByteBuf buf, int bodyAt, int bodyLength, int payloadLength) {
        if (s.session == null) {
            deliverInternal(s, buf, bodyAt, bodyLength);
            return true;
        }
        return s.session.enqueue(s, buf, bodyAt, bodyLength, payloadLength);
    }

    /** Copies what a $SYS handler needs and runs it off the event loop. */
    private void deliverInternal(ServerSubscription s, ByteBuf buf, int bodyAt, int bodyLength) {
        int p = bodyAt;
        int subjectLength = buf.getUnsignedShort(p);
        String subject = Utf8.decode(buf, p + 2, subjectLength);
        p += 2 + subjectLength;
        int replyLength = buf.getUnsignedShort(p);
        String reply = replyLength == 0 ? null : Utf8.decode(buf, p + 2, replyLength);
        p += 2 + replyLength;
        long headersLength = buf.getUnsignedInt(p);
        p += 4 + (int) headersLength;
        byte[] payload = new byte[bodyAt + bodyLength - p];
        buf.getBytes(p, payload);
        system.execute(() -> s.internal.onMessage(subject, reply, payload));
    }

    /**
     * Tells a requester at once that nobody subscribes to its request's subject: a MSG flagged
     * no-responders on the reply subject.
     *
     * @param replySubject the request's reply subject (validated)
     */
    void noResponders(String replySubject) {
        stats.noResponders.increment();
        Match<ServerSubscription> match = router.match(replySubject);
        for (ServerSubscription s : match.targets()) {
            if (s.session != null) {
                s.session.enqueueStatus(s, replySubject, FrameFlags.MSG_NO_RESPONDERS);
            }
        }
        for (QueueGroup<ServerSubscription> g : match.groups()) {
            ServerSubscription s = g.members().get(0);
            if (s.session != null) {
                s.session.enqueueStatus(s, replySubject, FrameFlags.MSG_NO_RESPONDERS);
            }
        }
    }

    /**
     * Publishes a message from the broker itself ($SYS replies and advisories).
     *
     * @param subject the subject
     * @param replyTo the reply subject, or {@code null}
     * @param payload the payload
     * @return how many deliveries were made
     */
    public int publish(String subject, String replyTo, byte[] payload) {
        return encodeAndRoute(
                router.match(subject), null, true, false, subject, replyTo, Headers.EMPTY, payload);
    }

    /**
     * Publishes a message from the broker to the client subscribers of one subject while the MSG
     * carries another: stream deliveries go to an inbox or deliver subject but keep their original
     * subject. Never reaches the broker's own handlers, whatever subject a client chose.
     *
     * @param routeSubject whose subscribers get it
     * @param subject the MSG's subject
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section
     * @param payload the payload
     * @return how many deliveries were made
     */
    public int publishAs(
            String routeSubject,
            String subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload) {
        return encodeAndRoute(
                router.match(routeSubject), null, true, true, subject, replyTo, headers, payload);
    }

    /**
     * Routes a client's publish re-encoded without its reply subject (an acknowledged stream
     * publish: its reply subject is for the broker's ack), with the publisher's echo setting.
     *
     * @param from the publishing session
     * @param echo whether its own subscriptions get it
     * @param subject the subject
     * @param headers the headers section
     * @param payload the payload
     */
    void routeCopy(Session from, boolean echo, String subject, byte[] headers, byte[] payload) {
        encodeAndRoute(router.match(subject), from, echo, false, subject, null, headers, payload);
    }

    /**
     * Routes a message the broker holds as arrays: each session gets its MSG encoded once, straight
     * into its outbound buffer (no intermediate frame), and a broker handler gets the arrays. The
     * same rules as {@link #route}: echo, queue groups (a hash group reads the headers in place),
     * and {@code clientsOnly} keeping client-chosen subjects away from the broker's handlers.
     */
    private int encodeAndRoute(
            Match<ServerSubscription> match,
            Session from,
            boolean echo,
            boolean clientsOnly,
            CharSequence subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload) {
        if (match.isEmpty()) {
            return 0;
        }
        Session skip = echo ? null : from;
        int deliveries = 0;
        List<ServerSubscription> targets = match.targets();
        for (int i = 0, n = targets.size(); i < n; i++) {
            ServerSubscription s = targets.get(i);
            if ((s.session == null && !clientsOnly) || (s.session != null && s.session != skip)) {
                if (deliverArrays(s, subject, replyTo, headers, payload)) {
                    deliveries++;
                }
            }
        }
        List<QueueGroup<ServerSubscription>> qgs = match.groups();
        if (!qgs.isEmpty()) {
            ByteBuf headerView = Unpooled.wrappedBuffer(headers);
            for (int i = 0, n = qgs.size(); i < n; i++) {
                ServerSubscription s = groups.pick(qgs.get(i), headerView, 0, headers.length, skip);
                if (s != null
                        && (s.session != null || !clientsOnly)
                        && deliverArrays(s, subject, replyTo, headers, payload)) {
                    deliveries++;
                }
            }
        }
        return deliveries;
    }

    private boolean deliverArrays(
            ServerSubscription s,
            CharSequence subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload) {
        if (s.session != null) {
            return s.session.enqueueMsg(s, subject, replyTo, headers, payload);
        }
        String sub = subject.toString();
        String reply = replyTo == null ? null : replyTo.toString();
        system.execute(() -> s.internal.onMessage(sub, reply, payload));
        return true;
    }

    /**
     * A reply subject (ASCII, validated) whose route the receiving session resolved when the
     * publish arrived, from its cache of the connection's inbox prefix (see {@link
     * SubjectRouter#matchAnyLastToken}): the stream thread that answers later neither parses nor
     * matches it again while the router's generation holds.
     */
    static final class RoutedReply implements CharSequence {
        final AsciiString bytes;
        final Match<ServerSubscription> match; // null: match when answering
        final long generation;

        RoutedReply(byte[] subject, Match<ServerSubscription> match, long generation) {
            this.bytes = new AsciiString(subject, false);
            this.match = match;
            this.generation = generation;
        }

        @Override
        public int length() {
            return bytes.length();
        }

        @Override
        public char charAt(int index) {
            return bytes.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return bytes.subSequence(start, end);
        }

        @Override
        public String toString() {
            return bytes.toString();
        }
    }

    /**
     * @return the routing streams use: answers, deliveries, interest
     */
    public StreamOutput streamOutput() {
        return new StreamOutput() {
            @Override
            public void reply(CharSequence subject, byte[] headers, byte[] body) {
                if (subject instanceof RoutedReply r) {
                    Match<ServerSubscription> m =
                            r.generation == router.generation() && r.match != null
                                    ? r.match
                                    : router.matchReply(r.toString());
                    encodeAndRoute(m, null, true, true, r.bytes, null, headers, body);
                    return;
                }
                // Replies go to one-off inboxes: matched per inbox prefix, never churning the
                // route cache with subjects used once.
                String s = subject.toString();
                encodeAndRoute(router.matchReply(s), null, true, true, s, null, headers, body);
            }

            @Override
            public int deliver(
                    String routeSubject,
                    String subject,
                    CharSequence replyTo,
                    byte[] headers,
                    byte[] payload) {
                return publishAs(routeSubject, subject, replyTo, headers, payload);
            }

            @Override
            public boolean hasInterest(String subject) {
                return !router.match(subject).isEmpty();
            }

            @Override
            public long room(String subject) {
                // The most room among the connections it reaches: a slow subscriber (a tap on
                // '>', one member of a queue group) meets its own slow-consumer policy instead of
                // holding up deliveries to the others.
                Match<ServerSubscription> m = router.match(subject);
                long room = Long.MIN_VALUE;
                for (ServerSubscription s : m.targets()) {
                    if (s.session != null) {
                        room = Math.max(room, s.session.room());
                    }
                }
                for (QueueGroup<ServerSubscription> g : m.groups()) {
                    for (ServerSubscription s : g.members()) {
                        if (s.session != null) {
                            room = Math.max(room, s.session.room());
                        }
                    }
                }
                return room == Long.MIN_VALUE ? Long.MAX_VALUE : room;
            }
        };
    }

    /**
     * Subscribes the broker itself; the handler runs on the single system thread.
     *
     * @param pattern the pattern
     * @param handler what to do with each message
     */
    void subscribeInternal(String pattern, ServerSubscription.InternalHandler handler) {
        router.add(pattern, null, ServerSubscription.internal(pattern, handler));
    }

    /**
     * @param streams the broker's streams, or {@code null} when persistence is off
     */
    public void streams(StreamManager streams) {
        this.streams = streams;
    }

    /**
     * @return the broker's streams, or {@code null} when persistence is off
     */
    public StreamManager streams() {
        return streams;
    }

    /**
     * Subscribes the broker itself to a pattern (the stream API); the handler runs on the system
     * thread.
     *
     * @param pattern the pattern
     * @param handler subject, reply and payload of each message
     */
    public void subscribeSystem(String pattern, SystemHandler handler) {
        subscribeInternal(pattern, handler::onMessage);
    }

    /** A broker-internal subscriber, called on the system thread. */
    @FunctionalInterface
    public interface SystemHandler {
        /**
         * @param subject the subject
         * @param replyTo the reply subject, or {@code null}
         * @param payload the payload
         */
        void onMessage(String subject, String replyTo, byte[] payload);
    }

    /**
     * Runs a task on the system thread (advisories, listings).
     *
     * @param task the task
     */
    void onSystemThread(Runnable task) {
        system.execute(task);
    }

    /**
     * @return messages in, bytes in, messages out, bytes out: closed connections' plus live ones'
     */
    long[] traffic() {
        ServerStats s = stats;
        long[] t = {
            s.retiredMsgsIn.sum(),
            s.retiredBytesIn.sum(),
            s.retiredMsgsOut.sum(),
            s.retiredBytesOut.sum()
        };
        for (Session session : sessions.values()) {
            ConnectionInfo c = session.info();
            t[0] += c.msgsIn();
            t[1] += c.bytesIn();
            t[2] += c.msgsOut();
            t[3] += c.bytesOut();
        }
        return t;
    }

    /**
     * Applies the settings that can change while running; the caller has checked which those are.
     *
     * @param next the new settings
     */
    public void reload(BrokerConfig next) {
        long oldPending = config.maxPendingBytes();
        config = next;
        if (next.maxPendingBytes() != oldPending) {
            for (Session s : sessions.values()) {
                s.maxPendingBytes(next.maxPendingBytes());
            }
        }
    }

    /**
     * @return the settings in force
     */
    public BrokerConfig config() {
        return config;
    }

    /**
     * @return how many connections are open
     */
    public int connections() {
        return sessions.size();
    }

    /**
     * Sends GOAWAY to every open connection.
     *
     * @param drainMs how long clients have before the server closes
     * @param reason why, for their logs
     */
    public void goAwayAll(long drainMs, String reason) {
        for (Session s : sessions.values()) {
            s.goAway(drainMs, reason);
        }
    }

    /**
     * @return whether every client has left
     */
    public boolean allGone() {
        return sessions.isEmpty();
    }

    /**
     * Waits a little for connections to close (a shutdown's drain loop).
     *
     * @param nanos the most to wait
     */
    public void awaitChange(long nanos) {
        if (nanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
    }

    /** Closes every connection still open. */
    public void closeAll() {
        for (Session s : sessions.values()) {
            s.closeNow();
        }
    }

    /**
     * @return tasks waiting for the system thread (a metric)
     */
    int systemQueueDepth() {
        return system.getQueue().size();
    }

    /** Stops the system thread. */
    public void shutdownSystem() {
        system.shutdown();
    }
}
