package dev.switchboard.bus.registry;

/** The handle {@link ServiceRegistry#register} returns. Thread-safe. */
public interface Registration extends AutoCloseable {

    /**
     * @return the registered instance
     */
    ServiceInstance instance();

    /**
     * Removes the instance from the registry and fires {@link RegistryEvent.Type#DEREGISTERED}.
     * Idempotent: only the first call fires the event.
     */
    void deregister();

    /**
     * @return whether the instance is still registered
     */
    boolean isRegistered();

    /** Same as {@link #deregister()}. */
    @Override
    default void close() {
        deregister();
    }
}
