package dev.switchboard.client.internal;

import dev.switchboard.bus.NoRespondersException;
import dev.switchboard.client.Msg;
import dev.switchboard.client.PullConsumer;
import dev.switchboard.client.StreamMessage;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.protocol.FrameFlags;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.NextRequest;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamHeaders;
import dev.switchboard.protocol.stream.StreamSubjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link PullConsumer}: one pull subscription on {@code _INBOX.<random>.*}; fetch {@code n} sends
 * its {@code NEXT} request with the reply subject {@code _INBOX.<random>.<n>}.
 *
 * <p>Deliveries arrive with their original subject (only the subscription id ties them to this
 * inbox), so fetches run one at a time under {@link #lock}; a delivery that arrives after its fetch
 * gave up is handed to the next fetch (it is a valid delivery of this consumer). Statuses carry the
 * reply subject, so a late status of an earlier fetch is recognised and ignored.
 */
final class PullConsumerImpl implements PullConsumer {
    private static final Duration MIN_MARGIN = Duration.ofMillis(500);

    private final ClientConnection conn;
    private final String stream;
    private final String consumer;
    private final String nextSubject;
    private final String prefix;
    private final PullSubscriptionImpl inbox;
    // Under lock: messages taken from the inbox and not yet looked at (a fetch that ends on a
    // status leaves what was drained behind it for the next fetch).
    private final ArrayList<Msg> drained = new ArrayList<>();
    private final AtomicLong fetches = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    PullConsumerImpl(ClientConnection conn, String stream, String consumer) {
        this.conn = conn;
        this.stream = stream;
        this.consumer = consumer;
        this.nextSubject = StreamSubjects.consumerNext(stream, consumer);
        this.prefix = Requests.newInboxPrefix();
        this.inbox = conn.pullSubscription(prefix + "*", SubscribeOptions.defaults());
    }

    @Override
    public List<StreamMessage> fetch(int batch, Duration maxWait) throws InterruptedException {
        BlockingWait.refuseOnIoThread(conn, "a pull fetch");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
        }
        lock.lockInterruptibly();
        try {
            if (closed) {
                throw new IllegalStateException(
                        "pull consumer " + stream + "/" + consumer + " is closed");
            }
            return fetchLocked(batch, maxWait);
        } finally {
            lock.unlock();
        }
    }

    private List<StreamMessage> fetchLocked(int batch, Duration maxWait)
            throws InterruptedException {
        String replyTo = prefix + fetches.incrementAndGet();
        long expiresMs = Math.max(1, maxWait.toMillis());
        byte[] body = ApiJson.write(new NextRequest(batch, expiresMs, false));
        conn.publishFrame(nextSubject, replyTo, Headers.EMPTY, body, FrameFlags.PUB_REQUEST);
        Duration margin = maxWait.dividedBy(10);
        if (margin.compareTo(MIN_MARGIN) < 0) {
            margin = MIN_MARGIN;
        }
        long deadline = System.nanoTime() + maxWait.plus(margin).toNanos();
        List<StreamMessage> out = new ArrayList<>(Math.min(batch, 1024));
        StreamMessage last = null; // its stream and consumer names are shared with the next one
        int i = 0; // drained[i..] not looked at yet
        while (out.size() < batch) {
            if (i == drained.size()) {
                drained.clear();
                i = 0;
                if (inbox.drain(drained, batch - out.size(), deadline - System.nanoTime()) == 0) {
                    break; // waited long enough, or the subscription ended
                }
            }
            Msg m = drained.get(i++);
            String ack = m.replyTo();
            if (ack != null && ack.startsWith(StreamSubjects.ACK_PREFIX)) {
                try {
                    last = StreamMessage.of(m, last); // parses the ack subject, once
                    out.add(last);
                } catch (IllegalArgumentException malformed) {
                    // not a delivery after all: ignored, as any stray message on the inbox
                }
                continue;
            }
            if (!m.subject().equals(replyTo)) {
                continue; // a late status or answer of an earlier fetch
            }
            Optional<String> status = m.header(StreamHeaders.STATUS);
            if (status.isPresent()) {
                if (endsFetch(status.get(), m, out.isEmpty())) {
                    break; // what was drained behind it stays for the next fetch
                }
                continue;
            }
            if (m.payload().length == 0) {
                throw new NoRespondersException(nextSubject);
            }
            ApiJson.readTree(m.payload()); // an error answer throws
        }
        // Not in a finally: when an answer above throws, what was drained stays whole, so the
        // next fetch returns the deliveries this one had collected (and skips the rest, which
        // answer this fetch's reply subject).
        drained.subList(0, i).clear();
        return out;
    }

    /** A status ends the fetch; 409 before any message throws. */
    private boolean endsFetch(String status, Msg m, boolean nothingYet) {
        int code;
        try {
            code = Integer.parseInt(status.trim());
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code == StreamHeaders.STATUS_GONE && nothingYet) {
            throw new StreamApiException(
                    code,
                    "pull request to "
                            + stream
                            + "/"
                            + consumer
                            + " ended: "
                            + m.header(StreamHeaders.DESCRIPTION)
                                    .orElse("consumer deleted or broker stopping"));
        }
        return true;
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public String consumer() {
        return consumer;
    }

    @Override
    public void close() {
        closed = true;
        inbox.unsubscribe();
    }

    @Override
    public String toString() {
        return "PullConsumer[" + stream + "/" + consumer + ", inbox=" + prefix + "*]";
    }
}
