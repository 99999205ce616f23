package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The $SYS request subjects and the graceful shutdown. */
class ManagementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private Broker start() {
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(0)
                                .serverName("mgmt")
                                .build());
        return broker;
    }

    private static JsonNode ask(RawClient c, String subject) throws Exception {
        c.send(new Frame.Pub(subject, "_INBOX.me.1", Headers.EMPTY, new byte[0], true));
        Frame.Msg reply = (Frame.Msg) c.next();
        assertThat(reply.noResponders()).isFalse();
        return JSON.readTree(reply.payload());
    }

    @Test
    void sysRequests_describeTheServerItsConnectionsAndSubscriptions() throws Exception {
        start();
        try (RawClient a = RawClient.tcp(broker.port());
                RawClient b = RawClient.tcp(broker.port())) {
            a.hello("alice", null);
            long bId = ((Frame.Welcome) b.hello("bob", null)).connectionId();
            a.send(new Frame.Sub(1, "_INBOX.me.*", null, QueueMode.ROUND_ROBIN, null));
            b.send(new Frame.Sub(5, "orders.>", "billing", QueueMode.ROUND_ROBIN, null));
            b.flush();
            b.send(new Frame.Pub("orders.x", null, Headers.EMPTY, new byte[10], false));
            b.flush();

            JsonNode info = ask(a, "$SYS.REQ.SERVER.INFO");
            assertThat(info.get("server_name").asText()).isEqualTo("mgmt");
            assertThat(info.get("connections").asInt()).isEqualTo(2);
            assertThat(info.get("msgs_in").asLong()).isGreaterThanOrEqualTo(1);

            JsonNode conns = ask(a, "$SYS.REQ.CONNECTIONS");
            assertThat(conns.get("count").asInt()).isEqualTo(2);
            JsonNode bob = null;
            for (JsonNode n : conns.get("connections")) {
                if (n.get("name").asText().equals("bob")) {
                    bob = n;
                }
            }
            assertThat(bob).isNotNull();
            assertThat(bob.get("id").asLong()).isEqualTo(bId);
            assertThat(bob.get("name").asText()).isEqualTo("bob");
            assertThat(bob.get("msgs_out").asLong()).isEqualTo(1);
            assertThat(bob.get("bytes_in").asLong()).isEqualTo(10);

            JsonNode subs = ask(a, "$SYS.REQ.SUBSCRIPTIONS");
            assertThat(subs.get("count").asInt()).isEqualTo(2);
            assertThat(subs.toString())
                    .contains("\"pattern\":\"orders.>\"", "\"queue_group\":\"billing\"");
        }
    }

    @Test
    void shutdown_sendsGoAway_waitsForClientsToLeave_thenRefusesConnections() throws Exception {
        start();
        int port = broker.port();
        RawClient c = RawClient.tcp(port);
        try {
            c.handshake();
            CompletableFuture<Void> stopping =
                    CompletableFuture.runAsync(() -> broker.shutdown(Duration.ofSeconds(10)));
            Frame f = c.next();
            assertThat(f).isInstanceOf(Frame.GoAway.class);
            assertThat(((Frame.GoAway) f).drainMs()).isEqualTo(10_000);
            assertThat(stopping).isNotDone();
            c.close(); // the client leaves, as told
            stopping.get(5, java.util.concurrent.TimeUnit.SECONDS); // long before the 10 s grace
        } finally {
            c.close();
        }
        broker = null;
        assertThatThrownBy(() -> RawClient.tcp(port).handshake()).isInstanceOf(IOException.class);
    }

    @Test
    void shutdown_closesClientsThatStay_atTheEndOfTheGrace() throws Exception {
        start();
        try (RawClient c = RawClient.tcp(broker.port())) {
            c.handshake();
            broker.shutdown(Duration.ofMillis(200));
            broker = null;
            assertThat(c.next()).isInstanceOf(Frame.GoAway.class);
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
