package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.LaneConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lane that runs jobs on virtual threads, at most {@code parallelism} at once, fed from one set
 * of {@link PriorityQueues} (same priority and aging rules as every lane).
 *
 * <p>Design note: {@code running} counts <em>runners</em>, virtual threads that take jobs until the
 * queues are empty. A submitter starts a runner if fewer than the limit exist. A runner that finds
 * nothing decrements {@code running}, then looks again and takes its permit back if a job slipped
 * in; the submitter queues before it reads {@code running}, so a job is never left without a
 * runner. The lane terminates when it is shut down, no runner is left and the queues are empty (or
 * at once after {@code shutdownNow}).
 *
 * <p>Thread-safety: everything may be called from any thread.
 */
final class VirtualLane extends LaneRuntime {
    private final PriorityQueues queues;
    private final JobPicker picker;
    private final int limit;
    private final AtomicInteger running = new AtomicInteger();
    private final Set<Thread> runners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean terminated = new AtomicBoolean();

    private final ThreadFactory threads;

    VirtualLane(LaneConfig config, SchedulerContext ctx) {
        super(config, ctx);
        this.queues = new PriorityQueues(config.queueCapacity());
        this.picker =
                new JobPicker(
                        new PriorityQueues[] {queues},
                        new int[][] {{0}},
                        new int[] {1},
                        ctx.clock(),
                        ctx.agingNanos());
        this.limit = config.parallelism();
        this.threads =
                Thread.ofVirtual()
                        .name(ctx.threadNamePrefix() + '-' + lane.name() + '-', 0)
                        .factory();
    }

    @Override
    void start() {
        // Runners start on demand.
    }

    @Override
    boolean offer(Object entry, int level) {
        if (queues.offer(entry, level)) {
            picker.levelUsed(level);
            return true;
        }
        return false;
    }

    @Override
    void takeAll(List<Object> sink) {
        queues.takeAll(sink);
    }

    @Override
    boolean competing() {
        return picker.competing();
    }

    @Override
    void signalWork() {
        for (int r = running.get(); r < limit; r = running.get()) {
            if (running.compareAndSet(r, r + 1)) {
                startRunner();
                return;
            }
        }
    }

    private void startRunner() {
        try {
            threads.newThread(this::runLoop).start();
        } catch (Throwable t) {
            // Out of memory for a thread: give the permit back; the job waits for the next runner.
            running.decrementAndGet();
            throw t;
        }
    }

    private void runLoop() {
        Thread self = Thread.currentThread();
        runners.add(self);
        try {
            for (; ; ) {
                if (runState.get() >= RunState.STOP) {
                    running.decrementAndGet();
                    return;
                }
                Object taken = picker.next(0, null);
                if (taken != null) {
                    runTaken(taken);
                    Thread.interrupted();
                    continue;
                }
                running.decrementAndGet();
                if (!picker.retireEmptyLevels() || !reacquire()) {
                    return;
                }
            }
        } finally {
            runners.remove(self);
            tryTerminate();
        }
    }

    private boolean reacquire() {
        for (int r = running.get(); r < limit; r = running.get()) {
            if (running.compareAndSet(r, r + 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    void onRevoked() {
        tryTerminate();
    }

    @Override
    void onShutdown() {
        wakeBlockedSubmitters(true);
        tryTerminate();
    }

    @Override
    void onShutdownNow(List<Runnable> sink) {
        wakeBlockedSubmitters(true);
        for (Thread t : runners) {
            t.interrupt();
        }
        queues.drainTo(sink);
        tryTerminate();
    }

    @Override
    boolean ownsCurrentThread() {
        return runners.contains(Thread.currentThread());
    }

    @Override
    boolean threadsGone() {
        return terminated.get();
    }

    /** Terminates once shut down with no runner left and, unless stopped, nothing queued. */
    private void tryTerminate() {
        int state = runState.get();
        if (state == RunState.RUNNING || running.get() != 0 || terminated.get()) {
            return;
        }
        if (state == RunState.SHUTDOWN && picker.hasWork()) {
            // Queued jobs (or revoked leftovers) still need a runner to drain them.
            signalWork();
            return;
        }
        if (terminated.compareAndSet(false, true)) {
            runState.partyTerminated();
        }
    }

    @Override
    int queued() {
        return queues.size();
    }

    @Override
    String capacityDescription() {
        return "1 queue × " + queues.capacity() + " jobs";
    }
}
