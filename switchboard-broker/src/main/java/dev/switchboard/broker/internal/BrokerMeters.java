package dev.switchboard.broker.internal;

import dev.switchboard.broker.internal.stream.StreamManager;
import dev.switchboard.protocol.stream.StreamInfo;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The broker's own meters ({@code switchboard.*}; Prometheus names {@code switchboard_*}, listed in
 * docs/OPERATIONS.md). Nothing here is touched per message: every meter is a function of counters
 * the broker keeps anyway ({@link ServerStats}, the sessions' own counters, the router), read when
 * the registry is scraped.
 *
 * <p>Per-connection values are deliberately not meters (one series per connection would make the
 * metric cardinality grow with the client count); they are in the connection listing.
 *
 * <p>Micrometer keeps the state objects of function meters (this object, among others) only weakly
 * reachable: whoever binds it must hold on to it.
 *
 * <p>Thread-safety: the functions run on whichever thread scrapes; they read concurrent structures
 * only.
 */
public final class BrokerMeters implements MeterBinder {
    /** How long one pass over the sessions serves the meters that need it (one scrape's worth). */
    private static final long SAMPLE_TTL_NS = 250_000_000L;

    private final BrokerCore core;
    private final Object lock = new Object();
    private long sampledAtNs;
    private boolean sampled;
    private final long[] traffic = new long[4]; // msgs in, bytes in, msgs out, bytes out
    private long pendingTotal;
    private long pendingMax;
    private MultiGauge streamMessages;
    private MultiGauge streamBytes;
    private MultiGauge streamLastSeq;

    /**
     * @param core the broker whose counters are exported
     */
    public BrokerMeters(BrokerCore core) {
        this.core = core;
    }

    @Override
    public void bindTo(MeterRegistry r) {
        ServerStats s = core.stats;
        Gauge.builder("switchboard.connections", core.connectionCount, c -> c.get())
                .description("Open client connections")
                .register(r);
        counter(r, "switchboard.connections.accepted", s.connectionsAccepted)
                .description("Connections accepted (including those then refused)")
                .register(r);
        counter(r, "switchboard.connections.refused", s.connectionsRefused)
                .description("Connections refused because the server held its maximum")
                .register(r);
        traffic(r, "switchboard.messages.in", 0, "Messages published by clients", null);
        traffic(r, "switchboard.payload.in", 1, "Payload bytes published by clients", "bytes");
        traffic(r, "switchboard.messages.out", 2, "Messages delivered to clients", null);
        traffic(r, "switchboard.payload.out", 3, "Payload bytes delivered to clients", "bytes");
        Gauge.builder("switchboard.subscriptions", core.router, x -> x.size())
                .description("Subscriptions in the router (clients' and the broker's own)")
                .register(r);
        counter(r, "switchboard.slow.consumers", s.slowConsumers)
                .description("Slow-consumer episodes: an outbound buffer filled up")
                .register(r);
        counter(r, "switchboard.messages.dropped", s.droppedSlowConsumer)
                .description("Messages not delivered, by cause")
                .tag("cause", "slow_consumer")
                .register(r);
        counter(r, "switchboard.messages.dropped", s.droppedSystemQueueFull)
                .description("Messages not delivered, by cause")
                .tag("cause", "system_queue_full")
                .register(r);
        counter(r, "switchboard.no.responders", s.noResponders)
                .description("Requests answered with no-responders (nobody subscribed)")
                .register(r);
        counter(r, "switchboard.protocol.errors", s.protocolErrors)
                .description("Protocol errors reported to clients")
                .register(r);
        counter(r, "switchboard.auth.failures", s.authFailures)
                .description("Connections refused by the authenticator")
                .register(r);
        Gauge.builder("switchboard.outbound.pending", this, m -> m.sample().pendingTotal)
                .description("Bytes waiting in all connections' outbound buffers")
                .baseUnit(BaseUnits.BYTES)
                .register(r);
        Gauge.builder("switchboard.outbound.pending.max", this, m -> m.sample().pendingMax)
                .description("Bytes waiting in the fullest connection's outbound buffer")
                .baseUnit(BaseUnits.BYTES)
                .register(r);
        streamMessages =
                MultiGauge.builder("switchboard.stream.messages")
                        .description("Messages held by each durable stream")
                        .register(r);
        streamBytes =
                MultiGauge.builder("switchboard.stream.bytes")
                        .description("Bytes held by each durable stream")
                        .baseUnit(BaseUnits.BYTES)
                        .register(r);
        streamLastSeq =
                MultiGauge.builder("switchboard.stream.last.seq")
                        .description("Each durable stream's last sequence")
                        .register(r);
        Gauge.builder("switchboard.system.queue", core, BrokerCore::systemQueueDepth)
                .description("$SYS requests and advisories waiting for the system thread")
                .baseUnit(BaseUnits.TASKS)
                .register(r);
    }

    /** Re-reads the per-stream gauges (streams come and go); called before each scrape. */
    public void refreshStreams() {
        StreamManager streams = core.streams;
        if (streamMessages == null) {
            return;
        }
        List<MultiGauge.Row<?>> messages = new ArrayList<>();
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        List<MultiGauge.Row<?>> last = new ArrayList<>();
        if (streams != null) {
            for (StreamInfo info : streams.list()) {
                Tags tags = Tags.of("stream", info.config().name());
                messages.add(MultiGauge.Row.of(tags, info.state().messages()));
                bytes.add(MultiGauge.Row.of(tags, info.state().bytes()));
                last.add(MultiGauge.Row.of(tags, info.state().lastSeq()));
            }
        }
        streamMessages.register(messages, true);
        streamBytes.register(bytes, true);
        streamLastSeq.register(last, true);
    }

    private static FunctionCounter.Builder<LongAdder> counter(
            MeterRegistry r, String name, LongAdder adder) {
        return FunctionCounter.builder(name, adder, LongAdder::sum);
    }

    private void traffic(MeterRegistry r, String name, int index, String description, String unit) {
        ToDoubleFunction<BrokerMeters> f = m -> m.sample().traffic[index];
        FunctionCounter.builder(name, this, f).description(description).baseUnit(unit).register(r);
    }

    /**
     * One pass over the sessions, shared by the meters of one scrape. The traffic sums only grow: a
     * session closing adds its counts to the retired totals a moment before it leaves the session
     * map, and a counter that dipped for that moment would look like a reset to Prometheus.
     */
    private BrokerMeters sample() {
        synchronized (lock) {
            long now = System.nanoTime();
            if (sampled && now - sampledAtNs < SAMPLE_TTL_NS) {
                return this;
            }
            long[] t = core.traffic();
            for (int i = 0; i < 4; i++) {
                traffic[i] = Math.max(traffic[i], t[i]);
            }
            long total = 0;
            long max = 0;
            for (Session session : core.sessions.values()) {
                long p = session.pendingBytesApprox();
                total += p;
                max = Math.max(max, p);
            }
            pendingTotal = total;
            pendingMax = max;
            sampledAtNs = now;
            sampled = true;
            return this;
        }
    }
}
