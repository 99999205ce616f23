/**
 * The in-process message bus. {@code dev.switchboard.bus} is the API ({@link
 * dev.switchboard.bus.MessageBus}, {@link dev.switchboard.bus.InProcessBus}); {@code
 * dev.switchboard.bus.routing} is the subject router that the bus and the networked broker share,
 * so subject semantics are the same everywhere. {@code dev.switchboard.bus.internal} is not
 * exported.
 */
module dev.switchboard.bus {
    requires transitive dev.switchboard.core;

    exports dev.switchboard.bus;
    exports dev.switchboard.bus.routing;
}
