package dev.switchboard.systemtests.broker;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.bus.MessageBus;
import dev.switchboard.bus.MessageBusContractTest;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.core.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The bus contract, run against the network client's {@link MessageBus} connected to a real broker:
 * the same subject rules, queue groups, request/reply, retries and dead letters as the in-process
 * bus, across a socket.
 */
class ClientBusContractTest extends MessageBusContractTest {
    private Broker broker;
    private Connection connection;

    @Override
    protected MessageBus createBus(ManualClock clock) {
        broker =
                Broker.start(BrokerConfig.builder().host("127.0.0.1").port(0).httpPort(-1).build());
        try {
            connection =
                    Connection.connect(
                            ClientOptions.builder()
                                    .server("sb://127.0.0.1:" + broker.port())
                                    .name("contract")
                                    .clock(clock)
                                    .build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return connection.asMessageBus();
    }

    @Override
    protected boolean knowsDeliveryCountsAtPublish() {
        return false;
    }

    @Override
    protected void settle() {
        try {
            connection.flush(WAIT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stopBroker() {
        if (connection != null) {
            connection.close();
        }
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }
}
