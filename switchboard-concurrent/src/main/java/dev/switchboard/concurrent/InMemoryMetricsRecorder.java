package dev.switchboard.concurrent;

import dev.switchboard.core.message.Priority;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link MetricsRecorder} that keeps counts in memory, in total and per lane, for tests, the
 * dashboard and simple deployments. Thread-safe; each event costs a few {@link LongAdder} updates
 * and one map look-up.
 */
public final class InMemoryMetricsRecorder implements MetricsRecorder {
    private final Counters total = new Counters();
    private final Map<Lane, Counters> byLane = new ConcurrentHashMap<>();

    /** Creates a recorder with every count at zero. */
    public InMemoryMetricsRecorder() {}

    private Counters lane(Lane lane) {
        Counters c = byLane.get(lane);
        return c != null ? c : byLane.computeIfAbsent(lane, l -> new Counters());
    }

    @Override
    public void jobQueued(Lane lane, Priority priority) {
        total.queued.increment();
        lane(lane).queued.increment();
    }

    @Override
    public void jobRejected(Lane lane, SubmitStatus reason) {
        total.rejected.increment();
        lane(lane).rejected.increment();
    }

    @Override
    public void jobStarted(Lane lane, Priority priority, long queueWaitNanos) {
        total.started(queueWaitNanos);
        lane(lane).started(queueWaitNanos);
    }

    @Override
    public void jobCompleted(Lane lane, long runNanos) {
        total.finished(total.completed, runNanos);
        Counters c = lane(lane);
        c.finished(c.completed, runNanos);
    }

    @Override
    public void jobFailed(Lane lane, long runNanos, Throwable error) {
        total.finished(total.failed, runNanos);
        Counters c = lane(lane);
        c.finished(c.failed, runNanos);
    }

    @Override
    public void jobCancelled(Lane lane) {
        total.cancelled.increment();
        lane(lane).cancelled.increment();
    }

    /**
     * @return the counts over all lanes
     */
    public MetricsSnapshot snapshot() {
        return total.snapshot();
    }

    /**
     * @param lane a lane
     * @return the counts of that lane; {@link MetricsSnapshot#EMPTY} if it saw no event
     */
    public MetricsSnapshot snapshot(Lane lane) {
        Counters c = byLane.get(lane);
        return c == null ? MetricsSnapshot.EMPTY : c.snapshot();
    }

    private static final class Counters {
        final LongAdder queued = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder started = new LongAdder();
        final LongAdder completed = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final LongAdder queueWait = new LongAdder();
        final LongAccumulator maxQueueWait = new LongAccumulator(Math::max, 0);
        final LongAdder runTime = new LongAdder();
        final LongAccumulator maxRunTime = new LongAccumulator(Math::max, 0);

        void started(long waitNanos) {
            started.increment();
            queueWait.add(waitNanos);
            maxQueueWait.accumulate(waitNanos);
        }

        void finished(LongAdder outcome, long runNanos) {
            outcome.increment();
            runTime.add(runNanos);
            maxRunTime.accumulate(runNanos);
        }

        MetricsSnapshot snapshot() {
            // Read the later stages first, so a job moving through does not make a gauge negative.
            long done = completed.sum();
            long fail = failed.sum();
            long cancel = cancelled.sum();
            long start = started.sum();
            long queue = queued.sum();
            return new MetricsSnapshot(
                    Math.max(0, queue - start - cancel),
                    Math.max(0, start - done - fail),
                    start,
                    done,
                    fail,
                    rejected.sum(),
                    cancel,
                    queueWait.sum(),
                    maxQueueWait.get(),
                    runTime.sum(),
                    maxRunTime.get());
        }
    }
}
