package dev.switchboard.concurrent.internal;

import dev.switchboard.core.message.Priority;

/**
 * A fire-and-forget job: the submitted Runnable, run once. Its failure goes to the scheduler's
 * error handler, since nobody holds a future.
 */
final class PlainJob extends Job {
    final Runnable runnable;

    PlainJob(Runnable runnable, Priority priority) {
        super(priority);
        this.runnable = runnable;
    }

    @Override
    boolean settled() {
        return false;
    }

    @Override
    Throwable execute() {
        return runCatching(runnable);
    }

    @Override
    void publish(Throwable failure) {
        // Nobody holds a future; LaneRuntime hands failures to the error handler.
    }

    @Override
    Runnable forShutdownNow() {
        return runnable;
    }

    @Override
    public String toString() {
        return "Job[" + priority + ", " + runnable + "]";
    }
}
