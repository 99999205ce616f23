package dev.switchboard.bus.registry;

/** The state of an instance's circuit breaker, as {@link ServiceRegistry} reports it. */
public enum BreakerState {
    /** Calls pass; failures are counted. */
    CLOSED,
    /** Too many calls failed: the instance is out of rotation until the open duration passes. */
    OPEN,
    /** Trial calls pass; their outcome closes or reopens the breaker. */
    HALF_OPEN
}
