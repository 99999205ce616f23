package dev.switchboard.bus.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One step of a pipeline: a bounded input queue, counters, and what to do with each item. Run by
 * exactly one {@link StageWorker} thread, which is the only writer of the stage's own state; the
 * counters are atomics so any thread may read them.
 */
abstract class Stage {
    final String kind;
    String name;
    final AtomicLong in = new AtomicLong();
    final AtomicLong out = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    BlockingQueue<Object> input;
    Stage next;

    Stage(String kind) {
        this.kind = kind;
    }

    void init(int capacity) {
        input = new ArrayBlockingQueue<>(capacity);
    }

    /** Handles one item taken from the input queue; may block passing it on. */
    abstract void accept(Object item) throws InterruptedException;

    /** Called on {@link Signal#FLUSH} and {@link Signal#END}, before the signal is passed on. */
    void flush() throws InterruptedException {}

    /** Called after each item and after each empty poll when {@link #pollNanos()} is set. */
    void onTimer() throws InterruptedException {}

    /**
     * @return how long the worker waits for an item before calling {@link #onTimer()}; negative to
     *     wait without limit
     */
    long pollNanos() {
        return -1;
    }

    /** Passes an item on, blocking while the next queue is full: this is the backpressure. */
    final void emit(Object item, int count) throws InterruptedException {
        next.input.put(item);
        out.addAndGet(count);
    }

    StageStats stats() {
        return new StageStats(
                name,
                in.get(),
                out.get(),
                dropped.get(),
                errors.get(),
                input.size(),
                input.size() + input.remainingCapacity());
    }
}
