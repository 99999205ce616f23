package dev.switchboard.broker.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer targets for the stream API's decoders of untrusted bytes: request bodies on every {@code
 * $SYS.API.} operation, acknowledgement subjects and payloads, and saved consumer state. In the
 * normal suite they replay the seeds under src/test/resources; with {@code JAZZER_FUZZ=1} they
 * fuzz. The oracle: nothing but a JSON answer comes back (an error body for bad input), and a
 * corrupt consumer state is an {@link IllegalArgumentException}, never anything else.
 */
class StreamApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OPS =
            List.of(
                    "$SYS.API.STREAM.CREATE.S",
                    "$SYS.API.STREAM.UPDATE.S",
                    "$SYS.API.STREAM.INFO.S",
                    "$SYS.API.STREAM.LIST",
                    "$SYS.API.STREAM.PURGE.S",
                    "$SYS.API.STREAM.MSG.GET.S",
                    "$SYS.API.STREAM.MSG.DELETE.S",
                    "$SYS.API.STREAM.REPUBLISH.S",
                    "$SYS.API.STREAM.DELETE.S",
                    "$SYS.API.CONSUMER.CREATE.S.c",
                    "$SYS.API.CONSUMER.INFO.S.c",
                    "$SYS.API.CONSUMER.DELETE.S.c",
                    "$SYS.API.NOPE");
    private static Path dir;
    private static StreamManager streams;
    private static StreamApi api;

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("sb-fuzz");
        StreamOutput out =
                new StreamOutput() {
                    @Override
                    public void reply(CharSequence subject, byte[] headers, byte[] body) {}

                    @Override
                    public int deliver(
                            String route, String subject, CharSequence reply, byte[] h, byte[] p) {
                        return 0;
                    }

                    @Override
                    public boolean hasInterest(String subject) {
                        return false;
                    }

                    @Override
                    public long room(String subject) {
                        return Long.MAX_VALUE;
                    }
                };
        streams = StreamManager.open(dir, out, Clock.system());
        api = new StreamApi(streams, out);
        api.call(
                "$SYS.API.STREAM.CREATE.S",
                "{\"name\":\"S\",\"subjects\":[\"a.>\"]}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void close() {
        streams.close();
    }

    @FuzzTest(maxDuration = "1m")
    void apiRequests(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        String op = OPS.get(Math.floorMod(input[0], OPS.size()));
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        byte[] answer = api.call(op, body);
        assertThat(JSON.readTree(answer)).isNotNull(); // always a JSON answer
        // Whatever the bytes, an ack with them as subject suffix or payload is refused cleanly.
        String suffix = new String(body, StandardCharsets.UTF_8);
        assertThatCode(() -> streams.acknowledge("$SYS.ACK.S.c." + suffix, "_r", body))
                .doesNotThrowAnyException();
        assertThatCode(() -> streams.pull("$SYS.API.CONSUMER.NEXT.S." + suffix, "_r", body))
                .doesNotThrowAnyException();
    }

    @FuzzTest(maxDuration = "1m")
    void consumerState(byte[] input) {
        try {
            ConsumerStateCodec.decode(input);
        } catch (IllegalArgumentException expected) {
            // a corrupt state: reported, never anything else
        }
    }
}
