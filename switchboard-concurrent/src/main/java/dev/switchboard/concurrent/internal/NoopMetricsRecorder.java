package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.Lane;
import dev.switchboard.concurrent.MetricsRecorder;
import dev.switchboard.concurrent.SubmitStatus;
import dev.switchboard.core.message.Priority;

/**
 * The recorder that records nothing. The scheduler recognises it and skips the clock reads that
 * time jobs. Stateless and thread-safe.
 */
public enum NoopMetricsRecorder implements MetricsRecorder {
    INSTANCE;

    @Override
    public void jobQueued(Lane lane, Priority priority) {}

    @Override
    public void jobRejected(Lane lane, SubmitStatus reason) {}

    @Override
    public void jobStarted(Lane lane, Priority priority, long queueWaitNanos) {}

    @Override
    public void jobCompleted(Lane lane, long runNanos) {}

    @Override
    public void jobFailed(Lane lane, long runNanos, Throwable error) {}

    @Override
    public void jobCancelled(Lane lane) {}
}
