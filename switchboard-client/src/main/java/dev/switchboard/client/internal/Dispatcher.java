package dev.switchboard.client.internal;

import dev.switchboard.client.Msg;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.varhandle.SpscUnboundedVarHandleArrayQueue;

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
 *
 * <p>Per message the I/O thread adds two references to a plain array (subscription, message: no
 * entry object), and the dispatcher releases a run of messages for one subscription with one update
 * of its pending counters ({@link HandlerSubscription#handle}, {@link
 * AbstractSubscription#takenBatch}) rather than two atomic updates per message, which the I/O
 * thread would otherwise read back from another core on every message it admits.
 */
final class Dispatcher {
    private static final long SAFETY_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    // Single producer (the I/O thread), single consumer (this thread). The I/O thread gathers one
    // read's messages in a list (subscription, message, subscription, message, ...) and hands the
    // whole list over at the read's end: one queue operation per read, not per message.
    private final SpscUnboundedVarHandleArrayQueue<ArrayList<Object>> queue =
            new SpscUnboundedVarHandleArrayQueue<>(256);
    private ArrayList<Object> batch = new ArrayList<>(); // I/O thread only
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
        batch.add(sub);
        batch.add(msg);
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
            ArrayList<Object> list = queue.poll();
            if (list == null) {
                idle();
                continue;
            }
            int n = list.size();
            int i = 0;
            HandlerSubscription run = null; // the subscription of the current run of messages
            int runMsgs = 0;
            int runDelivered = 0;
            long runBytes = 0;
            for (; i < n && !stopped; i += 2) {
                HandlerSubscription sub = (HandlerSubscription) list.get(i);
                Msg msg = (Msg) list.get(i + 1);
                if (sub != run) {
                    if (run != null) {
                        run.takenBatch(runMsgs, runDelivered, runBytes);
                    }
                    run = sub;
                    runMsgs = 0;
                    runDelivered = 0;
                    runBytes = 0;
                }
                if (sub.handle(msg)) {
                    runDelivered++;
                }
                runMsgs++;
                runBytes += msg.payload().length;
            }
            if (run != null) {
                run.takenBatch(runMsgs, runDelivered, runBytes);
            }
            for (; i < n; i += 2) {
                ((HandlerSubscription) list.get(i)).discard((Msg) list.get(i + 1));
            }
        }
        // Release the pending counts of what was never delivered. The I/O thread has stopped
        // submitting by now (the connection is closed), so this drains everything.
        ArrayList<Object> rest;
        while ((rest = queue.poll()) != null) {
            for (int i = 0; i < rest.size(); i += 2) {
                ((HandlerSubscription) rest.get(i)).discard((Msg) rest.get(i + 1));
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
