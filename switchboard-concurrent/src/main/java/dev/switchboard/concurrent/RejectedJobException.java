package dev.switchboard.concurrent;

import dev.switchboard.core.SwitchboardException;

/**
 * Thrown by the throwing submit methods ({@link JobScheduler#submit}, {@link JobScheduler#execute})
 * when a job is refused. Use {@link JobScheduler#trySubmit} / {@link JobScheduler#tryExecute} to
 * get the refusal as a value instead. A {@link SubmitStatus#QUEUE_FULL} refusal is transient: the
 * same job may be taken later.
 */
public class RejectedJobException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    private final SubmitStatus status;
    private final String laneName;

    /**
     * @param status why the job was refused
     * @param lane the lane the job was meant for
     * @param message what happened, with the limits involved
     */
    public RejectedJobException(SubmitStatus status, Lane lane, String message) {
        super(message);
        this.status = status;
        this.laneName = lane.name();
    }

    /**
     * @return why the job was refused
     */
    public SubmitStatus status() {
        return status;
    }

    /**
     * @return the lane the job was meant for
     */
    public Lane lane() {
        return new Lane(laneName);
    }
}
