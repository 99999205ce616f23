package dev.switchboard.client.internal;

import dev.switchboard.bus.Subscription;
import dev.switchboard.bus.SubscriptionStats;
import dev.switchboard.bus.spi.BusSubscription;
import dev.switchboard.client.Msg;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One subscription of the {@link NetworkBus}: a client subscription whose messages are decoded and
 * offered to the bus's shared delivery engine ({@link BusSubscription}: buffer, overflow policy,
 * serial handler runs, retries, dead letters), so the network bus delivers exactly as the
 * in-process bus does.
 *
 * <p>Draining: the client subscription drains first (UNSUB, a flush so that messages on the way
 * arrive, and their hand-over), then the local buffer. Thread-safety: any thread; {@link #onMsg}
 * runs on the connection's dispatcher thread.
 */
final class NetworkBusSubscription implements Subscription {
    private static final Duration NETWORK_DRAIN_TIMEOUT = Duration.ofMinutes(1);

    private final NetworkBus bus;
    private final BusSubscription local;
    private volatile dev.switchboard.client.Subscription network;
    private volatile boolean stopping;

    NetworkBusSubscription(NetworkBus bus, BusSubscription local) {
        this.bus = bus;
        this.local = local;
    }

    void attach(dev.switchboard.client.Subscription network) {
        this.network = network;
    }

    BusSubscription local() {
        return local;
    }

    /** The connection's dispatcher thread: a message from the server. */
    void onMsg(Msg msg) {
        Message m;
        try {
            m = msg.message();
        } catch (RuntimeException e) {
            bus.decodeError();
            return;
        }
        local.offer(m, msg.replyTo());
    }

    @Override
    public String pattern() {
        return local.pattern();
    }

    @Override
    public Optional<String> queueGroup() {
        return local.queueGroup();
    }

    @Override
    public void unsubscribe() {
        stopping = true;
        dev.switchboard.client.Subscription n = network;
        if (n != null) {
            n.unsubscribe();
        }
        local.unsubscribe();
    }

    @Override
    public CompletableFuture<Void> drain() {
        stopping = true;
        dev.switchboard.client.Subscription n = network;
        CompletableFuture<Void> networkDone =
                n == null
                        ? CompletableFuture.completedFuture(null)
                        : n.drain(NETWORK_DRAIN_TIMEOUT);
        return networkDone.handle((v, e) -> null).thenCompose(v -> local.drain());
    }

    @Override
    public boolean isActive() {
        return !stopping && local.isActive();
    }

    @Override
    public SubscriptionStats stats() {
        return local.stats();
    }

    @Override
    public String toString() {
        return "NetworkBusSubscription[pattern=" + pattern() + "]";
    }
}
