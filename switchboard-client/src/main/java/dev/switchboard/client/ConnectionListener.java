package dev.switchboard.client;

/**
 * Hears what happens to a connection: connects, disconnects, reconnects, slow consumers, errors.
 * Called on the connection's event thread ({@code switchboard-client-<name>-events}), one event at
 * a time in order, never on the I/O thread; a listener that blocks delays later events only. An
 * exception thrown by the listener is ignored.
 */
@FunctionalInterface
public interface ConnectionListener {
    /**
     * @param event what happened
     */
    void onEvent(ConnectionEvent event);
}
