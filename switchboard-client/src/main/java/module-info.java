/**
 * The Java client of the Switchboard broker. {@code dev.switchboard.client} is the API: {@link
 * dev.switchboard.client.Connection#connect} with {@link dev.switchboard.client.ClientOptions},
 * publish, subscribe (handler or pull), request/reply, flush and drain, automatic reconnection with
 * resubscription, and {@link dev.switchboard.client.Connection#asMessageBus()} for the {@link
 * dev.switchboard.bus.MessageBus} interface over the network. {@code
 * dev.switchboard.client.internal} is not exported.
 */
@SuppressWarnings("requires-automatic")
module dev.switchboard.client {
    requires transitive dev.switchboard.protocol;
    requires transitive dev.switchboard.bus;
    requires org.jctools.core.jdk11;

    exports dev.switchboard.client;
}
