package dev.switchboard.bus.registry;

/**
 * The work {@link ServiceRegistry#call} does against the instance it picked.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ServiceCall<T> {

    /**
     * @param instance the instance picked for this call
     * @return the result
     * @throws Exception to count the call as failed for the instance's circuit breaker
     */
    T call(ServiceInstance instance) throws Exception;
}
