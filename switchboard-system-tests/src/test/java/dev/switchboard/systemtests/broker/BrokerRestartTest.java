package dev.switchboard.systemtests.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.ConnectionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as its own process, killed and restarted under running clients: they reconnect,
 * resubscribe, deliver what they buffered meanwhile, and hold no duplicate subscriptions.
 */
class BrokerRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dir;

    private static ClientOptions options(int port, String name, List<ConnectionEvent> events) {
        return ClientOptions.builder()
                .server("sb://127.0.0.1:" + port)
                .name(name)
                .reconnectWait(Duration.ofMillis(50), Duration.ofMillis(250))
                .maxReconnectAttempts(-1)
                .listener(events::add)
                .build();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean saw(List<ConnectionEvent> events, ConnectionEvent.Type type) {
        return events.stream().anyMatch(e -> e.type() == type);
    }

    @Test
    void clientsSurviveABrokerCrash_resubscribe_andDeliverWhatTheyBuffered() throws Exception {
        int port = BrokerProcess.freePort();
        List<ConnectionEvent> aEvents = new CopyOnWriteArrayList<>();
        List<ConnectionEvent> bEvents = new CopyOnWriteArrayList<>();
        try (BrokerProcess broker = new BrokerProcess(port, dir.resolve("broker.log"))) {
            broker.start();
            try (Connection a = Connection.connect(options(port, "a", aEvents));
                    Connection b = Connection.connect(options(port, "b", bEvents))) {
                List<String> gotA = new CopyOnWriteArrayList<>();
                List<String> gotB = new CopyOnWriteArrayList<>();
                a.subscribe("orders.>", m -> gotA.add(text(m.payload())));
                b.subscribe("orders.>", m -> gotB.add(text(m.payload())));
                a.flush(WAIT);
                b.flush(WAIT);
                b.publish("orders.1", bytes("before"));
                await().atMost(WAIT)
                        .until(() -> gotA.contains("before") && gotB.contains("before"));

                broker.kill();
                await().atMost(WAIT)
                        .until(
                                () ->
                                        saw(aEvents, ConnectionEvent.Type.DISCONNECTED)
                                                && saw(bEvents, ConnectionEvent.Type.DISCONNECTED));
                // Published while no broker runs: buffered by the client. On reconnect the client
                // sends its subscriptions first, so its own copy is delivered for sure.
                a.publish("orders.2", bytes("during"));

                broker.start();
                await().atMost(WAIT).until(() -> gotA.contains("during"));
                await().atMost(WAIT)
                        .until(
                                () ->
                                        saw(aEvents, ConnectionEvent.Type.RECONNECTED)
                                                && saw(bEvents, ConnectionEvent.Type.RECONNECTED));
                a.flush(WAIT);
                b.flush(WAIT);

                b.publish("orders.3", bytes("after"));
                b.flush(WAIT);
                await().atMost(WAIT).until(() -> gotA.contains("after") && gotB.contains("after"));
                // Exactly one subscription each after the reconnect: one copy of "after" each.
                a.publish("orders.4", bytes("last"));
                a.flush(WAIT);
                await().atMost(WAIT).until(() -> gotA.contains("last") && gotB.contains("last"));
                assertThat(gotA.stream().filter("after"::equals)).hasSize(1);
                assertThat(gotB.stream().filter("after"::equals)).hasSize(1);
                assertThat(gotA.stream().filter("last"::equals)).hasSize(1);
                assertThat(saw(aEvents, ConnectionEvent.Type.RESUBSCRIBED)).isTrue();
            }
        }
    }

    @Test
    void aGracefulStop_tellsClientsToGo_andTheyComeBackWhenTheBrokerDoes() throws Exception {
        int port = BrokerProcess.freePort();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (BrokerProcess broker = new BrokerProcess(port, dir.resolve("broker.log"))) {
            broker.start();
            try (Connection c = Connection.connect(options(port, "c", events))) {
                List<String> got = new CopyOnWriteArrayList<>();
                c.subscribe("t", m -> got.add(text(m.payload())));
                c.flush(WAIT);

                broker.stop(); // SIGTERM: GOAWAY, then close
                try {
                    await().atMost(WAIT).until(() -> saw(events, ConnectionEvent.Type.LAME_DUCK));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(
                            "no LAME_DUCK after SIGTERM; events "
                                    + events
                                    + "\nbroker log:\n"
                                    + broker.log(),
                            e);
                }
                broker.start();
                await().atMost(WAIT).until(() -> saw(events, ConnectionEvent.Type.RECONNECTED));
                c.publish("t", bytes("hello again"));
                await().atMost(WAIT).until(() -> got.contains("hello again"));
            }
        }
    }
}
