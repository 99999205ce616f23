package dev.switchboard.systemtests.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.broker.Broker;
import dev.switchboard.broker.BrokerConfig;
import dev.switchboard.cli.Main;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.PublishOptions;
import dev.switchboard.client.PullConsumer;
import dev.switchboard.client.StreamMessage;
import dev.switchboard.client.Streams;
import dev.switchboard.client.Subscription;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.PubAck;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable streams end to end: an in-process broker with storage, the Java client's {@link Streams}
 * and the CLI, over a real socket (docs/STREAMS.md).
 */
class StreamsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir static Path storage;

    private static Broker broker;
    private static Connection connection;
    private static Streams streams;

    @BeforeAll
    static void start() throws InterruptedException {
        broker =
                Broker.start(
                        BrokerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .httpPort(-1)
                                .storageDir(storage)
                                .build());
        connection =
                Connection.connect(
                        ClientOptions.builder()
                                .server(url())
                                .name("streams-e2e")
                                .requestTimeout(WAIT)
                                .build());
        streams = connection.streams();
    }

    @AfterAll
    static void stop() {
        if (connection != null) {
            connection.close();
        }
        if (broker != null) {
            broker.shutdown(Duration.ZERO);
        }
    }

    private static String url() {
        return "sb://127.0.0.1:" + broker.port();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static StreamInfo createStream(String name, String subjects)
            throws InterruptedException {
        return streams.createStream(
                StreamConfig.builder(name)
                        .subjects(subjects)
                        .storage(StreamConfig.Storage.FILE)
                        .build());
    }

    private static int code(Throwable t) {
        Throwable e = t instanceof ExecutionException ? t.getCause() : t;
        assertThat(e).isInstanceOf(StreamApiException.class);
        return ((StreamApiException) e).code();
    }

    @Test
    void createStream_thenPublishWithAck_numbersFromOne() throws Exception {
        StreamInfo created = createStream("SEQS", "seqs.>");
        assertThat(created.config().name()).isEqualTo("SEQS");
        assertThat(streams.createStream(created.config()).config()).isEqualTo(created.config());

        int n = 200;
        List<CompletableFuture<PubAck>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            acks.add(streams.publishAsync("seqs." + (i % 3), utf8("m" + i)));
        }
        for (int i = 0; i < n; i++) {
            PubAck ack = acks.get(i).get(10, TimeUnit.SECONDS);
            assertThat(ack.stream()).isEqualTo("SEQS");
            assertThat(ack.seq()).isEqualTo(i + 1);
            assertThat(ack.duplicate()).isFalse();
        }
        StreamInfo info = streams.streamInfo("SEQS");
        assertThat(info.state().messages()).isEqualTo(n);
        assertThat(info.state().lastSeq()).isEqualTo(n);
        assertThat(
                        new String(
                                java.util.Base64.getDecoder()
                                        .decode(streams.getMessage("SEQS", 5).data()),
                                StandardCharsets.UTF_8))
                .isEqualTo("m4");
        assertThat(streams.lastMessage("SEQS", "seqs.0").seq()).isEqualTo(199);
        assertThat(streams.streams()).extracting(s -> s.config().name()).contains("SEQS");
    }

    @Test
    void publishToNoStream_failsWithNoStream() {
        assertThatThrownBy(() -> streams.publish("nobody.captures.this", utf8("x")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ApiError.NO_STREAM.code()));
    }

    @Test
    void duplicateMsgId_isAcknowledgedAsDuplicate_withTheFirstSeq() throws Exception {
        createStream("DEDUP", "dedup.>");
        PublishOptions once = PublishOptions.builder().msgId("order-1").build();

        PubAck first = streams.publish("dedup.a", utf8("x"), once);
        PubAck second = streams.publish("dedup.a", utf8("x"), once);

        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(second.seq()).isEqualTo(first.seq());
        assertThat(streams.streamInfo("DEDUP").state().messages()).isEqualTo(1);
    }

    @Test
    void expectedLastSeq_mismatch_isWrongLastSequence() throws Exception {
        createStream("OCC", "occ.>");
        assertThat(
                        streams.publish(
                                        "occ.a",
                                        utf8("1"),
                                        PublishOptions.builder().expectedLastSeq(0).build())
                                .seq())
                .isEqualTo(1);

        assertThatThrownBy(
                        () ->
                                streams.publish(
                                        "occ.a",
                                        utf8("2"),
                                        PublishOptions.builder().expectedLastSeq(0).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ApiError.WRONG_LAST_SEQUENCE.code()));
        assertThat(
                        streams.publish(
                                        "occ.a",
                                        utf8("2"),
                                        PublishOptions.builder().expectedLastSeq(1).build())
                                .seq())
                .isEqualTo(2);
    }

    @Test
    void pull_fetchAndAck_isNotRedelivered() throws Exception {
        createStream("PULL", "pull.>");
        for (int i = 1; i <= 3; i++) {
            streams.publish("pull." + i, utf8("p" + i));
        }
        streams.createConsumer(
                "PULL",
                ConsumerConfig.builder("worker").ackWaitMs(300).backoff(100, 100, 1, 0).build());

        try (PullConsumer pull = streams.pullConsumer("PULL", "worker")) {
            List<StreamMessage> got = new ArrayList<>();
            while (got.size() < 3) {
                List<StreamMessage> batch = pull.fetch(3 - got.size(), Duration.ofSeconds(5));
                assertThat(batch).as("fetched so far: %s", got).isNotEmpty();
                got.addAll(batch);
            }
            assertThat(got).extracting(StreamMessage::streamSequence).containsExactly(1L, 2L, 3L);
            assertThat(got).extracting(StreamMessage::deliveries).containsOnly(1L);
            assertThat(got).extracting(StreamMessage::stream).containsOnly("PULL");
            assertThat(got.get(0).subject()).isEqualTo("pull.1");
            for (StreamMessage m : got) {
                m.ackSync(WAIT);
            }

            // Past several ack waits: nothing comes back.
            assertThat(pull.fetch(1, Duration.ofSeconds(1))).isEmpty();
            assertThat(streams.consumerInfo("PULL", "worker").numAckPending()).isZero();
            assertThat(streams.consumerInfo("PULL", "worker").ackFloor()).isEqualTo(3);
        }
    }

    @Test
    void nak_redelivers_withDeliveriesTwo() throws Exception {
        createStream("NAK", "nak.>");
        streams.publish("nak.a", utf8("retry me"));
        streams.createConsumer("NAK", ConsumerConfig.builder("worker").build());

        try (PullConsumer pull = streams.pullConsumer("NAK", "worker")) {
            StreamMessage first = pull.next(WAIT);
            assertThat(first).isNotNull();
            assertThat(first.deliveries()).isEqualTo(1);
            first.nak(Duration.ofMillis(10));

            StreamMessage again = pull.next(WAIT);
            assertThat(again).isNotNull();
            assertThat(again.streamSequence()).isEqualTo(first.streamSequence());
            assertThat(again.deliveries()).isEqualTo(2);
            assertThat(again.payload()).isEqualTo(utf8("retry me"));
            again.ackSync(WAIT);
        }
    }

    @Test
    void pushConsumer_subscribe_receivesAndAcks() throws Exception {
        createStream("PUSH", "push.in.>");
        streams.createConsumer(
                "PUSH", ConsumerConfig.builder("pusher").deliverSubject("push.out.pusher").build());
        List<StreamMessage> got = new CopyOnWriteArrayList<>();
        Subscription sub =
                streams.subscribe(
                        "PUSH",
                        "pusher",
                        m -> {
                            got.add(m);
                            m.ack();
                        });
        try {
            for (int i = 1; i <= 3; i++) {
                streams.publish("push.in." + i, utf8("x" + i));
            }
            await().atMost(WAIT).until(() -> got.size() == 3);
            assertThat(got).extracting(StreamMessage::streamSequence).containsExactly(1L, 2L, 3L);
            assertThat(got).extracting(StreamMessage::consumer).containsOnly("pusher");
            await().atMost(WAIT)
                    .until(() -> streams.consumerInfo("PUSH", "pusher").numAckPending() == 0);
        } finally {
            sub.unsubscribe();
        }
        assertThatThrownBy(
                        () -> {
                            streams.createConsumer(
                                    "PUSH", ConsumerConfig.builder("puller").build());
                            streams.subscribe("PUSH", "puller", m -> {});
                        })
                .satisfies(e -> assertThat(code(e)).isEqualTo(ApiError.WRONG_CONSUMER_KIND.code()));
    }

    @Test
    void cli_streamLs_listsTheStreams() throws Exception {
        createStream("CLI_LS", "clils.>");
        streams.publish("clils.a", utf8("x"));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Main.run(
                        new String[] {"stream", "ls", "-s", url()},
                        new PrintWriter(out, true),
                        new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines().findFirst())
                .hasValueSatisfying(h -> assertThat(h).startsWith("NAME"));
        assertThat(out.toString().lines().filter(l -> l.startsWith("CLI_LS ")))
                .singleElement()
                .asString()
                .contains("clils.>");

        StringWriter json = new StringWriter();
        assertThat(
                        Main.run(
                                new String[] {"stream", "info", "CLI_LS", "--json", "-s", url()},
                                new PrintWriter(json, true),
                                new PrintWriter(err, true)))
                .isZero();
        assertThat(json.toString()).contains("\"name\":\"CLI_LS\"").contains("\"messages\":1");

        StringWriter missing = new StringWriter();
        assertThat(
                        Main.run(
                                new String[] {"stream", "info", "NOPE", "-s", url()},
                                new PrintWriter(new StringWriter(), true),
                                new PrintWriter(missing, true)))
                .isEqualTo(1);
        assertThat(missing.toString().strip())
                .startsWith("switchboard stream info: NO_STREAM (600): ");
    }
}
