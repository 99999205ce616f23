/**
 * The in-process message bus. {@code dev.switchboard.bus} is the API ({@link
 * dev.switchboard.bus.MessageBus}, {@link dev.switchboard.bus.InProcessBus}); {@code
 * dev.switchboard.bus.routing} is the subject router that the bus and the networked broker share,
 * so subject semantics are the same everywhere. {@code dev.switchboard.bus.spi} is the delivery
 * engine for other bus implementations (the network client's). {@code dev.switchboard.bus.registry}
 * is an in-process service registry with load balancing, health checks and circuit breakers; {@code
 * dev.switchboard.bus.pipeline} composes message-processing stages joined by bounded queues. {@code
 * dev.switchboard.bus.internal} is not exported.
 */
@SuppressWarnings("requires-automatic")
module dev.switchboard.bus {
    requires transitive dev.switchboard.core;
    requires org.jctools.core.jdk11;
    // Automatic modules (Automatic-Module-Name in the jars), used only inside the registry.
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;

    exports dev.switchboard.bus;
    exports dev.switchboard.bus.routing;
    exports dev.switchboard.bus.registry;
    exports dev.switchboard.bus.pipeline;
    exports dev.switchboard.bus.spi;
}
