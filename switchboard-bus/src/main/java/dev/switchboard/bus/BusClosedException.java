package dev.switchboard.bus;

import dev.switchboard.core.SwitchboardException;

/** The bus was used after {@link MessageBus#close()}. */
public class BusClosedException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    /**
     * @param operation what was attempted
     */
    public BusClosedException(String operation) {
        super("cannot " + operation + ": the bus is closed");
    }
}
