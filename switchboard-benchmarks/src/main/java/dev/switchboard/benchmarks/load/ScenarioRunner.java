package dev.switchboard.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs a scenario against a target: connects the clients, warms up, then measures throughput (or
 * latency) and the server's CPU time.
 *
 * <p>Publishers are paced by a window: the publisher never runs more than {@code window} messages
 * ahead of the subscribers (it parks for 20 µs when it is), so neither server drops messages for
 * slow consumers and every published message is delivered and counted. The window is 8 MiB of
 * payload, capped at 100,000 messages.
 */
final class ScenarioRunner {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SUBJECT = "bench.load";

    private final long messages;
    private final long requests;

    ScenarioRunner(long messages, long requests) {
        this.messages = messages;
        this.requests = requests;
    }

    Result run(LoadTarget target, Scenario s) throws Exception {
        return s.requestReply() ? latency(target, s) : throughput(target, s);
    }

    private Result throughput(LoadTarget target, Scenario s) throws Exception {
        List<LoadClient> clients = new ArrayList<>();
        try {
            List<AtomicLong> counts = new ArrayList<>();
            for (int i = 0; i < s.subscribers(); i++) {
                LoadClient sub = target.connect("sub-" + i);
                clients.add(sub);
                AtomicLong count = new AtomicLong();
                counts.add(count);
                sub.subscribe(SUBJECT, s.queueGroup() ? "workers" : null, count::incrementAndGet);
            }
            LoadClient pub = target.connect("pub");
            clients.add(pub);
            pub.flush(WAIT);
            byte[] payload = new byte[s.size()];
            long window = Math.max(1_000, Math.min(100_000, (8L << 20) / Math.max(1, s.size())));
            publish(pub, payload, messages / 10, window, counts, s); // warm-up
            for (AtomicLong c : counts) {
                c.set(0);
            }
            long cpu0 = cpu(target.serverProcess());
            long t0 = System.nanoTime();
            publish(pub, payload, messages, window, counts, s);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = cpu(target.serverProcess());
            return new Result(
                    target.name(),
                    s,
                    messages,
                    total(counts),
                    seconds,
                    cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
                    null);
        } finally {
            for (LoadClient c : clients) {
                c.close();
            }
        }
    }

    /** Publishes n messages within the window, then waits until all are delivered. */
    private static void publish(
            LoadClient pub,
            byte[] payload,
            long n,
            long window,
            List<AtomicLong> counts,
            Scenario s)
            throws Exception {
        int perMessage = s.deliveriesPerMessage();
        long base = total(counts);
        for (long i = 0; i < n; i++) {
            pub.publish(SUBJECT, payload);
            if ((i & 255) == 0) {
                while (i - (total(counts) - base) / perMessage > window) {
                    // Park, not spin: on a 2-core machine a spinning publisher steals the CPU
                    // the server and the subscribers need (for either target alike).
                    LockSupport.parkNanos(20_000);
                }
            }
        }
        pub.flush(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        long expected = base + n * perMessage;
        while (total(counts) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + (total(counts) - base) + " of " + n * perMessage + " delivered");
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static long total(List<AtomicLong> counts) {
        long t = 0;
        for (AtomicLong c : counts) {
            t += c.get();
        }
        return t;
    }

    private Result latency(LoadTarget target, Scenario s) throws Exception {
        try (LoadClient responder = target.connect("responder");
                LoadClient requester = target.connect("requester")) {
            byte[] payload = new byte[s.size()];
            responder.reply("bench.rr", payload);
            requester.flush(WAIT);
            Duration timeout = Duration.ofSeconds(5);
            for (int i = 0; i < Math.max(1_000, requests / 5); i++) {
                requester.request("bench.rr", payload, timeout);
            }
            Histogram h = new Histogram(10_000_000L, 3);
            long cpu0 = cpu(target.serverProcess());
            long t0 = System.nanoTime();
            for (long i = 0; i < requests; i++) {
                long start = System.nanoTime();
                requester.request("bench.rr", payload, timeout);
                h.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = cpu(target.serverProcess());
            // Each round trip is two deliveries through the server: request and reply.
            return new Result(
                    target.name(),
                    s,
                    requests,
                    2 * requests,
                    seconds,
                    cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
                    h);
        }
    }

    private static long cpu(Optional<ProcessHandle> p) {
        return p.flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }
}
