package dev.switchboard.bus.registry;

/**
 * Receives {@link RegistryEvent}s. Called synchronously on the thread that caused the change: the
 * registering or deregistering thread, the thread running {@link ServiceRegistry#tick()} or {@link
 * ServiceRegistry#checkHealth()} (the registry's health thread when it has one), or the thread of a
 * {@link ServiceRegistry#call} whose outcome moved a circuit breaker. Keep it short; an exception
 * it throws is counted ({@link ServiceRegistry#listenerErrors()}) and otherwise ignored.
 */
@FunctionalInterface
public interface RegistryListener {

    /**
     * @param event the change
     */
    void onEvent(RegistryEvent event);
}
