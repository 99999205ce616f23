package dev.switchboard.bus.internal;

import dev.switchboard.bus.RequestTimeoutException;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests waiting for replies, one private inbox subject each ({@code _INBOX.<bus>.<n>}). A reply
 * published to an inbox is handed straight to its request; the timer fails or completes requests at
 * their deadline.
 *
 * <p>Thread-safety: any thread. A request ends exactly once, by whichever of reply, deadline or
 * failure completes its future first; a scatter-gather's reply list is guarded by its own monitor.
 */
public final class RequestTracker {
    /** The prefix of every inbox subject. */
    public static final String INBOX_PREFIX = "_INBOX.";

    private final String prefix;
    private final Clock clock;
    private final TimerQueue timer;
    private final AtomicLong next = new AtomicLong();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    private abstract static class Pending {
        abstract boolean accept(Message reply);

        abstract void expire();

        abstract void fail(Throwable error);
    }

    /**
     * @param busId a token unique to the bus
     * @param clock the bus clock
     * @param timer the bus timer
     */
    public RequestTracker(String busId, Clock clock, TimerQueue timer) {
        this.prefix = INBOX_PREFIX + busId + ".";
        this.clock = clock;
        this.timer = timer;
    }

    /**
     * @return a fresh inbox subject
     */
    public String newInbox() {
        return prefix + next.incrementAndGet();
    }

    /**
     * Waits for one reply on {@code inbox}.
     *
     * @param inbox the inbox
     * @param subject the request subject, for the timeout message
     * @param timeout how long
     * @return completes with the first reply or fails with {@link RequestTimeoutException}
     */
    public CompletableFuture<Message> awaitOne(String inbox, String subject, Duration timeout) {
        CompletableFuture<Message> future = new CompletableFuture<>();
        Pending p =
                new Pending() {
                    @Override
                    boolean accept(Message reply) {
                        return future.complete(reply);
                    }

                    @Override
                    void expire() {
                        future.completeExceptionally(new RequestTimeoutException(subject, timeout));
                    }

                    @Override
                    void fail(Throwable error) {
                        future.completeExceptionally(error);
                    }
                };
        register(inbox, p, future, timeout);
        return future;
    }

    /**
     * Collects replies on {@code inbox} until {@code max} or the deadline.
     *
     * @param inbox the inbox
     * @param max how many replies complete early
     * @param deadline how long to collect
     * @return the replies in arrival order
     */
    public CompletableFuture<List<Message>> awaitAll(String inbox, int max, Duration deadline) {
        CompletableFuture<List<Message>> future = new CompletableFuture<>();
        List<Message> replies = new ArrayList<>();
        Pending p =
                new Pending() {
                    @Override
                    boolean accept(Message reply) {
                        List<Message> full = null;
                        synchronized (replies) {
                            if (future.isDone() || replies.size() >= max) {
                                return false;
                            }
                            replies.add(reply);
                            if (replies.size() == max) {
                                full = List.copyOf(replies);
                            }
                        }
                        if (full != null) {
                            future.complete(full);
                        }
                        return true;
                    }

                    @Override
                    void expire() {
                        List<Message> got;
                        synchronized (replies) {
                            got = List.copyOf(replies);
                        }
                        future.complete(got);
                    }

                    @Override
                    void fail(Throwable error) {
                        future.completeExceptionally(error);
                    }
                };
        register(inbox, p, future, deadline);
        return future;
    }

    private void register(String inbox, Pending p, CompletableFuture<?> future, Duration timeout) {
        pending.put(inbox, p);
        TimerQueue.Timed timeoutTask =
                timer.schedule(clock.nanoTime() + timeout.toNanos(), p::expire);
        future.whenComplete(
                (r, e) -> {
                    pending.remove(inbox, p);
                    timeoutTask.cancel();
                });
    }

    /**
     * @param subject a published subject
     * @param reply the message
     * @return whether it was a reply to a waiting request, which took it
     */
    public boolean deliver(String subject, Message reply) {
        if (!subject.startsWith(prefix)) {
            return false;
        }
        Pending p = pending.get(subject);
        return p != null && p.accept(reply);
    }

    /**
     * Fails one request.
     *
     * @param inbox its inbox
     * @param error why
     */
    public void fail(String inbox, Throwable error) {
        Pending p = pending.get(inbox);
        if (p != null) {
            p.fail(error);
        }
    }

    /**
     * Fails every waiting request.
     *
     * @param error why
     */
    public void failAll(Throwable error) {
        for (Pending p : List.copyOf(pending.values())) {
            p.fail(error);
        }
    }

    /**
     * @return how many requests wait
     */
    public int size() {
        return pending.size();
    }
}
