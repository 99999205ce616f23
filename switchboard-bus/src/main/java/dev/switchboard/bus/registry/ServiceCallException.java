package dev.switchboard.bus.registry;

import dev.switchboard.core.SwitchboardException;

/** A {@link ServiceCall} threw; the cause is what it threw, {@link #instance()} where it ran. */
public class ServiceCallException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    private final transient ServiceInstance instance;

    /**
     * @param instance the instance the call went to
     * @param cause what the call threw
     */
    public ServiceCallException(ServiceInstance instance, Throwable cause) {
        super(
                "call to service '"
                        + instance.name()
                        + "' instance '"
                        + instance.id()
                        + "' failed: "
                        + cause,
                cause);
        this.instance = instance;
    }

    /**
     * @return the instance the call went to
     */
    public ServiceInstance instance() {
        return instance;
    }
}
