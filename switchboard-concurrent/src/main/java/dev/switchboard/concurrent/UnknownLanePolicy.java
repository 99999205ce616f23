package dev.switchboard.concurrent;

/** What happens to a job tagged with a lane the scheduler was not configured with. */
public enum UnknownLanePolicy {
    /** Run it on the {@link Lane#SHARED} pool (and count it there). */
    SHARED,
    /** Refuse it: {@link SubmitStatus#NO_SUCH_LANE}, or {@link RejectedJobException}. */
    REJECT
}
