package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading, under each slow-consumer policy: the broker's memory stays
 * bounded, every drop is counted, and the advisory names the connection.
 */
class SlowConsumerTest {
    private static final int PAYLOAD = 1024;
    private static final int MESSAGES =
            4_000; // ~4 MiB: far past socket buffers and the 64 KiB bound
    private static final ObjectMapper JSON = new ObjectMapper();

    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private void start(SlowConsumerPolicy policy) {
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(0)
                                .maxPayload(4096)
                                .maxPendingBytes(64 << 10)
                                .slowConsumerPolicy(policy)
                                .build());
    }

    private static Frame.Sub sub(int sid, String pattern) {
        return new Frame.Sub(sid, pattern, null, QueueMode.ROUND_ROBIN, null);
    }

    private static void flood(RawClient pub) throws Exception {
        byte[] payload = new byte[PAYLOAD];
        for (int i = 0; i < MESSAGES; i++) {
            payload[0] = (byte) i;
            payload[1] = (byte) (i >>> 8);
            pub.send(new Frame.Pub("feed", null, Headers.EMPTY, payload, false));
        }
        pub.flush();
    }

    private Map<String, Object> connection(long id) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all =
                (List<Map<String, Object>>) broker.connections().get("connections");
        return all.stream().filter(c -> ((Long) c.get("id")) == id).findFirst().orElseThrow();
    }

    @Test
    void disconnectPolicy_closesTheSlowConnection_andAnnouncesIt() throws Exception {
        start(SlowConsumerPolicy.DISCONNECT);
        try (RawClient watcher = RawClient.tcp(broker.port());
                RawClient slow = RawClient.tcpSmallReceiveBuffer(broker.port());
                RawClient pub = RawClient.tcp(broker.port())) {
            watcher.handshake();
            watcher.send(sub(1, "$SYS.ADVISORY.>"));
            watcher.flush();
            long slowId = slow.handshake().connectionId();
            slow.send(sub(1, "feed"));
            slow.flush();
            pub.handshake();

            flood(pub);

            Frame.Msg advisory = (Frame.Msg) watcher.next();
            assertThat(advisory.subject()).isEqualTo("$SYS.ADVISORY.SLOW_CONSUMER");
            JsonNode body = JSON.readTree(advisory.payload());
            assertThat(body.get("connection_id").asLong()).isEqualTo(slowId);
            assertThat(body.get("policy").asText()).isEqualTo("disconnect");
            // The slow client, reading at last, finds messages, then ERR 401, then the end.
            Frame f;
            int delivered = 0;
            while ((f = slow.next()) instanceof Frame.Msg) {
                delivered++;
            }
            assertThat(delivered).isLessThan(MESSAGES);
            assertThat(f).isInstanceOf(Frame.Err.class);
            assertThat(((Frame.Err) f).code()).isEqualTo(ErrorCode.SLOW_CONSUMER.code());
            assertThat(slow.closedByServer()).isTrue();
            pub.flush(); // the publisher is unaffected
            assertThat(broker.serverInfo().get("slow_consumers")).isEqualTo(1L);
        }
    }

    @Test
    void dropNewestPolicy_keepsTheConnection_andCountsEveryDrop() throws Exception {
        start(SlowConsumerPolicy.DROP_NEWEST);
        try (RawClient slow = RawClient.tcpSmallReceiveBuffer(broker.port());
                RawClient pub = RawClient.tcp(broker.port())) {
            long slowId = slow.handshake().connectionId();
            slow.send(sub(1, "feed"));
            slow.flush();
            pub.handshake();

            flood(pub);

            long dropped = (Long) connection(slowId).get("dropped");
            assertThat(dropped).isPositive();
            slow.send(new Frame.Ping());
            int received = 0;
            int lastIndex = -1;
            Frame f;
            while (!((f = slow.next()) instanceof Frame.Pong)) {
                byte[] p = ((Frame.Msg) f).payload();
                int index = (p[0] & 0xFF) | (p[1] & 0xFF) << 8;
                assertThat(index).isGreaterThan(lastIndex); // in order, gaps only
                lastIndex = index;
                received++;
            }
            assertThat(received + dropped).isEqualTo(MESSAGES);
        }
    }

    @Test
    void dropOldestPolicy_keepsTheNewest_andCountsEveryDrop() throws Exception {
        start(SlowConsumerPolicy.DROP_OLDEST);
        try (RawClient slow = RawClient.tcpSmallReceiveBuffer(broker.port());
                RawClient pub = RawClient.tcp(broker.port())) {
            long slowId = slow.handshake().connectionId();
            slow.send(sub(1, "feed"));
            slow.flush();
            pub.handshake();

            flood(pub);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> (Long) connection(slowId).get("dropped") > 0);
            long dropped = (Long) connection(slowId).get("dropped");
            slow.send(new Frame.Ping());
            int received = 0;
            int lastIndex = -1;
            Frame f;
            while (!((f = slow.next()) instanceof Frame.Pong)) {
                byte[] p = ((Frame.Msg) f).payload();
                lastIndex = (p[0] & 0xFF) | (p[1] & 0xFF) << 8;
                received++;
            }
            assertThat(lastIndex).isEqualTo((MESSAGES - 1) & 0xFFFF); // the newest survived
            assertThat(received + dropped).isEqualTo(MESSAGES);
        }
    }
}
