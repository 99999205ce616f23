package dev.switchboard.concurrent;

/**
 * Told about failures of fire-and-forget jobs ({@link JobScheduler#execute}), which have no future
 * to carry the error. Jobs submitted with a future report failures through the future only.
 *
 * <p>Called on the thread that ran the job (a worker; the submitter for caller-runs, or for a job
 * accepted as the scheduler stopped, see {@link JobScheduler#shutdownNow()}); must be thread-safe
 * and should return quickly. What it throws is ignored.
 */
@FunctionalInterface
public interface JobErrorHandler {

    /**
     * @param lane where the job ran
     * @param job the job as it was submitted
     * @param error what it threw
     */
    void jobFailed(Lane lane, Runnable job, Throwable error);

    /**
     * @return the default handler: logs the first failure of each exception class per lane through
     *     {@link System.Logger} (WARNING, with stack trace) and later ones at DEBUG, so a failing
     *     job in a loop does not flood the log
     */
    static JobErrorHandler logging() {
        return new dev.switchboard.concurrent.internal.LoggingErrorHandler();
    }
}
