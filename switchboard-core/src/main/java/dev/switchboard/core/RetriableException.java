package dev.switchboard.core;

/** A failure that may succeed when the same operation is tried again (a timeout, a lost link). */
public class RetriableException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     */
    public RetriableException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
