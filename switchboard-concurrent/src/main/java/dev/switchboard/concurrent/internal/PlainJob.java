package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fire-and-forget job: the submitted Runnable, run once. Its failure goes to the scheduler's
 * error handler, since nobody holds a future.
 */
final class PlainJob implements Job {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PlainJob.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Runnable runnable;
    private final Priority priority;
    private long enqueuedNanos;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    PlainJob(Runnable runnable, Priority priority) {
        this.runnable = runnable;
        this.priority = priority;
    }

    @Override
    public Priority priority() {
        return priority;
    }

    @Override
    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    @Override
    public void stamp(long nanos) {
        enqueuedNanos = nanos;
    }

    @Override
    public boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    @Override
    public int jobState() {
        return (int) STATE.getVolatile(this);
    }

    @Override
    public boolean settled() {
        return false;
    }

    @Override
    public Throwable execute() {
        return Job.runCatching(runnable);
    }

    @Override
    public void publish(Throwable failure) {
        // Nobody holds a future; LaneRuntime hands failures to the error handler.
    }

    @Override
    public Runnable forShutdownNow() {
        return runnable;
    }

    @Override
    public String toString() {
        return "Job[" + priority + ", " + runnable + "]";
    }
}
