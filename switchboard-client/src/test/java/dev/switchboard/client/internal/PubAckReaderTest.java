package dev.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.PubAck;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PubAckReaderTest {
    private static PubAck read(String json) {
        return PubAckReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheCommonBodies() {
        assertThat(read("{\"stream\":\"ORDERS\",\"seq\":42}"))
                .isEqualTo(new PubAck("ORDERS", 42, false));
        assertThat(read(" { \"seq\" : 3 , \"stream\" : \"S\" , \"duplicate\" : true } "))
                .isEqualTo(new PubAck("S", 3, true));
        assertThat(read("{\"stream\":\"S\",\"seq\":1,\"duplicate\":false,\"extra\":null}"))
                .isEqualTo(new PubAck("S", 1, false));
    }

    @Test
    void leavesEverythingElseToJackson() {
        assertThat(read("{\"error\":{\"code\":602,\"description\":\"full\"}}")).isNull();
        assertThat(read("{\"stream\":\"S\\u0041\",\"seq\":1}")).isNull();
        assertThat(read("{\"stream\":\"S\",\"seq\":1.5}")).isNull();
        assertThat(read("{\"stream\":\"S\",\"seq\":99999999999999999999}")).isNull();
        assertThat(read("{\"stream\":\"S\"}")).isNull();
        assertThat(read("")).isNull();
        assertThat(read("[1]")).isNull();
        assertThat(read("{\"stream\":\"S\",\"seq\":1")).isNull();
        assertThat(read("{\"stream\":\"S\",\"seq\":1,\"x\":[1]}")).isNull();
    }

    @Test
    void agreesWithJackson_onRandomAcks() {
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            PubAck ack =
                    new PubAck(
                            "S" + random.nextInt(1000),
                            1 + (random.nextLong() >>> 2),
                            random.nextBoolean());
            byte[] json = ApiJson.write(ack);
            assertThat(PubAckReader.read(json)).isEqualTo(ApiJson.readReply(json, PubAck.class));
        }
    }
}
