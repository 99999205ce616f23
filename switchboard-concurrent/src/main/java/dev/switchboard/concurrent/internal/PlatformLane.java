package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.LaneConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lane of platform-thread {@link Worker}s, each owning one {@link PriorityQueues} for the jobs it
 * submits itself, plus (with two or more workers) submission queue sets for every other thread,
 * picked by thread id. Each worker takes turns between its own queues and the submission queues it
 * is first in line for, and steals from the rest (see {@link #scanOrders} and {@link JobPicker}).
 *
 * <p>Design note — why submission queues: with one queue set per worker, more submitting threads
 * than workers share queues and contend for their producer index. ForkJoinPool also gives outside
 * threads submission queues, picked by a per-thread hash. SchedulerBenchmark, 3 forks, 2 workers,
 * as a ratio to ForkJoinPool: 4 submitters 0.51× → 0.62–0.72×, 2 submitters unchanged at 0.73–0.77×
 * (docs/BENCHMARKS.md).
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
    private final AtomicInteger exited = new AtomicInteger();

    /** Submission queue sets for threads outside the lane (a power of two), after the workers'. */
    private final int stripes;

    PlatformLane(LaneConfig config, SchedulerContext ctx) {
        super(config, ctx);
        int n = config.parallelism();
        stripes = stripesFor(n);
        queues = new PriorityQueues[n + stripes];
        workers = new Worker[n];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new PriorityQueues(config.queueCapacity());
        }
        picker =
                new JobPicker(
                        queues,
                        scanOrders(n, stripes),
                        firstGroups(n, stripes),
                        ctx.clock(),
                        ctx.agingNanos());
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
    boolean offer(Object entry, int level) {
        PriorityQueues[] qs = queues;
        int n = qs.length;
        int home = home();
        for (int k = 0, i = home; k < n; k++, i = (i + 1 == n ? 0 : i + 1)) {
            if (qs[i].offer(entry, level)) {
                picker.levelUsed(level);
                return true;
            }
        }
        return false;
    }

    /**
     * How many submission queue sets a lane of {@code workers} gets: none for one worker (every job
     * goes to its queues, so jobs of one priority run in the order they were queued); otherwise
     * twice the workers, rounded up to a power of two, so that a few more submitting threads than
     * workers rarely share one (two producers on one queue contend for its producer index).
     */
    static int stripesFor(int workers) {
        return workers == 1 ? 0 : Integer.highestOneBit(2 * workers - 1) << 1;
    }

    /**
     * The order in which each worker looks at the queue sets: first its own group, which it takes
     * turns to start at (see {@link #firstGroups} and {@link ScanTurn}) — its own queue set and the
     * submission queues it is first in line for (stripe {@code j} belongs to worker {@code j mod
     * n}); then the other submission queues; then the other workers'. So each submission queue
     * usually has one consumer, two workers meet on one queue only to steal, and no queue set in a
     * group is starved by another that never runs empty.
     */
    static int[][] scanOrders(int n, int stripes) {
        int[][] orders = new int[n][];
        for (int w = 0; w < n; w++) {
            int[] order = new int[n + stripes];
            int k = 0;
            order[k++] = w;
            for (int round = 0; round < n; round++) {
                for (int j = (w + round) % n; j < stripes; j += n) {
                    order[k++] = n + j;
                }
            }
            for (int other = 1; other < n; other++) {
                order[k++] = (w + other) % n;
            }
            orders[w] = order;
        }
        return orders;
    }

    /** Per worker: its own queue set and the submission queue sets it is first in line for. */
    static int[] firstGroups(int n, int stripes) {
        int[] groups = new int[n];
        for (int w = 0; w < n; w++) {
            groups[w] = 1 + (stripes - w + n - 1) / n;
        }
        return groups;
    }

    /**
     * Where a job is queued first: a worker's own queues for a job it submits (it will likely run
     * it itself, cache-warm); for any other thread the submission queues picked by its thread id,
     * so that one submitter keeps feeding the same queues and submitters with consecutive ids use
     * different ones.
     */
    private int home() {
        Thread t = Thread.currentThread();
        if (t instanceof Worker w && w.lane == this) {
            return w.index;
        }
        return stripes == 0 ? 0 : workers.length + (int) (t.threadId() & (stripes - 1));
    }

    @Override
    boolean competing() {
        return picker.competing();
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
    void onShutdownNow(List<Runnable> sink) {
        for (Worker w : workers) {
            w.wake();
            w.interrupt();
        }
        wakeBlockedSubmitters(true);
        for (PriorityQueues q : queues) {
            q.drainTo(sink);
        }
    }

    @Override
    void takeAll(List<Object> sink) {
        for (PriorityQueues q : queues) {
            q.takeAll(sink);
        }
    }

    void workerExited() {
        exited.incrementAndGet();
        runState.partyTerminated();
    }

    @Override
    boolean ownsCurrentThread() {
        return Thread.currentThread() instanceof Worker w && w.lane == this;
    }

    @Override
    boolean threadsGone() {
        return exited.get() == workers.length;
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
        String sets =
                stripes == 0
                        ? workers.length + " worker(s)"
                        : "(" + workers.length + " worker + " + stripes + " submission) queue sets";
        return sets + " × " + queues[0].capacity() + " jobs";
    }
}
