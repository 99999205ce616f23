package dev.switchboard.client.internal;

import dev.switchboard.bus.NoRespondersException;
import dev.switchboard.bus.RequestTimeoutException;
import dev.switchboard.client.Connection;
import dev.switchboard.client.Msg;
import dev.switchboard.protocol.Frame;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests waiting for replies. The connection has one inbox subscription, {@code _INBOX.<22 random
 * chars>.*}; each request gets the reply subject {@code _INBOX.<id>.<n>} and an entry here, which
 * the I/O thread finds by subject when a reply (or the server's no-responders status) arrives. A
 * timeout on the connection's clock ends the entry otherwise.
 *
 * <p>Futures handed to applications complete on a virtual thread, never on the I/O thread (which
 * also runs the timer), so their dependent stages may block (even on another request) without
 * stalling the connection.
 *
 * <p>Thread-safety: any thread; an entry ends exactly once.
 */
final class Requests {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final ClockTimer timer;
    private final Connection conn;
    private final AtomicLong next = new AtomicLong();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    private abstract static class Pending {
        final String subject;
        final AtomicBoolean done = new AtomicBoolean();
        volatile ClockTimer.Timed timeoutTask;

        Pending(String subject) {
            this.subject = subject;
        }

        /** I/O thread: a reply; returns whether the entry is finished. */
        abstract boolean reply(Msg msg);

        abstract void expire();

        abstract void fail(Throwable error);
    }

    Requests(Connection conn, ClockTimer timer) {
        this.conn = conn;
        this.timer = timer;
        this.prefix = newInboxPrefix();
    }

    /**
     * @return {@code _INBOX.<22 random alphanumerics>.}, unique with overwhelming probability
     */
    static String newInboxPrefix() {
        char[] id = new char[22];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "_INBOX." + new String(id) + ".";
    }

    String inboxPattern() {
        return prefix + "*";
    }

    String newReplySubject() {
        return prefix + next.incrementAndGet();
    }

    private static void completeAsync(Runnable r, boolean hop) {
        if (hop) {
            Thread.ofVirtual().name("switchboard-client-reply").start(r);
        } else {
            r.run();
        }
    }

    /**
     * Waits for one reply.
     *
     * @param replyTo the reply subject
     * @param subject the request subject (for errors)
     * @param timeout how long, on the clock
     * @param hop whether to complete on a virtual thread (futures handed to applications)
     * @return the future
     */
    CompletableFuture<Msg> one(String replyTo, String subject, Duration timeout, boolean hop) {
        CompletableFuture<Msg> future = new CompletableFuture<>();
        Pending p =
                new Pending(subject) {
                    @Override
                    boolean reply(Msg msg) {
                        completeAsync(() -> future.complete(msg), hop);
                        return true;
                    }

                    @Override
                    void expire() {
                        completeAsync(
                                () ->
                                        future.completeExceptionally(
                                                new RequestTimeoutException(subject, timeout)),
                                hop);
                    }

                    @Override
                    void fail(Throwable error) {
                        completeAsync(() -> future.completeExceptionally(error), hop);
                    }
                };
        register(replyTo, p, future, timeout);
        return future;
    }

    /**
     * Collects replies until {@code max} or the deadline.
     *
     * @param replyTo the reply subject
     * @param subject the request subject
     * @param max how many complete it early
     * @param deadline how long to collect
     * @return the future, completing on a virtual thread or the timer
     */
    CompletableFuture<List<Msg>> all(String replyTo, String subject, int max, Duration deadline) {
        CompletableFuture<List<Msg>> future = new CompletableFuture<>();
        List<Msg> replies = new ArrayList<>();
        Pending p =
                new Pending(subject) {
                    @Override
                    boolean reply(Msg msg) {
                        List<Msg> full = null;
                        synchronized (replies) {
                            replies.add(msg);
                            if (replies.size() >= max) {
                                full = List.copyOf(replies);
                            }
                        }
                        if (full != null) {
                            List<Msg> result = full;
                            completeAsync(() -> future.complete(result), true);
                            return true;
                        }
                        return false;
                    }

                    @Override
                    void expire() {
                        List<Msg> got;
                        synchronized (replies) {
                            got = List.copyOf(replies);
                        }
                        completeAsync(() -> future.complete(got), true);
                    }

                    @Override
                    void fail(Throwable error) {
                        completeAsync(() -> future.completeExceptionally(error), true);
                    }
                };
        register(replyTo, p, future, deadline);
        return future;
    }

    private void register(
            String replyTo, Pending p, CompletableFuture<?> future, Duration timeout) {
        pending.put(replyTo, p);
        p.timeoutTask =
                timer.schedule(
                        timeout.toNanos(),
                        () -> {
                            if (finish(replyTo, p)) {
                                p.expire();
                            }
                        });
        future.whenComplete(
                (r, e) -> {
                    // Also covers cancellation by the application.
                    if (finish(replyTo, p)) {
                        p.timeoutTask.cancel();
                    }
                });
    }

    /** Ends an entry once; returns whether this call ended it. */
    private boolean finish(String replyTo, Pending p) {
        if (!p.done.compareAndSet(false, true)) {
            return false;
        }
        pending.remove(replyTo, p);
        ClockTimer.Timed t = p.timeoutTask;
        if (t != null) {
            t.cancel();
        }
        return true;
    }

    /** I/O thread: a MSG on the inbox. */
    void onReply(Frame.Msg f) {
        String replyTo = f.subject();
        Pending p = pending.get(replyTo);
        if (p == null || p.done.get()) {
            return; // late, duplicate or cancelled
        }
        if (f.noResponders()) {
            if (finish(replyTo, p)) {
                p.fail(new NoRespondersException(p.subject));
            }
            return;
        }
        Msg msg = new Msg(f.sid(), replyTo, f.replyTo(), f.headers(), f.payload(), conn);
        boolean complete;
        synchronized (p) {
            if (p.done.get()) {
                return;
            }
            complete = p.reply(msg);
        }
        if (complete) {
            finish(replyTo, p);
        }
    }

    /** Fails one request (its publish failed). */
    void fail(String replyTo, Throwable error) {
        Pending p = pending.get(replyTo);
        if (p != null && finish(replyTo, p)) {
            p.fail(error);
        }
    }

    /** Fails every waiting request. */
    void failAll(Throwable error) {
        for (var e : List.copyOf(pending.entrySet())) {
            if (finish(e.getKey(), e.getValue())) {
                e.getValue().fail(error);
            }
        }
    }

    int size() {
        return pending.size();
    }
}
