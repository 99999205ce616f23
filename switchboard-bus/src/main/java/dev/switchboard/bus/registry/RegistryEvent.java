package dev.switchboard.bus.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A change in the registry.
 *
 * @param type what changed
 * @param instance the instance it concerns
 * @param at when, by the registry's clock
 */
public record RegistryEvent(Type type, ServiceInstance instance, Instant at) {

    /** Validates. */
    public RegistryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(at, "at");
    }

    /** The kinds of change. */
    public enum Type {
        /** The instance was registered (it starts healthy). */
        REGISTERED,
        /** The instance was deregistered. */
        DEREGISTERED,
        /** Its health check failed the configured number of times in a row: out of rotation. */
        UNHEALTHY,
        /** An unhealthy instance passed its health check again: back in rotation. */
        HEALTHY,
        /** Its circuit breaker opened: out of rotation for the open duration. */
        BREAKER_OPENED,
        /** Its circuit breaker half-opened: trial calls may go to it. */
        BREAKER_HALF_OPENED,
        /** Its circuit breaker closed again. */
        BREAKER_CLOSED
    }
}
