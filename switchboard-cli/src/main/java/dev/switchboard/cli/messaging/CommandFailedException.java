package dev.switchboard.cli.messaging;

import java.io.Serial;

/**
 * The operation a command ran failed for a reason the user can act on; {@code Main} prints the
 * message as one line and exits 1.
 */
public final class CommandFailedException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * @param message one line saying what failed and why
     */
    public CommandFailedException(String message) {
        super(message);
    }

    /**
     * @param message one line saying what failed and why
     * @param cause the underlying failure
     */
    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
