package dev.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.QueueMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker with its streams in PostgreSQL (the PostgreSQL stream store, embedded PostgreSQL):
 * acknowledged publishes and consumer state survive a broker restart, as with the segment log.
 */
class PostgresStreamsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPostgres pg;
    @TempDir Path dir;
    private Broker broker;
    private int n;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30)).start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private void start() {
        DatabaseConfig db =
                DatabaseConfig.builder("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres")
                        .user("postgres")
                        .poolName("broker-streams")
                        .maximumPoolSize(6)
                        .build();
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .port(0)
                                .httpPort(-1)
                                .storageDir(dir)
                                .storageDatabase(db)
                                .build());
    }

    private JsonNode call(RawClient c, String subject, String body, boolean ack) throws Exception {
        String reply = "_IN." + (++n);
        c.send(
                new Frame.Pub(
                        subject,
                        reply,
                        Headers.EMPTY,
                        body.getBytes(StandardCharsets.UTF_8),
                        !ack,
                        ack));
        Frame.Msg m =
                (Frame.Msg)
                        c.readUntil(f -> f instanceof Frame.Msg mm && mm.subject().equals(reply));
        return JSON.readTree(m.payload());
    }

    private RawClient client() throws Exception {
        RawClient c = RawClient.tcp(broker.port());
        c.hello("pg", null);
        c.send(new Frame.Sub(1, "_IN.>", null, QueueMode.ROUND_ROBIN, null));
        c.flush();
        return c;
    }

    @Test
    void streamsInPostgres_surviveARestart() throws Exception {
        start();
        try (RawClient c = client()) {
            call(
                    c,
                    "$SYS.API.STREAM.CREATE.PG",
                    "{\"name\":\"PG\",\"subjects\":[\"pg.>\"]}",
                    false);
            for (int i = 1; i <= 5; i++) {
                assertThat(call(c, "pg.x", "m" + i, true).get("seq").asLong()).isEqualTo(i);
            }
            call(c, "$SYS.API.CONSUMER.CREATE.PG.c", "{\"name\":\"c\"}", false);
        }
        broker.shutdown(Duration.ZERO);
        start();
        try (RawClient c = client()) {
            JsonNode info = call(c, "$SYS.API.STREAM.INFO.PG", "", false);
            assertThat(info.at("/state/messages").asLong()).isEqualTo(5);
            assertThat(info.at("/state/consumers").asInt()).isEqualTo(1);
            JsonNode msg = call(c, "$SYS.API.STREAM.MSG.GET.PG", "{\"seq\":3}", false);
            assertThat(msg.at("/message/data").asText())
                    .isEqualTo(
                            java.util.Base64.getEncoder()
                                    .encodeToString("m3".getBytes(StandardCharsets.UTF_8)));
            assertThat(call(c, "pg.y", "m6", true).get("seq").asLong()).isEqualTo(6);
        }
    }
}
