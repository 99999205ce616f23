package dev.switchboard.concurrent;

/**
 * The outcome of a submission. The first two mean the job was taken; the rest say why it was not.
 */
public enum SubmitStatus {
    /** Queued; it will run unless cancelled or returned by {@link JobScheduler#shutdownNow()}. */
    ACCEPTED,
    /** The queue was full and the lane's policy is {@link FullQueuePolicy.CallerRuns}: it ran. */
    RAN_BY_CALLER,
    /**
     * The queue for the job's priority was full (after waiting, under {@link
     * FullQueuePolicy.Block}).
     */
    QUEUE_FULL,
    /** The scheduler is shutting down or terminated. */
    SHUT_DOWN,
    /**
     * The job named a lane that does not exist and the policy is {@link UnknownLanePolicy#REJECT}.
     */
    NO_SUCH_LANE,
    /**
     * The submitting thread was interrupted while it waited for space; its interrupt flag is set.
     */
    INTERRUPTED;

    /**
     * @return whether the job was taken ({@link #ACCEPTED} or {@link #RAN_BY_CALLER})
     */
    public boolean isAccepted() {
        return this == ACCEPTED || this == RAN_BY_CALLER;
    }
}
