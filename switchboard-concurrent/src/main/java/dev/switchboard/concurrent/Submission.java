package dev.switchboard.concurrent;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The result of {@link JobScheduler#trySubmit}: backpressure as a value. Either {@link Accepted}
 * with the job's future, or {@link Rejected} with the reason.
 *
 * <pre>{@code
 * switch (scheduler.trySubmit(Lane.SHARED, job, Priority.HIGH)) {
 *     case Submission.Accepted<Integer> a -> a.future().thenAccept(this::use);
 *     case Submission.Rejected<Integer> r -> slowDown(r.status());
 * }
 * }</pre>
 *
 * @param <T> the job's result type
 */
public sealed interface Submission<T> {

    /**
     * @return why the submission ended as it did
     */
    SubmitStatus status();

    /**
     * @return whether the job was taken
     */
    default boolean isAccepted() {
        return status().isAccepted();
    }

    /**
     * The job was taken.
     *
     * @param status {@link SubmitStatus#ACCEPTED} or {@link SubmitStatus#RAN_BY_CALLER}
     * @param future completes with the job's result; already complete for {@code RAN_BY_CALLER}
     * @param <T> the job's result type
     */
    record Accepted<T>(SubmitStatus status, CompletableFuture<T> future) implements Submission<T> {
        /**
         * @throws IllegalArgumentException if {@code status} is not an accepting status
         */
        public Accepted {
            Objects.requireNonNull(future, "future");
            if (!status.isAccepted()) {
                throw new IllegalArgumentException("not an accepting status: " + status);
            }
        }
    }

    /**
     * The job was refused and will never run.
     *
     * @param status the reason; never an accepting status
     * @param <T> the job's result type
     */
    record Rejected<T>(SubmitStatus status) implements Submission<T> {
        /**
         * @throws IllegalArgumentException if {@code status} is an accepting status
         */
        public Rejected {
            if (status.isAccepted()) {
                throw new IllegalArgumentException("not a rejecting status: " + status);
            }
        }
    }
}
