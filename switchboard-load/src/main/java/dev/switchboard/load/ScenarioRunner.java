package dev.switchboard.load;

import java.nio.ByteBuffer;
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
 *
 * <p>With {@link #withPublishLatency(boolean)} the publisher writes {@link System#nanoTime()} into
 * the first 8 bytes of each payload (a fresh array per message) and each subscriber records the
 * publish-to-delivery time in its own histogram (one writer each: its delivery thread); they are
 * merged after every message has been counted. Publisher and subscribers share this JVM's clock.
 *
 * <p>Thread-safety: an instance is immutable; {@link #run} drives one scenario on the calling
 * thread and may be called again (not concurrently with itself against the same subject).
 */
public final class ScenarioRunner {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SUBJECT = "bench.load";
    private static final String RR_SUBJECT = "bench.rr";
    private static final long MAX_LATENCY_MICROS = 60_000_000L;

    /** Told how far a scenario has got; called on the thread running it. */
    @FunctionalInterface
    public interface Progress {
        /** Reports nothing. */
        Progress NONE = (scenario, done, total) -> {};

        /**
         * @param scenario the scenario running
         * @param done messages (or requests) sent so far, warm-up included
         * @param total how many will be sent, warm-up included
         */
        void update(Scenario scenario, long done, long total);
    }

    private final long messages;
    private final long requests;
    private final Progress progress;
    private final boolean publishLatency;

    /**
     * @param messages messages per throughput scenario (plus a tenth as warm-up); positive
     * @param requests requests per request/reply scenario (plus a warm-up); positive
     */
    public ScenarioRunner(long messages, long requests) {
        this(messages, requests, Progress.NONE, false);
    }

    private ScenarioRunner(long messages, long requests, Progress progress, boolean latency) {
        if (messages < 1 || requests < 1) {
            throw new IllegalArgumentException(
                    "messages and requests must be positive, were " + messages + ", " + requests);
        }
        this.messages = messages;
        this.requests = requests;
        this.progress = progress;
        this.publishLatency = latency;
    }

    /**
     * @param p told how far each scenario has got
     * @return a runner reporting to {@code p}
     */
    public ScenarioRunner withProgress(Progress p) {
        return new ScenarioRunner(messages, requests, p, publishLatency);
    }

    /**
     * @param on whether throughput scenarios also measure publish-to-delivery latency (payloads of
     *     at least 8 bytes only)
     * @return a runner that does
     */
    public ScenarioRunner withPublishLatency(boolean on) {
        return new ScenarioRunner(messages, requests, progress, on);
    }

    /**
     * @return messages per throughput scenario
     */
    public long messages() {
        return messages;
    }

    /**
     * @return requests per request/reply scenario
     */
    public long requests() {
        return requests;
    }

    /**
     * Warms a target up before anything is measured: runs every scenario in {@code scenarios} with
     * a tenth of this runner's messages and requests (and its publish-latency setting, so the paths
     * measured are the paths warmed), round after round, until {@code duration} has passed (then it
     * finishes the round; at least one round), and discards the results. A scenario's own warm-up
     * (a tenth of its messages) is a fraction of a second, too short for the JIT of a cold JVM (the
     * broker's and this one's): without this the first scenario of a run was measured while both
     * were still compiling.
     *
     * @param target the server
     * @param scenarios what to run
     * @param duration how long to keep running them
     * @return how many rounds ran
     * @throws Exception if a client failed, or a scenario did not finish within 60 s
     */
    public long warmUp(LoadTarget target, List<Scenario> scenarios, Duration duration)
            throws Exception {
        ScenarioRunner round =
                new ScenarioRunner(
                        Math.max(1, messages / 10),
                        Math.max(1, requests / 10),
                        Progress.NONE,
                        publishLatency);
        long deadline = System.nanoTime() + duration.toNanos();
        long rounds = 0;
        do {
            for (Scenario s : scenarios) {
                round.run(target, s);
            }
            rounds++;
        } while (System.nanoTime() - deadline < 0);
        return rounds;
    }

    /**
     * Runs one scenario.
     *
     * @param target the server
     * @param s the scenario
     * @return what was measured
     * @throws Exception if a client failed, or not every message was delivered within 60 s
     */
    public Result run(LoadTarget target, Scenario s) throws Exception {
        return s.requestReply() ? latency(target, s) : throughput(target, s);
    }

    private Result throughput(LoadTarget target, Scenario s) throws Exception {
        List<LoadClient> clients = new ArrayList<>();
        boolean stamped = publishLatency && s.size() >= Long.BYTES;
        try {
            List<AtomicLong> counts = new ArrayList<>();
            List<Histogram> histograms = new ArrayList<>();
            for (int i = 0; i < s.subscribers(); i++) {
                LoadClient sub = target.connect("sub-" + i);
                clients.add(sub);
                AtomicLong count = new AtomicLong();
                counts.add(count);
                Histogram h = new Histogram(MAX_LATENCY_MICROS, 3);
                histograms.add(h);
                sub.subscribe(
                        SUBJECT,
                        s.queueGroup() ? "workers" : null,
                        stamped
                                ? p -> {
                                    long sent = ByteBuffer.wrap(p).getLong(0);
                                    h.recordValue(
                                            Math.clamp(
                                                    (System.nanoTime() - sent) / 1_000,
                                                    1,
                                                    MAX_LATENCY_MICROS));
                                    count.incrementAndGet();
                                }
                                : p -> count.incrementAndGet());
            }
            LoadClient pub = target.connect("pub");
            clients.add(pub);
            pub.flush(WAIT);
            byte[] payload = new byte[s.size()];
            long window = Math.max(1_000, Math.min(100_000, (8L << 20) / Math.max(1, s.size())));
            long warmUp = Math.max(1, messages / 10);
            Publisher p =
                    new Publisher(pub, payload, stamped, window, counts, s, warmUp + messages);
            p.publish(warmUp);
            for (AtomicLong c : counts) {
                c.set(0);
            }
            for (Histogram h : histograms) {
                h.reset();
            }
            long cpu0 = cpu(target.serverProcess());
            long t0 = System.nanoTime();
            p.publish(messages);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = cpu(target.serverProcess());
            Histogram merged = null;
            if (stamped) {
                merged = new Histogram(MAX_LATENCY_MICROS, 3);
                for (Histogram h : histograms) {
                    merged.add(h);
                }
            }
            return new Result(
                    target.name(),
                    s,
                    messages,
                    total(counts),
                    seconds,
                    cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
                    merged);
        } finally {
            for (LoadClient c : clients) {
                c.close();
            }
        }
    }

    /** The publishing side of a throughput scenario; counts what it sent for progress reports. */
    private final class Publisher {
        private final LoadClient pub;
        private final byte[] payload;
        private final boolean stamped;
        private final long window;
        private final List<AtomicLong> counts;
        private final Scenario s;
        private final long total;
        private long sent;

        Publisher(
                LoadClient pub,
                byte[] payload,
                boolean stamped,
                long window,
                List<AtomicLong> counts,
                Scenario s,
                long total) {
            this.pub = pub;
            this.payload = payload;
            this.stamped = stamped;
            this.window = window;
            this.counts = counts;
            this.s = s;
            this.total = total;
        }

        /** Publishes n messages within the window, then waits until all are delivered. */
        void publish(long n) throws Exception {
            int perMessage = s.deliveriesPerMessage();
            long base = total(counts);
            for (long i = 0; i < n; i++) {
                byte[] p = payload;
                if (stamped) {
                    p = payload.clone();
                    ByteBuffer.wrap(p).putLong(0, System.nanoTime());
                }
                pub.publish(SUBJECT, p);
                if ((i & 255) == 0) {
                    while (i - (total(counts) - base) / perMessage > window) {
                        // Park, not spin: on a 2-core machine a spinning publisher steals the CPU
                        // the server and the subscribers need (for either target alike).
                        LockSupport.parkNanos(20_000);
                    }
                    if ((i & 4095) == 0) {
                        progress.update(s, sent + i, total);
                    }
                }
            }
            sent += n;
            progress.update(s, sent, total);
            pub.flush(WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            long expected = base + n * perMessage;
            while (total(counts) < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "only "
                                    + (total(counts) - base)
                                    + " of "
                                    + n * perMessage
                                    + " delivered within "
                                    + WAIT.toSeconds()
                                    + " s ("
                                    + s.label()
                                    + ")");
                }
                LockSupport.parkNanos(50_000);
            }
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
            responder.reply(RR_SUBJECT, payload);
            requester.flush(WAIT);
            Duration timeout = Duration.ofSeconds(5);
            long warmUp = Math.max(1_000, requests / 5);
            long total = warmUp + requests;
            for (long i = 0; i < warmUp; i++) {
                requester.request(RR_SUBJECT, payload, timeout);
                if ((i & 255) == 0) {
                    progress.update(s, i, total);
                }
            }
            Histogram h = new Histogram(MAX_LATENCY_MICROS, 3);
            long cpu0 = cpu(target.serverProcess());
            long t0 = System.nanoTime();
            for (long i = 0; i < requests; i++) {
                long start = System.nanoTime();
                requester.request(RR_SUBJECT, payload, timeout);
                h.recordValue(
                        Math.clamp((System.nanoTime() - start) / 1_000, 1, MAX_LATENCY_MICROS));
                if ((i & 255) == 0) {
                    progress.update(s, warmUp + i, total);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = cpu(target.serverProcess());
            progress.update(s, total, total);
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

    /**
     * @param p a server process, if known
     * @return its CPU time so far in nanoseconds, or -1 if unknown
     */
    public static long cpu(Optional<ProcessHandle> p) {
        return p.flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }
}
