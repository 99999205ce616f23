/**
 * The Switchboard broker. {@code dev.switchboard.broker} is the API: {@link
 * dev.switchboard.broker.Broker}, its {@link dev.switchboard.broker.BrokerConfig}, and the security
 * hooks ({@link dev.switchboard.broker.Authenticator}, {@link dev.switchboard.broker.Permissions}).
 * Sessions, routing and the {@code $SYS} services live in {@code dev.switchboard.broker.internal},
 * which is not exported.
 *
 * <p>Micrometer ships automatic modules only (no module descriptor), hence the suppression.
 */
@SuppressWarnings("requires-automatic")
module dev.switchboard.broker {
    requires transitive dev.switchboard.protocol;
    requires dev.switchboard.bus;
    requires transitive dev.switchboard.store; // BrokerConfig names a DatabaseConfig
    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires jdk.httpserver;
    requires micrometer.core;
    requires micrometer.registry.prometheus;

    exports dev.switchboard.broker;

    opens dev.switchboard.broker.internal.stream to
            com.fasterxml.jackson.databind;
}
