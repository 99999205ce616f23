package dev.switchboard.client;

import dev.switchboard.core.SwitchboardException;

/** The connection was used after {@link Connection#close()} or a drain, or closed under a call. */
public class ConnectionClosedException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was attempted or what ended
     */
    public ConnectionClosedException(String message) {
        super(message);
    }
}
