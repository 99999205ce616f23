package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import java.util.ArrayList;
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

    // Single producer (the I/O thread), single consumer (this thread). The I/O thread gathers one
    // read's messages in a list and hands the whole list over at the read's end: one queue
    // operation per read, not per message.
    private final SpscUnboundedArrayQueue<ArrayList<Entry>> queue =
            new SpscUnboundedArrayQueue<>(256);
    private ArrayList<Entry> batch = new ArrayList<>(); // I/O thread only
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
        batch.add(new Entry(sub, msg));
    }

    /** I/O thread: hands the read's messages over and lets the dispatcher run them. */
    void wake() {
        if (!batch.isEmpty()) {
            queue.offer(batch);
            batch = new ArrayList<>(Math.max(16, batch.size()));
        }
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
            ArrayList<Entry> list = queue.poll();
            if (list == null) {
                idle();
                continue;
            }
            int i = 0;
            for (int n = list.size(); i < n && !stopped; i++) {
                Entry e = list.get(i);
                e.sub().deliver(e.msg());
            }
            for (int n = list.size(); i < n; i++) {
                Entry e = list.get(i);
                e.sub().discard(e.msg());
            }
        }
        // Release the pending counts of what was never delivered. The I/O thread has stopped
        // submitting by now (the connection is closed), so this drains everything.
        ArrayList<Entry> rest;
        while ((rest = queue.poll()) != null) {
            for (Entry e : rest) {
                e.sub().discard(e.msg());
            }
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
