package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code pub}, {@code sub}, {@code req} and {@code reply} in-process against a real broker. */
class MessagingCommandsTest {
    private static Broker broker;
    private static String url;
    private static ExecutorService background;

    @BeforeAll
    static void startBroker() {
        broker = Broker.start(BrokerConfig.builder().port(0).httpPort(-1).build());
        url = "sb://127.0.0.1:" + broker.port();
        background = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    static void stopBroker() {
        background.shutdownNow();
        broker.close();
    }

    record Run(int code, String out, String err) {}

    /** A command running on another thread, with its output readable while it runs. */
    record Running(Future<Integer> code, StringWriter out, StringWriter err) {
        Run finish() throws Exception {
            return new Run(code.get(20, TimeUnit.SECONDS), out.toString(), err.toString());
        }

        Running awaitErr(String text) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> err.toString().contains(text) || code.isDone());
            assertThat(err.toString()).contains(text);
            return this;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<Integer> code =
                background.submit(
                        () ->
                                Main.run(
                                        args,
                                        new PrintWriter(out, true),
                                        new PrintWriter(err, true)));
        return new Running(code, out, err);
    }

    @Test
    void pub_toARunningSub_isPrintedOneLineEach() throws Exception {
        Running sub =
                start("sub", "-s", url, "rt.one", "--count", "3").awaitErr("subscribed to rt.one");

        Run pub = run("pub", "-s", url, "rt.one", "hello {{i}}", "--count", "3");

        assertThat(pub.code()).as(pub.err()).isZero();
        assertThat(pub.out()).isEqualTo("published 3 to rt.one" + System.lineSeparator());
        Run r = sub.finish();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines())
                .containsExactly(
                        "[#1] rt.one : hello 1", "[#2] rt.one : hello 2", "[#3] rt.one : hello 3");
    }

    @Test
    void headersAndReplyTo_areShown_andAPayloadFromStdinIsSentAsIs() throws Exception {
        Running sub = start("sub", "-s", url, "rt.headers", "--count", "1").awaitErr("subscribed");

        Run pub =
                withStdin(
                        "from stdin",
                        () ->
                                run(
                                        "pub",
                                        "-s",
                                        url,
                                        "rt.headers",
                                        "-H",
                                        "trace=42",
                                        "-H",
                                        "kind=a=b",
                                        "--reply-to",
                                        "rt.back"));

        assertThat(pub.code()).as(pub.err()).isZero();
        assertThat(sub.finish().out().strip())
                .isEqualTo("[#1] rt.headers (reply: rt.back) trace=42 kind=a=b : from stdin");
    }

    @Test
    void binaryPayload_isShownAsHex() throws Exception {
        Running sub = start("sub", "-s", url, "rt.bin", "--count", "1").awaitErr("subscribed");
        try (Connection c = connect()) {
            c.publish("rt.bin", new byte[] {0, 1, (byte) 0xff});
            c.flush(Duration.ofSeconds(5));
        }
        assertThat(sub.finish().out().strip()).isEqualTo("[#1] rt.bin : 0x0001ff");
    }

    @Test
    void json_isOneObjectPerLine_withTextAsUtf8_andBinaryAsBase64() throws Exception {
        Running sub =
                start("sub", "-s", url, "rt.json.*", "--count", "2", "--json")
                        .awaitErr("subscribed");
        try (Connection c = connect()) {
            c.publish(
                    "rt.json.text",
                    "r",
                    List.of(Map.entry("h", "v \"q\"")),
                    "héllo\n".getBytes(StandardCharsets.UTF_8));
            c.publish("rt.json.bin", new byte[] {(byte) 0xc3, 0x28});
            c.flush(Duration.ofSeconds(5));
        }
        List<String> lines = sub.finish().out().lines().toList();
        assertThat(lines).hasSize(2);

        Map<String, Object> text = parse(lines.get(0));
        assertThat(text)
                .containsEntry("subject", "rt.json.text")
                .containsEntry("reply_to", "r")
                .containsEntry("headers", Map.of("h", "v \"q\""))
                .containsEntry("payload", "héllo\n")
                .containsEntry("encoding", "utf-8");
        Map<String, Object> bin = parse(lines.get(1));
        assertThat(bin).containsEntry("reply_to", null).containsEntry("encoding", "base64");
        assertThat(Base64.getDecoder().decode((String) bin.get("payload")))
                .containsExactly(0xc3, 0x28);
    }

    @Test
    void sub_withTooFewMessagesBeforeTheTimeout_exitsOne() {
        Run r = run("sub", "-s", url, "rt.quiet", "--count", "1", "--timeout", "200ms");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("received 0 of 1 messages on rt.quiet within 200ms");
    }

    @Test
    void req_toAReply_printsTheResponse() throws Exception {
        Running reply =
                start("reply", "-s", url, "rr.time", "pong", "--count", "1")
                        .awaitErr("listening for requests on rr.time");

        Run req = run("req", "-s", url, "rr.time", "ping", "--raw");

        assertThat(req.code()).as(req.err()).isZero();
        assertThat(req.out()).isEqualTo("pong" + System.lineSeparator());
        Run r = reply.finish();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("[#1] rr.time (reply: ").contains(" : ping");
    }

    @Test
    void reply_echo_inAQueueGroup_sendsTheRequestBack_withHeaders() throws Exception {
        Running reply =
                start("reply", "-s", url, "rr.echo", "--echo", "-q", "echoes", "--count", "1")
                        .awaitErr("in queue group echoes");

        Run req = run("req", "-s", url, "rr.echo", "say this", "-H", "a=1", "--json");

        assertThat(req.code()).as(req.err()).isZero();
        assertThat(parse(req.out().strip())).containsEntry("payload", "say this");
        assertThat(reply.finish().out()).contains(" a=1 : say this");
    }

    @Test
    void req_withNoResponders_exitsOneSayingSo() {
        Run r = run("req", "-s", url, "rr.nobody", "x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("switchboard req: no responders for rr.nobody");
    }

    @Test
    void req_toASilentResponder_timesOut() throws Exception {
        try (Connection c = connect()) {
            c.subscribe("rr.silent", m -> {});
            c.flush(Duration.ofSeconds(5));

            Run r = run("req", "-s", url, "rr.silent", "x", "--timeout", "300ms");

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().strip())
                    .isEqualTo(
                            "switchboard req: no reply to the request on rr.silent within 300ms");
        }
    }

    @Test
    void connectionRefused_exitsOneWithTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String dead = "sb://127.0.0.1:" + port;
        for (String[] args :
                List.of(
                        new String[] {"pub", "-s", dead, "a", "b"},
                        new String[] {"sub", "-s", dead, "a"},
                        new String[] {"req", "-s", dead, "a", "b"},
                        new String[] {"reply", "-s", dead, "a", "b"},
                        new String[] {"bench", "-s", dead})) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err())
                    .as(String.join(" ", args))
                    .contains("cannot connect to " + dead + ": connection refused");
            assertThat(r.err().lines()).hasSize(1);
        }
    }

    @Test
    void badUsage_exitsTwo() {
        assertThat(run("pub").code()).isEqualTo(2);
        assertThat(run("pub", "a", "b", "-H", "no-equals").code()).isEqualTo(2);
        assertThat(run("pub", "a", "b", "--count", "0").code()).isEqualTo(2);
        assertThat(run("sub", "a", "--raw", "--json").code()).isEqualTo(2);
        assertThat(run("sub", "a", "--timeout", "soon").code()).isEqualTo(2);
        assertThat(run("req", "a", "b", "--timeout", "0s").code()).isEqualTo(2);
        assertThat(run("reply", "a").code()).isEqualTo(2);
        assertThat(run("reply", "a", "b", "--echo").code()).isEqualTo(2);
        assertThat(run("bench", "--scenario", "nope").code()).isEqualTo(2);
        assertThat(run("bench", "--messages", "0").code()).isEqualTo(2);
        assertThat(run("bench", "--warmup", "-1").code()).isEqualTo(2);
    }

    private static Connection connect() throws InterruptedException {
        return Connection.connect(ClientOptions.builder().server(url).build());
    }

    private interface Body {
        Run call() throws Exception;
    }

    private static Run withStdin(String text, Body body) throws Exception {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return body.call();
        } finally {
            System.setIn(saved);
        }
    }

    /** Parses a flat JSON object whose values are strings, null, or objects of strings. */
    static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            return object(p);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (t) {
                case START_OBJECT -> m.put(name, object(p));
                case START_ARRAY -> {
                    p.skipChildren();
                    m.put(name, List.of());
                }
                case VALUE_NULL -> m.put(name, null);
                default -> m.put(name, p.getText());
            }
        }
        return m;
    }
}
