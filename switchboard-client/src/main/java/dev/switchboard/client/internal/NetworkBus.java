package dev.switchboard.client.internal;

import dev.switchboard.bus.BusClosedException;
import dev.switchboard.bus.MessageBus;
import dev.switchboard.bus.MessageHandler;
import dev.switchboard.bus.PublishResult;
import dev.switchboard.bus.Subscription;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.bus.spi.BusHost;
import dev.switchboard.bus.spi.BusSubscription;
import dev.switchboard.bus.spi.GroupBalancer;
import dev.switchboard.client.BufferFullException;
import dev.switchboard.client.Msg;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.core.Clock;
import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.QueueMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link MessageBus} over a {@link ClientConnection}: messages travel as the binary encoding of
 * {@link Message} (subject = {@code message.subject()}, the message's headers also as frame
 * headers), the server routes them, and each bus subscription buffers, retries and dead-letters on
 * the client side as {@link dev.switchboard.bus.InProcessBus} does.
 *
 * <p>Differences from the in-process bus, because the network cannot know them at publish time:
 * {@link #publish} returns {@code (1, 1, 0)} when the connection accepted the message for sending
 * and {@code (1, 0, 1)} when its outbound buffer refused it (it cannot count remote receivers); "no
 * responders" fails a request when the server's status arrives, a moment after {@code request}
 * returns; an expired message is counted by the receiving subscription when it arrives; a queue
 * group's strategy conflict is refused at once only against this bus's own members (the server
 * refuses conflicts with other connections' members, which ends the subscription with its error).
 * {@link dev.switchboard.bus.OverflowPolicy#BLOCK} holds the connection's dispatcher thread, not
 * the remote publisher.
 *
 * <p>Thread-safety: any thread. Handlers run as the subscription's {@link
 * dev.switchboard.bus.DeliveryMode} says; {@code CALLER} means the connection's dispatcher thread.
 */
public final class NetworkBus implements MessageBus {
    private static final BinaryCodec CODEC = BinaryCodec.create();

    private final ClientConnection conn;
    private final boolean ownsConnection;
    private final ExecutorService ownedExecutor;
    private final Set<NetworkBusSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> requests = ConcurrentHashMap.newKeySet();
    // Refuses a member asking for another strategy than its group's, as the in-process bus does
    // (conflicts with other connections' members are the server's to refuse).
    private final GroupBalancer groups = new GroupBalancer();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder decodeErrors = new LongAdder();
    private final AtomicLong ids = new AtomicLong();
    private final Host host = new Host();

    /**
     * @param conn the connection
     * @param ownsConnection whether {@link #close()} closes the connection too
     */
    public NetworkBus(ClientConnection conn, boolean ownsConnection) {
        this.conn = conn;
        this.ownsConnection = ownsConnection;
        this.ownedExecutor =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("switchboard-netbus-", 0).factory());
    }

    @Override
    public PublishResult publish(Message message, String replyTo) {
        Objects.requireNonNull(message, "message");
        ensureOpen("publish");
        if (replyTo != null) {
            Subjects.requireValidSubject(replyTo);
        }
        try {
            conn.publish(message, replyTo);
            return new PublishResult(1, 1, 0);
        } catch (BufferFullException e) {
            return new PublishResult(1, 0, 1);
        }
    }

    /** Replies and dead letters: after close they go nowhere instead of throwing. */
    PublishResult publishQuietly(Message message, String replyTo) {
        if (closed.get()) {
            return PublishResult.NO_INTEREST;
        }
        try {
            return publish(message, replyTo);
        } catch (RuntimeException e) {
            return new PublishResult(1, 0, 1);
        }
    }

    @Override
    public Subscription subscribe(
            String pattern, MessageHandler handler, SubscriptionOptions options) {
        Subjects.requireValidPattern(pattern);
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        ensureOpen("subscribe");
        String group = options.queueGroup().orElse(null);
        if (group != null) {
            groups.join(group, options);
        }
        Executor executor =
                switch (options.deliveryMode()) {
                    case CALLER -> null;
                    case EXECUTOR -> options.executor().orElse(ownedExecutor);
                    case VIRTUAL_THREAD ->
                            r -> Thread.ofVirtual().name("switchboard-sub-" + pattern).start(r);
                };
        NetworkBusSubscription sub =
                new NetworkBusSubscription(
                        this,
                        new BusSubscription(
                                ids.incrementAndGet(), pattern, options, handler, executor, host));
        try {
            sub.attach(conn.subscribe(pattern, networkOptions(options), sub::onMsg));
        } catch (RuntimeException e) {
            if (group != null) {
                groups.leave(group);
            }
            throw e;
        }
        subscriptions.add(sub);
        return sub;
    }

    private static SubscribeOptions networkOptions(SubscriptionOptions o) {
        SubscribeOptions.Builder b = SubscribeOptions.builder();
        o.queueGroup()
                .ifPresent(
                        g -> {
                            switch (o.queueStrategy()) {
                                case ROUND_ROBIN -> b.queueGroup(g, QueueMode.ROUND_ROBIN);
                                case RANDOM -> b.queueGroup(g, QueueMode.RANDOM);
                                case LEAST_OUTSTANDING ->
                                        b.queueGroup(g, QueueMode.LEAST_OUTSTANDING);
                                case CONSISTENT_HASH -> b.hashGroup(g, o.hashHeader());
                            }
                        });
        return b.build();
    }

    /** The bus as the shared delivery engine sees it. */
    private final class Host implements BusHost {
        @Override
        public Clock clock() {
            return conn.options().clock();
        }

        @Override
        public PublishResult publish(Message message, String replyTo) {
            return publishQuietly(message, replyTo);
        }

        @Override
        public void schedule(long dueNanos, Runnable action) {
            // Retry backoffs run off the I/O thread that ticks the connection's timer.
            conn.timer()
                    .schedule(
                            dueNanos - clock().nanoTime(),
                            () ->
                                    Thread.ofVirtual()
                                            .name("switchboard-netbus-retry")
                                            .start(action));
        }

        @Override
        public void detach(BusSubscription local) {
            for (NetworkBusSubscription sub : subscriptions) {
                if (sub.local() == local && subscriptions.remove(sub)) {
                    local.options().queueGroup().ifPresent(groups::leave);
                }
            }
        }
    }

    void decodeError() {
        decodeErrors.increment();
    }

    /**
     * @return messages received that were not encoded {@link Message}s (dropped)
     */
    public long decodeErrors() {
        return decodeErrors.sum();
    }

    @Override
    public CompletableFuture<Message> request(Message request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        ensureOpen("request");
        CompletableFuture<Msg> inner =
                conn.sendRequest(
                        request.subject(),
                        ClientConnection.headersOf(request),
                        CODEC.encode(request),
                        timeout,
                        true);
        return track(inner, inner.thenApply(Msg::message));
    }

    @Override
    public CompletableFuture<List<Message>> requestAll(
            Message request, int maxReplies, Duration deadline) {
        Objects.requireNonNull(request, "request");
        ensureOpen("request");
        CompletableFuture<List<Msg>> inner =
                conn.sendRequestAll(
                        request.subject(),
                        ClientConnection.headersOf(request),
                        CODEC.encode(request),
                        maxReplies,
                        deadline);
        return track(inner, inner.thenApply(list -> list.stream().map(Msg::message).toList()));
    }

    private <T> CompletableFuture<T> track(CompletableFuture<?> inner, CompletableFuture<T> outer) {
        requests.add(outer);
        outer.whenComplete(
                (r, e) -> {
                    requests.remove(outer);
                    if (e != null) {
                        inner.cancel(false); // forget the request (bus closed, cancelled)
                    }
                });
        if (closed.get()) {
            outer.completeExceptionally(new BusClosedException("wait for a reply"));
        }
        return outer;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (NetworkBusSubscription s : List.copyOf(subscriptions)) {
            s.unsubscribe();
        }
        BusClosedException e = new BusClosedException("wait for a reply");
        for (CompletableFuture<?> f : List.copyOf(requests)) {
            f.completeExceptionally(e);
        }
        ownedExecutor.shutdown();
        if (ownsConnection) {
            conn.close();
        }
    }

    private void ensureOpen(String operation) {
        if (closed.get()) {
            throw new BusClosedException(operation);
        }
    }

    @Override
    public String toString() {
        return "NetworkBus[" + conn + "]";
    }
}
