package dev.switchboard.load.stream;

import dev.switchboard.load.ScenarioRunner;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link StreamScenario} against a {@link StreamTarget}: creates a fresh stream, warms up,
 * measures, and deletes the stream.
 *
 * <ul>
 *   <li>publish sync: {@code syncMessages} sequential publishes, each waiting for its
 *       acknowledgement (after a tenth as warm-up, at least 10), latency per publish in µs;
 *   <li>publish async: {@code asyncMessages} publishes with at most {@code window} unacknowledged
 *       (a semaphore the acknowledgement callbacks release), after a tenth as warm-up; the clock
 *       stops when the last acknowledgement arrived;
 *   <li>replay: stores {@code replayMessages} (async, window 1024, not measured), then times one
 *       consumer reading them all from the first, without per-message acknowledgements. A tenth of
 *       that is stored and read first, on a stream of its own, as warm-up.
 * </ul>
 *
 * <p>Thread-safety: an instance is immutable; {@link #run} drives one scenario on the calling
 * thread.
 */
public final class StreamScenarioRunner {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final long MAX_LATENCY_MICROS = 60_000_000L;
    private static final int FILL_WINDOW = 1024;

    private final long syncMessages;
    private final long asyncMessages;
    private final long replayMessages;

    /**
     * @param syncMessages measured publishes of the sync scenario; positive
     * @param asyncMessages measured publishes of the async scenario; positive
     * @param replayMessages messages stored and read back by the replay scenario; positive
     */
    public StreamScenarioRunner(long syncMessages, long asyncMessages, long replayMessages) {
        if (syncMessages < 1 || asyncMessages < 1 || replayMessages < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "message counts must be positive, were %d, %d, %d",
                            syncMessages,
                            asyncMessages,
                            replayMessages));
        }
        this.syncMessages = syncMessages;
        this.asyncMessages = asyncMessages;
        this.replayMessages = replayMessages;
    }

    /**
     * @param kind a scenario kind
     * @return how many messages its measured phase handles
     */
    public long messages(StreamScenario.Kind kind) {
        return switch (kind) {
            case PUBLISH_SYNC -> syncMessages;
            case PUBLISH_ASYNC -> asyncMessages;
            case REPLAY -> replayMessages;
        };
    }

    /**
     * Runs one scenario on a fresh stream, deleted afterwards.
     *
     * @param target the server
     * @param s the scenario
     * @return what was measured
     * @throws Exception if a publish failed or a phase did not finish within 120 s
     */
    public StreamResult run(StreamTarget target, StreamScenario s) throws Exception {
        String tag = s.kind().name().replace("_", "").toLowerCase(Locale.ROOT);
        String stream = "BENCH_" + tag.toUpperCase(Locale.ROOT);
        String subject = "bench.stream." + tag;
        byte[] payload = new byte[s.size()];
        if (s.kind() == StreamScenario.Kind.REPLAY) {
            try (StreamClient warm = target.open(stream + "_WARM", subject + ".warm", s.fsync())) {
                long n = Math.max(1, replayMessages / 10);
                publishWindowed(warm, payload, n, FILL_WINDOW);
                warm.replay(n, WAIT);
            }
        }
        try (StreamClient c = target.open(stream, subject, s.fsync())) {
            Optional<ProcessHandle> server = target.serverProcess();
            Histogram h = null;
            long n = messages(s.kind());
            long cpu0;
            long t0;
            switch (s.kind()) {
                case PUBLISH_SYNC -> {
                    for (long i = 0, w = Math.max(10, n / 10); i < w; i++) {
                        c.publish(payload);
                    }
                    h = new Histogram(MAX_LATENCY_MICROS, 3);
                    cpu0 = ScenarioRunner.cpu(server);
                    t0 = System.nanoTime();
                    for (long i = 0; i < n; i++) {
                        long start = System.nanoTime();
                        c.publish(payload);
                        h.recordValue(
                                Math.clamp(
                                        (System.nanoTime() - start) / 1_000,
                                        1,
                                        MAX_LATENCY_MICROS));
                    }
                }
                case PUBLISH_ASYNC -> {
                    publishWindowed(c, payload, Math.max(1, n / 10), s.window());
                    cpu0 = ScenarioRunner.cpu(server);
                    t0 = System.nanoTime();
                    publishWindowed(c, payload, n, s.window());
                }
                case REPLAY -> {
                    publishWindowed(c, payload, n, FILL_WINDOW);
                    cpu0 = ScenarioRunner.cpu(server);
                    t0 = System.nanoTime();
                    c.replay(n, WAIT);
                }
                default -> throw new AssertionError(s.kind());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu1 = ScenarioRunner.cpu(server);
            return new StreamResult(
                    target.name(),
                    s,
                    target.durability(s.fsync()),
                    n,
                    seconds,
                    cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
                    h);
        }
    }

    /**
     * Warms a target up before anything is measured: for at least {@code duration} it publishes in
     * windows of 1024 and one at a time (fsync {@code always}, then {@code interval} for a quarter
     * of the time), and replays what it stored, on streams of its own that are deleted afterwards.
     * A JVM server compiles its hot paths under this load (a fresh broker spent 9 s of CPU in its
     * JIT compilers during a 7 s measurement); the peers get the same treatment.
     *
     * @param target the server
     * @param size the payload size
     * @param duration how long at least
     * @return how many messages were published
     * @throws Exception if a publish failed or a phase did not finish within 120 s
     */
    public long warmUp(StreamTarget target, int size, Duration duration) throws Exception {
        byte[] payload = new byte[size];
        long published = 0;
        long always = duration.toNanos() * 3 / 4;
        published += warmUp(target, "ALWAYS", StreamScenario.Fsync.ALWAYS, payload, always);
        published +=
                warmUp(
                        target,
                        "INTERVAL",
                        StreamScenario.Fsync.INTERVAL,
                        payload,
                        duration.toNanos() - always);
        return published;
    }

    private static long warmUp(
            StreamTarget target, String tag, StreamScenario.Fsync fsync, byte[] payload, long nanos)
            throws Exception {
        long deadline = System.nanoTime() + nanos;
        long stored = 0;
        try (StreamClient c =
                target.open("BENCH_WARMUP_" + tag, "bench.stream.warmup." + tag, fsync)) {
            do {
                publishWindowed(c, payload, 20_000, FILL_WINDOW);
                for (int i = 0; i < 200; i++) {
                    c.publish(payload);
                }
                stored += 20_200;
            } while (System.nanoTime() - deadline < 0);
            c.replay(stored, WAIT);
        }
        return stored;
    }

    /** Publishes n messages with at most {@code window} unacknowledged; returns when all are. */
    private static void publishWindowed(StreamClient c, byte[] payload, long n, int window)
            throws Exception {
        Semaphore credit = new Semaphore(window);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        StreamClient.Acked acked =
                e -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    credit.release();
                };
        for (long i = 0; i < n; i++) {
            if (!credit.tryAcquire(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(
                        "no acknowledgement within " + WAIT.toSeconds() + " s (" + i + " sent)");
            }
            c.publishAsync(payload, acked);
            if ((i & 1023) == 0 && failure.get() != null) {
                break;
            }
        }
        if (!credit.tryAcquire(window, WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException(
                    (window - credit.availablePermits())
                            + " publishes not acknowledged within "
                            + WAIT.toSeconds()
                            + " s");
        }
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a publish failed: " + e, e);
        }
    }
}
