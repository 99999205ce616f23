package dev.switchboard.bus;

import dev.switchboard.core.RetriableException;
import java.time.Duration;

/** No reply arrived in time. Retriable: the responder may have been slow or busy. */
public class RequestTimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the request's subject
     * @param timeout how long the requester waited
     */
    public RequestTimeoutException(String subject, Duration timeout) {
        super("no reply to request on '" + subject + "' within " + timeout);
    }
}
