package dev.switchboard.broker;

import dev.switchboard.core.SwitchboardException;

/** The broker could not start: a listener could not be bound or its settings cannot be used. */
public final class BrokerStartException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the address or file
     * @param cause the underlying failure
     */
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
