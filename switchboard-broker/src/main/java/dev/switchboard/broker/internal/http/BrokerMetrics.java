package dev.switchboard.broker.internal.http;

import dev.switchboard.broker.internal.BrokerCore;
import dev.switchboard.broker.internal.BrokerMeters;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One broker's metrics registry: the broker's own meters ({@link BrokerMeters}), the JVM's (memory,
 * GC, threads, class loading, processor, uptime, file descriptors) and Netty's (the buffer
 * allocator's memory, the event loops' pending tasks), scraped in the Prometheus text format or
 * OpenMetrics.
 *
 * <p>Each broker has its own registry (not Micrometer's global one), so several brokers in one JVM
 * (tests) do not share meters.
 *
 * <p>Thread-safety: {@link #scrape} may be called from any thread, concurrently.
 */
public final class BrokerMetrics implements AutoCloseable {
    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** The OpenMetrics text format, version 1.0.0. */
    public static final String OPENMETRICS_TEXT =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    // Micrometer holds a function meter's state object weakly: keep it reachable for as long as
    // the registry, or the meters freeze at their last value after a GC.
    private final BrokerMeters brokerMeters;

    /**
     * Registers every meter.
     *
     * @param core the broker
     * @param eventLoops the event loops serving connections
     */
    public BrokerMetrics(BrokerCore core, Iterable<EventExecutor> eventLoops) {
        brokerMeters = new BrokerMeters(core);
        brokerMeters.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // Netty 4.2's default (adaptive) and pooled allocators both report their memory.
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
        new NettyEventExecutorMetrics(eventLoops).bindTo(registry);
    }

    /**
     * Picks the exposition format a scraper asked for.
     *
     * @param accept the request's {@code Accept} header, or {@code null}
     * @return {@link #OPENMETRICS_TEXT} if asked for, else {@link #PROMETHEUS_TEXT}
     */
    public static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_TEXT
                : PROMETHEUS_TEXT;
    }

    /**
     * @param contentType {@link #PROMETHEUS_TEXT} or {@link #OPENMETRICS_TEXT}
     * @return every meter's current value in that format
     */
    public byte[] scrape(String contentType) {
        brokerMeters.refreshStreams();
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            registry.scrape(out, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Unregisters the JVM listeners and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
