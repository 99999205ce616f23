/**
 * The in-process message bus. {@code dev.switchboard.bus.routing} is the subject router that the
 * bus and the networked broker share, so subject semantics are the same everywhere.
 */
module dev.switchboard.bus {
    requires transitive dev.switchboard.core;

    exports dev.switchboard.bus.routing;
}
