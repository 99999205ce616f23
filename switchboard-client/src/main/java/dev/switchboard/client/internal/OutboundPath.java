package dev.switchboard.client.internal;

import dev.switchboard.client.BufferFullException;
import dev.switchboard.client.BufferFullPolicy;
import dev.switchboard.client.Connection.Status;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.CoalescingWriter;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameLayout;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Overflow;
import dev.switchboard.protocol.ProtocolLimits;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The outbound path of a {@link ClientConnection}: PUB, SUB, UNSUB and PING appended to the
 * connection's one {@link CoalescingWriter}, in program order, with the checks against the server's
 * limits and the wait for buffer room. While there is no session the writer's bound is the
 * reconnect buffer, and {@link BufferFullPolicy} says what a full one does.
 *
 * <p>Threads. Publishing threads call in; PUBs are appended without the connection's {@link
 * ClientConnection#lock}, SUB/UNSUB and PING under it (see {@link #sendControl}). No thread waits
 * for room while holding the lock.
 */
final class OutboundPath {
    private final ClientConnection conn;
    String lastValidSubject; // a subject already validated (racy cache: Strings are immutable)

    OutboundPath(ClientConnection conn) {
        this.conn = conn;
    }

    /**
     * Under lock: appends a PING behind everything buffered. Its future joins the FIFO first: the
     * I/O thread may write the PING and read the PONG before {@code append} even returns.
     */
    boolean sendPing(ClientSession s, CompletableFuture<Void> pong) {
        s.pongs.add(pong);
        if (conn.writer.append(new Frame.Ping(), Overflow.DROP_NEWEST)
                == CoalescingWriter.Result.FULL) {
            s.pongs.remove(pong);
            return false;
        }
        return true;
    }

    /** Checks a PUB against the subject rules and the server's limits; throws if it breaks one. */
    void checkOutbound(String subject, String replyTo, byte[] headers, byte[] payload) {
        if (subject != lastValidSubject) {
            Subjects.requireValidSubject(subject);
            checkSubjectBytes("subject", subject, conn.limits);
            lastValidSubject = subject;
        }
        if (replyTo != null) {
            Subjects.requireValidSubject(replyTo);
        }
        ProtocolLimits l = conn.limits;
        if (payload.length > l.maxPayload()) {
            throw new IllegalArgumentException(
                    "payload is "
                            + payload.length
                            + " bytes; the server's limit (max_payload) is "
                            + l.maxPayload());
        }
        if (headers.length > l.maxHeadersBytes()) {
            throw new IllegalArgumentException(
                    "headers are "
                            + headers.length
                            + " bytes; the server's limit (max_headers) is "
                            + l.maxHeadersBytes());
        }
        if (replyTo != null) {
            checkSubjectBytes("reply subject", replyTo, l);
        }
    }

    static void checkSubjectBytes(String what, String s, ProtocolLimits l) {
        int n = FrameWriter.utf8Length(s);
        if (n > l.maxSubjectBytes()) {
            throw new IllegalArgumentException(
                    what
                            + " is "
                            + n
                            + " UTF-8 bytes; the server's limit (max_subject) is "
                            + l.maxSubjectBytes());
        }
    }

    /** Publishes one PUB frame with the given flags, waiting for buffer room by the options. */
    void publishFrame(String subject, String replyTo, byte[] headers, byte[] payload, int flags) {
        Objects.requireNonNull(payload, "payload");
        if (conn.status == Status.CLOSED) {
            throw new ConnectionClosedException("cannot publish to '" + subject + "': closed");
        }
        checkOutbound(subject, replyTo, headers, payload);
        append(subject, replyTo, headers, payload, flags);
    }

    /**
     * Like {@link #publishFrame} with a reply subject the client built itself (an acknowledgement
     * inbox: valid by construction and far below any subject limit), which is not checked again.
     */
    void publishFrameOwnReply(
            String subject, CharSequence ownReply, byte[] headers, byte[] payload, int flags) {
        Objects.requireNonNull(payload, "payload");
        if (conn.status == Status.CLOSED) {
            throw new ConnectionClosedException("cannot publish to '" + subject + "': closed");
        }
        checkOutbound(subject, null, headers, payload);
        append(subject, ownReply, headers, payload, flags);
    }

