package dev.switchboard.client.internal;

import dev.switchboard.client.Connection.Status;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Flush and drain for a {@link ClientConnection}. A flush is a PING appended behind everything
 * buffered and the wait for its PONG; a drain unsubscribes, flushes, lets the subscriptions finish
 * what they hold, flushes what their handlers published, and closes.
 *
 * <p>Threads. A flush runs on the caller's thread (never the I/O thread: it would wait for itself),
 * {@code flushAsync} and drains on virtual threads of their own. The PING is queued under the
 * connection's {@link ClientConnection#lock} (so its PONG future lines up with the session it went
 * to); waiting for a session, room, or the PONG happens outside it. {@code draining} is guarded by
 * the lock.
 */
final class Drainer {
    private final ClientConnection conn;

    // Guarded by the connection's lock.
    private CompletableFuture<Void> draining;

    Drainer(ClientConnection conn) {
        this.conn = conn;
    }

    void flush(Duration timeout) throws TimeoutException, InterruptedException {
        BlockingWait.refuseOnIoThread(conn, "flush");
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Void> pong = queuePing(deadline);
        BlockingWait.spin(conn, pong);
        try {
            pong.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re
                    ? re
                    : new ConnectionClosedException("flush failed: " + cause);
        } catch (TimeoutException e) {
            throw new TimeoutException("no PONG within " + timeout);
        }
    }

    /** Appends a PING behind everything buffered, waiting for a session and room if needed. */
    private CompletableFuture<Void> queuePing(long deadline)
            throws TimeoutException, InterruptedException {
        CompletableFuture<Void> pong = new CompletableFuture<>();
        while (true) {
            conn.lock.lock();
            try {
                while (conn.session == null) {
                    if (conn.status == Status.CLOSED) {
                        throw new ConnectionClosedException("cannot flush: closed");
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("not connected within the flush timeout");
                    }
                    conn.connected.awaitNanos(left);
                }
                if (conn.outbound.sendPing(conn.session, pong)) {
                    return pong;
                }
            } finally {
                conn.lock.unlock();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !conn.writer.awaitRoom(FrameLayout.HEADER, left)) {
                if (conn.status == Status.CLOSED) {
                    throw new ConnectionClosedException("cannot flush: closed");
                }
                if (deadline - System.nanoTime() <= 0) {
                    throw new TimeoutException("outbound buffer stayed full during the flush");
                }
            }
        }
    }

    CompletableFuture<Void> flushAsync(Duration timeout) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofVirtual()
                .name("switchboard-client-" + conn.name + "-flush")
                .start(
                        () -> {
                            try {
                                flush(timeout);
                                result.complete(null);
                            } catch (Exception e) {
                                result.completeExceptionally(e);
                            }
                        });
        return result;
    }

    /** Flushes, swallowing failures: drain and close go on regardless. */
    void quietFlush(Duration timeout) {
        try {
            flush(timeout);
        } catch (TimeoutException | RuntimeException e) {
            // Drain goes on: what arrived is handled, the rest is lost with the connection.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    CompletableFuture<Void> drain(Duration timeout) {
        ClientConnection.requirePositive("timeout", timeout);
        CompletableFuture<Void> result;
        conn.lock.lock();
        try {
            if (draining != null) {
                return draining;
            }
            if (conn.status == Status.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
            conn.status = Status.DRAINING;
            draining = result = new CompletableFuture<>();
        } finally {
            conn.lock.unlock();
        }
        Thread.ofVirtual()
                .name("switchboard-client-" + conn.name + "-drain")
                .start(() -> drainAll(timeout, result));
        return result;
    }

    private void drainAll(Duration timeout, CompletableFuture<Void> result) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<AbstractSubscription> list = new ArrayList<>();
        for (AbstractSubscription sub : conn.subscriptions.subs.values()) {
            if (!sub.isReplyInbox() && sub.state == AbstractSubscription.State.ACTIVE) {
                sub.state = AbstractSubscription.State.DRAINING;
                list.add(sub);
            }
        }
        for (AbstractSubscription sub : list) {
            conn.outbound.sendControl(sub, new Frame.Unsub(sub.sid(), 0), false);
        }
        quietFlush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        for (AbstractSubscription sub : list) {
            conn.subscriptions.subs.remove(sub.sid(), sub);
            sub.end();
        }
        CompletableFuture<Void> subsDone = new CompletableFuture<>();
        awaitFinished(list, deadline, subsDone);
        // Handlers may have published while finishing: write that too.
        quietFlush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        conn.closeInternal("drained", null, false);
        subsDone.whenComplete(
                (v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(null);
                    }
                });
    }

    CompletableFuture<Void> drainSubscription(AbstractSubscription sub, Duration timeout) {
        if (sub.state != AbstractSubscription.State.ACTIVE) {
            return sub.finished();
        }
        sub.state = AbstractSubscription.State.DRAINING;
        conn.outbound.sendControl(sub, new Frame.Unsub(sub.sid(), 0), false);
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofVirtual()
                .name("switchboard-client-" + conn.name + "-drain")
                .start(
                        () -> {
                            long deadline = System.nanoTime() + timeout.toNanos();
                            quietFlush(timeout);
                            conn.subscriptions.subs.remove(sub.sid(), sub);
                            sub.end();
                            awaitFinished(List.of(sub), deadline, result);
                        });
        return result;
    }

    private static void awaitFinished(
            List<AbstractSubscription> list, long deadline, CompletableFuture<Void> result) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[list.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = list.get(i).finished();
        }
        try {
            CompletableFuture.allOf(all)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            result.complete(null);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            int pending = 0;
            for (AbstractSubscription s : list) {
                pending += s.pendingMessages();
                s.closeNow(null);
            }
            result.completeExceptionally(
                    new TimeoutException(
                            "drain timed out with " + pending + " messages still pending"));
        }
    }
}
