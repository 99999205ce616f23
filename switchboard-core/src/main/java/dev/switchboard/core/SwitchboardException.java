package dev.switchboard.core;

/**
 * The unchecked root of every exception Switchboard throws on purpose. Subclasses say what broke;
 * {@link RetriableException} marks failures that are safe to retry.
 */
public class SwitchboardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the values needed to diagnose it
     */
    public SwitchboardException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, with the values needed to diagnose it
     * @param cause the underlying failure
     */
    public SwitchboardException(String message, Throwable cause) {
        super(message, cause);
    }
}