    private void append(
            String subject, CharSequence replyTo, byte[] headers, byte[] payload, int flags) {
        long deadline = 0;
        while (conn.writer.appendPub(
                        subject,
                        replyTo,
                        headers,
                        payload,
                        0,
                        payload.length,
                        flags,
                        Overflow.DROP_NEWEST)
                == CoalescingWriter.Result.FULL) {
            if (deadline == 0) {
                deadline = System.nanoTime() + conn.options.publishTimeout().toNanos();
            }
            long size =
                    FrameLayout.HEADER
                            + FrameLayout.PUB_FIXED
                            + FrameWriter.utf8Length(subject)
                            + FrameWriter.utf8Length(replyTo)
                            + headers.length
                            + payload.length;
            awaitRoom(size, deadline, "publish to '" + subject + "'");
        }
    }

    /** Waits outside any lock for outbound room, or throws what the policy says. */
    private void awaitRoom(long bytes, long deadline, String what) {
        if (conn.status == Status.CLOSED) {
            throw new ConnectionClosedException("cannot " + what + ": closed");
        }
        long max = conn.writer.maxPendingBytes();
        boolean disconnected = conn.session == null;
        if (bytes > max) {
            throw new IllegalArgumentException(
                    "cannot "
                            + what
                            + ": the frame is "
                            + bytes
                            + " bytes, more than the whole "
                            + (disconnected ? "reconnect" : "publish")
                            + " buffer ("
                            + max
                            + " bytes)");
        }
        if (disconnected && conn.options.bufferFullPolicy() == BufferFullPolicy.FAIL) {
            throw new BufferFullException(
                    "cannot "
                            + what
                            + ": disconnected and the reconnect buffer is full ("
                            + conn.writer.pendingBytes()
                            + " of "
                            + max
                            + " bytes waiting; BufferFullPolicy.FAIL)");
        }
        if (conn.loop.inEventLoop()) {
            throw new BufferFullException(
                    "cannot "
                            + what
                            + ": the publish buffer is full and an inline handler cannot wait"
                            + " for room on the I/O thread that empties it ("
                            + conn.writer.pendingBytes()
                            + " of "
                            + max
                            + " bytes waiting)");
        }
        long left = deadline - System.nanoTime();
        try {
            if (left <= 0 || !conn.writer.awaitRoom(bytes, left)) {
                if (conn.status == Status.CLOSED) {
                    throw new ConnectionClosedException("cannot " + what + ": closed");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new BufferFullException(
                            "cannot "
                                    + what
                                    + ": the "
                                    + (disconnected ? "reconnect" : "publish")
                                    + " buffer stayed full for "
                                    + conn.options.publishTimeout()
                                    + " ("
                                    + conn.writer.pendingBytes()
                                    + " of "
                                    + max
                                    + " bytes waiting)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BufferFullException("interrupted while waiting to " + what);
        }
    }

    /**
     * Sends SUB or UNSUB in order with the publishes, exactly once per session: a SUB only if the
     * subscription is not yet known on the current session, an UNSUB only if it is. Without a
     * session nothing is sent (a reconnect resubscribes what is active).
     */
    void sendControl(AbstractSubscription sub, Frame frame, boolean isSub) {
        long deadline = 0;
        while (true) {
            conn.lock.lock();
            try {
                if (conn.status == Status.CLOSED || conn.session == null) {
                    return;
                }
                boolean known = sub.subscribedGen == conn.gen;
                if (isSub == known) {
                    return;
                }
                if (conn.writer.append(frame, Overflow.DROP_NEWEST)
                        != CoalescingWriter.Result.FULL) {
                    if (isSub) {
                        sub.subscribedGen = conn.gen;
                        long left = sub.remaining();
                        if (left > 0) {
                            isSub = false;
                            frame = new Frame.Unsub(sub.sid(), left);
                            continue; // the auto-unsubscribe set while this SUB waited
                        }
                    }
                    return;
                }
            } finally {
                conn.lock.unlock();
            }
            if (deadline == 0) {
                deadline = System.nanoTime() + conn.options.publishTimeout().toNanos();
            }
            awaitRoom(64 + FrameLayout.SUB_FIXED + 3L * 1024, deadline, "send " + frame.opcode());
        }
    }
}
