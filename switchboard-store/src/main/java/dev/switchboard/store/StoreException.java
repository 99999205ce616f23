package dev.switchboard.store;

import dev.switchboard.core.SwitchboardException;
import java.util.Objects;

/** A store operation failed; {@link #error()} says why in a stable, switchable form. */
public class StoreException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    private final StoreError error;

    /**
     * @param error why
     * @param message what, with the stream name and the observed values
     */
    public StoreException(StoreError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * @param error why
     * @param message what, with the stream name and the observed values
     * @param cause the underlying failure
     */
    public StoreException(StoreError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * @return why the operation failed
     */
    public StoreError error() {
        return error;
    }
}
