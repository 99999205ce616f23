package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.SpscUnboundedArrayQueue;

/**
 * The connection's dispatcher thread: runs the handlers of every handler subscription, one message
 * at a time, in the order the I/O thread received them (so each subscription sees its messages in
 * order). Started on the first handler subscription.
 *
 * <p>Design note: the I/O thread queues messages without waking the dispatcher and wakes it once
 * per socket read ({@link #wake()}), so a read that carries a hundred messages costs one unpark,
 * not a hundred. The dispatcher parks only after announcing it ({@code parked}) and re-checking the
 * queue, so a wake after a submit is never lost; a long park timeout is a safety net only.
 *
 * <p>The queue is unbounded in type but bounded in practice: each subscription admits at most its
 * pending limits.
 */
final class Dispatcher {
    private record Entry(HandlerSubscription sub, Msg msg) {}

    private static final long SAFETY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    // Single producer (the I/O thread), single consumer (this thread): no CAS per message.
    private final SpscUnboundedArrayQueue<Entry> queue = new SpscUnboundedArrayQueue<>(4096);
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean stopped;

    Dispatcher(String name) {
        this.thread =
                Thread.ofPlatform()
                        .name("switchboard-client-" + name + "-dispatcher")
                        .daemon(true)
                        .unstarted(this::run);
        thread.start();
    }

    /** I/O thread: queues one message for a handler; {@link #wake()} follows at the read's end. */
    void submit(HandlerSubscription sub, Msg msg) {
        queue.offer(new Entry(sub, msg));
    }

    /** Lets the dispatcher run what was submitted. Any thread. */
    void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    boolean isDispatcherThread() {
        return Thread.currentThread() == thread;
    }

    /** Stops after the messages already queued are discarded; a handler call in progress ends. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!stopped) {
            Entry e = queue.poll();
            if (e == null) {
                idle();
            } else {
                e.sub().deliver(e.msg());
            }
        }
        // Release the pending counts of what was never delivered. The I/O thread has stopped
        // submitting by now (the connection is closed), so this drains everything.
        Entry rest;
        while ((rest = queue.poll()) != null) {
            rest.sub().discard(rest.msg());
        }
    }

    private void idle() {
        parked = true;
        if (queue.isEmpty() && !stopped) {
            LockSupport.parkNanos(this, SAFETY_PARK_NANOS);
        }
        parked = false;
    }
}
