package dev.switchboard.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Servers and connections that every test closes, and options tuned for fast tests. */
abstract class ClientTestBase {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    final Events events = new Events();

    ScriptedServer server() {
        return track(ScriptedServer.tcp());
    }

    ScriptedServer routingServer() {
        return track(ScriptedServer.tcp().routing());
    }

    <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    /** Short timeouts and waits so reconnect tests run in milliseconds. */
    ClientOptions.Builder options(ScriptedServer... servers) {
        ClientOptions.Builder b =
                ClientOptions.builder()
                        .name("test")
                        .connectTimeout(Duration.ofSeconds(2))
                        .handshakeTimeout(Duration.ofSeconds(2))
                        .reconnectWait(Duration.ofMillis(20), Duration.ofMillis(100))
                        .reconnectJitter(Duration.ofMillis(5))
                        .maxReconnectAttempts(-1)
                        .listener(events);
        for (ScriptedServer s : servers) {
            b.server(s.url());
        }
        return b;
    }

    Connection connect(ClientOptions options) throws InterruptedException {
        return track(Connection.connect(options));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }
}
