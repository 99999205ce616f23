package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queue groups across connections under each member-choice mode. */
class QueueModesTest {
    private Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.builder().host("127.0.0.1").port(0).httpPort(0).build());
    }

    @AfterEach
    void stop() {
        broker.shutdown(Duration.ZERO);
    }

    /** Subscribes members, publishes, and returns what each member received (payload texts). */
    private List<List<String>> run(
            QueueMode mode, String hashHeader, int members, List<Frame.Pub> messages)
            throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                RawClient c = RawClient.tcp(broker.port());
                clients.add(c);
                c.handshake();
                c.send(new Frame.Sub(1, "jobs.>", "workers", mode, hashHeader));
                c.flush();
            }
            try (RawClient pub = RawClient.tcp(broker.port())) {
                pub.handshake();
                for (Frame.Pub m : messages) {
                    pub.send(m);
                }
                pub.flush();
            }
            List<List<String>> got = new ArrayList<>();
            for (RawClient c : clients) {
                List<String> mine = new ArrayList<>();
                c.send(new Frame.Ping());
                Frame f;
                while (!((f = c.next()) instanceof Frame.Pong)) {
                    mine.add(new String(((Frame.Msg) f).payload(), StandardCharsets.UTF_8));
                }
                got.add(mine);
            }
            return got;
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
    }

    private static Frame.Pub keyed(String key, int i) {
        return new Frame.Pub(
                "jobs.x",
                null,
                Headers.encode(List.of(Map.entry("tenant", key))),
                (key + ":" + i).getBytes(StandardCharsets.UTF_8),
                false);
    }

    private static Frame.Pub plain(int i) {
        return new Frame.Pub(
                "jobs.x", null, Headers.EMPTY, ("m" + i).getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void hash_sendsEachKeyToOneMember_always() throws Exception {
        List<Frame.Pub> messages = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            messages.add(keyed("tenant-" + (i % 6), i));
        }
        List<List<String>> got = run(QueueMode.HASH, "tenant", 3, messages);

        Map<String, Integer> memberOfKey = new HashMap<>();
        int total = 0;
        for (int m = 0; m < got.size(); m++) {
            for (String payload : got.get(m)) {
                String key = payload.substring(0, payload.indexOf(':'));
                Integer before = memberOfKey.putIfAbsent(key, m);
                assertThat(before == null || before == m)
                        .as("key %s stays on one member", key)
                        .isTrue();
                total++;
            }
        }
        assertThat(total).isEqualTo(60);
        assertThat(memberOfKey).hasSize(6);
    }

    @Test
    void random_deliversEachMessageOnce() throws Exception {
        List<Frame.Pub> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            messages.add(plain(i));
        }
        List<List<String>> got = run(QueueMode.RANDOM, null, 2, messages);
        assertThat(got.get(0).size() + got.get(1).size()).isEqualTo(200);
        assertThat(got.get(0)).doesNotContainAnyElementsOf(got.get(1));
    }

    @Test
    void leastOutstanding_deliversEachMessageOnce_toIdleMembersInTurn() throws Exception {
        List<Frame.Pub> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(plain(i));
        }
        List<List<String>> got = run(QueueMode.LEAST_OUTSTANDING, null, 2, messages);
        assertThat(got.get(0).size() + got.get(1).size()).isEqualTo(10);
        // Both members read promptly, so neither falls behind and the turn alternates.
        assertThat(got.get(0)).isNotEmpty();
        assertThat(got.get(1)).isNotEmpty();
    }
}
