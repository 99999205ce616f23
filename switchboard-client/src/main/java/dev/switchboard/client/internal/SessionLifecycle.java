package dev.switchboard.client.internal;

import dev.switchboard.client.Connection.Status;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.client.ConnectionEvent;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolException;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The life of a {@link ClientConnection}'s sessions after they are opened: going live on WELCOME
 * (resubscribing first, then attaching the writer), the keepalive, the loss, and the reconnect loop
 * with its backoff.
 *
 * <p>Threads. The session callbacks, the keepalive and the reconnect attempts run on the
 * connection's I/O thread, under the connection's {@link ClientConnection#lock} for the state they
 * share with publishing threads (the session, its generation, the status, the writer's attachment).
 * The reconnect attempt count and task are guarded by that lock too. {@link #cancelReconnect} and
 * {@link #failPongs} are also called by a closing thread; {@link #backoffNanos} reads only the
 * options.
 */
final class SessionLifecycle {
    private final ClientConnection conn;

    // Guarded by the connection's lock.
    private int attempts;
    private ScheduledFuture<?> reconnectTask;

    SessionLifecycle(ClientConnection conn) {
        this.conn = conn;
    }

    /** I/O thread: the server answered HELLO. Resubscribes, attaches the writer, goes live. */
    void onWelcome(ClientSession s) {
        boolean reconnected;
        int resubscribed = 0;
        conn.lock.lock();
        try {
            if (s != conn.attempt || conn.status == Status.CLOSED || s.lost) {
                s.close("superseded");
                return;
            }
            conn.attempt = null;
            conn.gen++;
            conn.welcome = s.welcome();
            conn.limits = s.welcome().limits();
            conn.outbound.lastValidSubject = null; // the new server may allow shorter subjects
            for (AbstractSubscription sub : conn.subscriptions.subs.values()) {
                if (sub.state == AbstractSubscription.State.ACTIVE) {
                    s.writeDirect(sub.subFrame());
                    long left = sub.remaining();
                    if (left > 0) {
                        s.writeDirect(new Frame.Unsub(sub.sid(), left));
                    }
                    sub.subscribedGen = conn.gen;
                    resubscribed++;
                }
            }
            s.channel().flush();
            conn.session = s;
            conn.writer.maxPendingBytes(conn.options.publishBufferBytes());
            conn.writer.attach(s.channel());
            if (conn.status != Status.DRAINING) {
                conn.status = Status.CONNECTED;
            }
            reconnected = conn.everConnected;
            conn.everConnected = true;
            attempts = 0;
            conn.connected.signalAll();
        } finally {
            conn.lock.unlock();
        }
        s.startKeepalive(conn.options.pingInterval().toNanos());
        if (reconnected) {
            conn.reconnects.increment();
            conn.events.fire(ConnectionEvent.Type.RECONNECTED, s.server, "reconnected", null, 0);
            conn.events.fire(
                    ConnectionEvent.Type.RESUBSCRIBED,
                    s.server,
                    resubscribed + " subscriptions sent again",
                    null,
                    0);
        } else {
            conn.events.fire(ConnectionEvent.Type.CONNECTED, s.server, "connected", null, 0);
        }
        s.ready.complete(s);
    }

    /** I/O thread: a session's socket closed. */
    void onSessionClosed(ClientSession s, String reason) {
        boolean close = false;
        conn.lock.lock();
        try {
            s.lost = true;
            if (s == conn.attempt) {
                conn.attempt = null;
                return; // the attempt's failure is handled where it was started
            }
            if (s != conn.session) {
                return;
            }
            conn.session = null;
            conn.writer.detach();
            conn.writer.maxPendingBytes(conn.options.reconnectBufferBytes());
            failPongs(s, "connection to " + s.server + " lost: " + reason);
            if (conn.status == Status.CLOSED) {
                return;
            }
            conn.events.fire(ConnectionEvent.Type.DISCONNECTED, s.server, reason, null, 0);
            if (!conn.options.reconnect()) {
                close = true;
            } else {
                if (conn.status != Status.DRAINING) {
                    conn.status = Status.RECONNECTING;
                }
                attempts = 0;
                scheduleReconnect();
            }
        } finally {
            conn.lock.unlock();
        }
        if (close) {
            conn.closeInternal("connection lost and reconnect is off: " + reason, null, false);
        }
    }

    static void failPongs(ClientSession s, String why) {
        CompletableFuture<Void> f;
        while ((f = s.pongs.poll()) != null) {
            f.completeExceptionally(new ConnectionClosedException(why));
        }
    }

    /** Under lock: the next reconnect attempt, to the next server, after the backoff. */
    private void scheduleReconnect() {
        attempts++;
        int max = conn.options.maxReconnectAttempts();
        if (max >= 0 && attempts > max) {
            int tried = attempts - 1;
            conn.loop.execute(
                    () ->
                            conn.closeInternal(
                                    "gave up after " + tried + " reconnect attempts", null, false));
            return;
        }
        ServerAddress target = conn.connector.nextServer();
        reconnectTask =
                conn.loop.schedule(
                        () -> attemptReconnect(target),
                        backoffNanos(attempts),
                        TimeUnit.NANOSECONDS);
    }

    /**
     * The wait before attempt {@code n} (1-based) since the loss: none for the first when there is
     * another server to try, else {@code reconnectWait} doubling up to {@code reconnectMaxWait},
     * plus or minus a random part up to {@code reconnectJitter}.
     */
    long backoffNanos(int n) {
        int step = conn.connector.servers.size() > 1 ? n - 1 : n;
        if (step <= 0) {
            return 0;
        }
        long wait = conn.options.reconnectWait().toNanos();
        long max = conn.options.reconnectMaxWait().toNanos();
        long base = step > 30 ? max : Math.min(max, wait << Math.min(step - 1, 30));
        if (base < 0) {
            base = max;
        }
        long jitter = conn.options.reconnectJitter().toNanos();
        if (jitter > 0) {
            base += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        }
        return Math.max(0, base);
    }

    private void attemptReconnect(ServerAddress target) {
        ClientSession s;
        conn.lock.lock();
        try {
            if (conn.status == Status.CLOSED || conn.session != null) {
                return;
            }
            s = conn.connector.open(target);
        } finally {
            conn.lock.unlock();
        }
        s.ready.whenComplete(
                (ok, err) -> {
                    if (err != null) {
                        conn.loop.execute(() -> reconnectFailed(s, err));
                    }
                });
    }

    private void reconnectFailed(ClientSession s, Throwable err) {
        boolean authFailed =
                err instanceof ProtocolException pe && pe.code() == ErrorCode.AUTH_FAILED;
        conn.lock.lock();
        try {
            if (conn.attempt == s) {
                conn.attempt = null;
            }
            if (conn.status == Status.CLOSED || conn.session != null) {
                return;
            }
            if (err instanceof ProtocolException) {
                conn.events.fire(ConnectionEvent.Type.ERROR, s.server, err.getMessage(), err, 0);
            }
            if (!authFailed) {
                scheduleReconnect();
            }
        } finally {
            conn.lock.unlock();
        }
        if (authFailed) {
            conn.closeInternal("authentication refused by " + s.server, err, false);
        }
    }

    /** I/O thread: the keepalive tick of a session. */
    void keepalive(ClientSession s) {
        int out;
        conn.lock.lock();
        try {
            if (s != conn.session) {
                return;
            }
            out = s.pingsOut;
            if (out < conn.options.maxPingsOut()) {
                conn.outbound.sendPing(s, new CompletableFuture<>());
                s.pingsOut++;
                return;
            }
        } finally {
            conn.lock.unlock();
        }
        String why = "stale connection: " + out + " PINGs unanswered";
        loseSession(s, why);
    }

    /** Stops writing to a session at once and closes it; reconnecting follows. */
    void loseSession(ClientSession s, String reason) {
        conn.lock.lock();
        try {
            if (s == conn.session) {
                conn.writer.detach();
            }
        } finally {
            conn.lock.unlock();
        }
        s.close(reason);
    }

    /** Under lock, on close: no further reconnect attempt. */
    void cancelReconnect() {
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
        }
    }
}
