package dev.switchboard.bus;

import dev.switchboard.core.SwitchboardException;

/** A request was sent to a subject nobody subscribes to (as NATS's "no responders"). */
public class NoRespondersException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the request's subject
     */
    public NoRespondersException(String subject) {
        super("no responders: nothing subscribes to '" + subject + "'");
    }
}
