package dev.switchboard.concurrent.internal;

import dev.switchboard.concurrent.JobErrorHandler;
import dev.switchboard.concurrent.MetricsRecorder;
import dev.switchboard.core.Clock;

/**
 * What every lane of one scheduler shares. Immutable apart from {@link RunState}.
 *
 * @param clock time for stamps, aging and timeouts
 * @param metrics where events go
 * @param timed whether jobs are timed (false for the no-op recorder, saving two clock reads)
 * @param errorHandler failures of fire-and-forget jobs
 * @param agingNanos aging threshold
 * @param runState the life cycle
 * @param threadNamePrefix first part of thread names
 * @param daemonThreads whether platform workers are daemons
 */
record SchedulerContext(
        Clock clock,
        MetricsRecorder metrics,
        boolean timed,
        JobErrorHandler errorHandler,
        long agingNanos,
        RunState runState,
        String threadNamePrefix,
        boolean daemonThreads) {}
