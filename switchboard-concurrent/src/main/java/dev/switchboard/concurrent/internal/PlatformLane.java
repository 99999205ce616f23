package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.LaneConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lane of platform-thread {@link Worker}s, each owning one {@link PriorityQueues}; a worker
 * serves its own queues first and steals from the others' (see {@link JobPicker}).
 *
 * <p>Design note — parking without lost wake-ups (after Tokio's and Go's schedulers): a worker that
 * runs out of work becomes a <em>searcher</em> and spins for a while; then it registers as parked,
 * stops searching, looks at every queue once more and only then parks. A submitter queues first,
 * then wakes a parked worker only if no worker is searching. All four steps are sequentially
 * consistent, so either the submitter sees the searcher/parked count or the worker's last look sees
 * the job. A searcher that finds work and was the last searcher wakes one more parked worker if
 * work remains, so a burst spreads over the pool one wake-up at a time. The waker hands the woken
 * worker its searcher status, so concurrent submitters do not wake a second one for the same job.
 *
 * <p>Thread-safety: {@link #offer} and {@link #signalWork} from any thread; the rest from workers
 * and the scheduler's life-cycle methods.
 */
final class PlatformLane extends LaneRuntime {
    final PriorityQueues[] queues;
    final JobPicker picker;
    private final Worker[] workers;
    final AtomicInteger searching = new AtomicInteger();
    final AtomicInteger parked = new AtomicInteger();
    private final AtomicInteger wakeCursor = new AtomicInteger();

    PlatformLane(LaneConfig config, SchedulerContext ctx) {
        super(config, ctx);
        int n = config.parallelism();
        queues = new PriorityQueues[n];
        workers = new Worker[n];
        for (int i = 0; i < n; i++) {
            queues[i] = new PriorityQueues(config.queueCapacity());
        }
        picker = new JobPicker(queues, ctx.clock(), ctx.agingNanos());
        for (int i = 0; i < n; i++) {
            String name = ctx.threadNamePrefix() + '-' + lane.name() + '-' + i;
            workers[i] = new Worker(this, i, name, ctx.daemonThreads());
        }
    }

    @Override
    void start() {
        for (Worker w : workers) {
            w.start();
        }
    }

    @Override
    boolean offer(Job<?> job) {
        PriorityQueues[] qs = queues;
        int n = qs.length;
        int home = home(n);
        for (int k = 0, i = home; k < n; k++, i = (i + 1 == n ? 0 : i + 1)) {
            if (qs[i].offer(job)) {
                picker.levelUsed(job.priority.code());
                return true;
            }
        }
        return false;
    }

    /** A worker submits to its own queues; any other thread to a queue picked by its thread id. */
    private int home(int n) {
        Thread t = Thread.currentThread();
        if (t instanceof Worker w && w.lane == this) {
            return w.index;
        }
        if (n == 1) {
            return 0;
        }
        // Affinity: one submitting thread keeps feeding the same worker, so the queue's cache
        // lines move between two cores only; consecutive thread ids (a pool of submitters) land
        // on different workers. Idle workers steal to balance.
        return (int) (t.threadId() % n);
    }

    @Override
    void signalWork() {
        if (searching.get() == 0 && parked.get() > 0) {
            wakeOne();
        }
    }

    /** A searcher found a job; if it was the last one, hand the search on. */
    void searcherFoundWork() {
        if (searching.decrementAndGet() == 0 && parked.get() > 0 && picker.hasWork()) {
            wakeOne();
        }
    }

    private void wakeOne() {
        Worker[] ws = workers;
        int n = ws.length;
        int start = n == 1 ? 0 : Math.floorMod(wakeCursor.getAndIncrement(), n);
        for (int k = 0, i = start; k < n; k++, i = (i + 1 == n ? 0 : i + 1)) {
            if (ws[i].wake()) {
                return;
            }
        }
    }

    @Override
    void onRevoked() {
        // Workers poll and skip revoked jobs on their way out.
    }

    @Override
    void onShutdown() {
        for (Worker w : workers) {
            w.wake();
        }
        wakeBlockedSubmitters(true);
    }

    @Override
    void onShutdownNow(List<Job<?>> sink) {
        for (Worker w : workers) {
            w.wake();
            w.interrupt();
        }
        wakeBlockedSubmitters(true);
        for (PriorityQueues q : queues) {
            q.drainTo(sink);
        }
    }

    void workerExited() {
        runState.partyTerminated();
    }

    @Override
    int queued() {
        int n = 0;
        for (PriorityQueues q : queues) {
            n += q.size();
        }
        return n;
    }

    @Override
    String capacityDescription() {
        return queues.length + " worker(s) × " + queues[0].capacity() + " jobs";
    }
}
