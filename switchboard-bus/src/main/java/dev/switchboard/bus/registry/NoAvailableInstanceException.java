package dev.switchboard.bus.registry;

import dev.switchboard.core.RetriableException;

/**
 * No instance matching a query is in rotation: none registered, all unhealthy, or all with an open
 * circuit breaker. Retriable: instances may come back.
 */
public class NoAvailableInstanceException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param query the query nothing matched
     * @param registered how many instances match it, in rotation or not
     */
    public NoAvailableInstanceException(ServiceQuery query, int registered) {
        super(
                "service registry: no instance of '"
                        + query.name()
                        + "'"
                        + (query.version() != null ? " version " + query.version() : "")
                        + (query.metadata().isEmpty() ? "" : " with " + query.metadata())
                        + " is in rotation ("
                        + registered
                        + " registered, all unhealthy or with an open circuit breaker)");
    }
}
