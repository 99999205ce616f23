package dev.switchboard.cli.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cli.Main;
import dev.switchboard.client.Msg;
import dev.switchboard.client.StreamMessage;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.stream.AckSubject;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerInfo;
import dev.switchboard.protocol.stream.StoredMsg;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamInfo;
import dev.switchboard.protocol.stream.StreamState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing and printing of {@code stream} and {@code consumer}, without a broker. */
class StreamCommandsTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    static <T> T parse(String... args) {
        ParseResult r = new CommandLine(new Main()).parseArgs(args);
        return (T) r.subcommand().subcommand().commandSpec().userObject();
    }

    @Test
    void streamAdd_everyOption_becomesTheConfig() {
        StreamAddCommand cmd =
                parse(
                        "stream",
                        "add",
                        "ORDERS",
                        "--subjects",
                        "orders.>,returns.*",
                        "--storage",
                        "memory",
                        "--retention",
                        "work_queue",
                        "--max-msgs",
                        "10",
                        "--max-bytes",
                        "1MiB",
                        "--max-age",
                        "7d",
                        "--max-msgs-per-subject",
                        "1",
                        "--max-msg-size",
                        "64k",
                        "--discard",
                        "new",
                        "--fsync",
                        "interval",
                        "--fsync-interval",
                        "250ms",
                        "--dupe-window",
                        "off");

        StreamConfig c = cmd.config();

        assertThat(c.name()).isEqualTo("ORDERS");
        assertThat(c.subjects()).containsExactly("orders.>", "returns.*");
        assertThat(c.storage()).isEqualTo(StreamConfig.Storage.MEMORY);
        assertThat(c.retention()).isEqualTo(StreamConfig.Retention.WORK_QUEUE);
        assertThat(c.maxMsgs()).isEqualTo(10);
        assertThat(c.maxBytes()).isEqualTo(1L << 20);
        assertThat(c.maxAgeMs()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(c.maxMsgsPerSubject()).isEqualTo(1);
        assertThat(c.maxMsgSize()).isEqualTo(64 * 1024);
        assertThat(c.discard()).isEqualTo(StreamConfig.Discard.NEW);
        assertThat(c.fsync()).isEqualTo(StreamConfig.Fsync.INTERVAL);
        assertThat(c.fsyncIntervalMs()).isEqualTo(250);
        assertThat(c.duplicateWindowMs()).isEqualTo(-1);
    }

    @Test
    void streamAdd_defaults_areTheSpecsDefaults() {
        StreamAddCommand cmd = parse("stream", "add", "S");
        assertThat(cmd.config()).isEqualTo(StreamConfig.builder("S").build());
    }

    @Test
    void consumerAdd_everyOption_becomesTheConfig() {
        ConsumerAddCommand cmd =
                parse(
                        "consumer",
                        "add",
                        "ORDERS",
                        "billing",
                        "--filter",
                        "orders.eu.>",
                        "--start-seq",
                        "42",
                        "--ack",
                        "all",
                        "--ack-wait",
                        "10s",
                        "--max-deliver",
                        "5",
                        "--max-ack-pending",
                        "100",
                        "--deliver-subject",
                        "push.billing",
                        "--dlq",
                        "ORDERS_DLQ");

        ConsumerConfig c = cmd.config();

        assertThat(c.name()).isEqualTo("billing");
        assertThat(c.filterSubject()).isEqualTo("orders.eu.>");
        assertThat(c.deliverPolicy()).isEqualTo(ConsumerConfig.DeliverPolicy.BY_START_SEQUENCE);
        assertThat(c.optStartSeq()).isEqualTo(42);
        assertThat(c.ackPolicy()).isEqualTo(ConsumerConfig.AckPolicy.ALL);
        assertThat(c.ackWaitMs()).isEqualTo(10_000);
        assertThat(c.maxDeliver()).isEqualTo(5);
        assertThat(c.maxAckPending()).isEqualTo(100);
        assertThat(c.deliverSubject()).isEqualTo("push.billing");
        assertThat(c.deadLetterStream()).isEqualTo("ORDERS_DLQ");
        assertThat(c.isPush()).isTrue();
    }

    @Test
    void consumerAdd_deliverPolicies_andStartTime() {
        ConsumerAddCommand last =
                parse("consumer", "add", "S", "c", "--deliver", "last_per_subject");
        assertThat(last.config().deliverPolicy())
                .isEqualTo(ConsumerConfig.DeliverPolicy.LAST_PER_SUBJECT);
        ConsumerAddCommand time =
                parse("consumer", "add", "S", "c", "--start-time", "2026-01-31T12:00:00Z");
        assertThat(time.config().deliverPolicy())
                .isEqualTo(ConsumerConfig.DeliverPolicy.BY_START_TIME);
        assertThat(time.config().optStartTime()).isEqualTo("2026-01-31T12:00:00Z");
    }

    @Test
    void badUsage_exits2_beforeConnecting() {
        assertThat(run("stream", "add", "S", "--storage", "tape").code()).isEqualTo(2);
        assertThat(run("stream", "add", "S", "--storage", "tape").err())
                .contains("--storage must be one of [file, memory], got 'tape'");
        assertThat(run("stream", "add", "bad.name").code()).isEqualTo(2);
        assertThat(run("stream", "add", "S", "--max-bytes", "lots").code()).isEqualTo(2);
        assertThat(run("stream", "get", "S").code()).isEqualTo(2);
        assertThat(run("stream", "get", "S", "3", "--last-by-subject", "a").code()).isEqualTo(2);
        assertThat(run("consumer", "add", "S", "c", "--deliver", "new", "--start-seq", "3").code())
                .isEqualTo(2);
        assertThat(run("consumer", "add", "S", "c", "--start-time", "yesterday").code())
                .isEqualTo(2);
        assertThat(run("consumer", "next", "S", "c", "--count", "0").code()).isEqualTo(2);
        assertThat(run("stream").code()).isEqualTo(2);
        assertThat(run("consumer").code()).isEqualTo(2);
    }

    @Test
    void noServer_isOneLine_exit1() {
        Run r = run("stream", "ls", "-s", "sb://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines())
                .singleElement()
                .asString()
                .startsWith("switchboard stream ls: cannot connect to sb://127.0.0.1:1");
    }

    @Test
    void apiErrors_areDescribedWithNameCodeAndDescription() {
        assertThat(
                        StreamApiCommand.describe(
                                new StreamApiException(ApiError.STREAM_FULL, "stream S is full")))
                .isEqualTo("STREAM_FULL (602): stream S is full");
        assertThat(StreamApiCommand.describe(new StreamApiException(699, "newer")))
                .isEqualTo("error (699): newer");
    }

    private static StreamInfo orders() {
        StreamConfig config =
                StreamConfig.builder("ORDERS").subjects("orders.>").maxMsgs(1000).build();
        return new StreamInfo(
                config,
                new StreamState(
                        3, 2048, 1, 3, "2026-11-26T10:00:00Z", "2026-11-26T10:05:00Z", 0, 2, 1),
                "2026-11-26T09:00:00Z");
    }

    @Test
    void streamInfo_isAlignedKeyValueLines() {
        List<String> lines = InfoPrinter.stream(orders());
        assertThat(lines)
                .contains(
                        "name:             ORDERS",
                        "subjects:         orders.>",
                        "storage:          file",
                        "max msgs:         1000",
                        "max bytes:        unlimited",
                        "max age:          forever",
                        "fsync:            always",
                        "dupe window:      2m",
                        "messages:         3",
                        "bytes:            2.0 KiB",
                        "last seq:         3 (2026-11-26T10:05:00Z)",
                        "consumers:        1");
    }

    @Test
    void streamList_isATable_orSaysNone() {
        assertThat(InfoPrinter.streams(List.of())).containsExactly("no streams");
        assertThat(InfoPrinter.streams(List.of(orders())))
                .containsExactly(
                        "NAME    STORAGE  MESSAGES  BYTES    LAST SEQ  CONSUMERS  SUBJECTS",
                        "ORDERS  file     3         2.0 KiB  3         1          orders.>");
    }

    private static ConsumerInfo billing() {
        return new ConsumerInfo(
                "ORDERS",
                "billing",
                ConsumerConfig.builder("billing").maxDeliver(5).build(),
                "2026-11-26T09:00:00Z",
                10,
                12,
                8,
                2,
                1,
                0,
                4,
                0);
    }

    @Test
    void consumerInfo_andList() {
        assertThat(InfoPrinter.consumer(billing()))
                .contains(
                        "kind:            pull",
                        "filter:          (all)",
                        "deliver:         all",
                        "ack:             explicit",
                        "ack wait:        30s",
                        "max deliver:     5",
                        "ack pending:     2",
                        "pending:         4");
        assertThat(InfoPrinter.consumers("ORDERS", List.of(billing())))
                .containsExactly(
                        "NAME     KIND  ACK       PENDING  ACK PENDING  REDELIVERED  FILTER",
                        "billing  pull  explicit  4        2            1            (all)");
        assertThat(InfoPrinter.consumers("ORDERS", List.of()))
                .containsExactly("no consumers on ORDERS");
    }

    @Test
    void storedMessage_showsHeadersAndReadablePayload() {
        StoredMsg m =
                new StoredMsg(
                        "orders.1",
                        7,
                        "2026-11-26T10:00:00.123456789Z",
                        List.of(List.of("k", "v"), List.of("k", "w")),
                        Base64.getEncoder()
                                .encodeToString("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(InfoPrinter.message(m))
                .containsExactly(
                        "subject:     orders.1",
                        "seq:         7",
                        "time:        2026-11-26T10:00:00.123456789Z",
                        "header k:    v",
                        "header k #2: w",
                        "payload:     hello");
    }

    @Test
    void pulledMessages_printHumanAndJson() {
        String ack = new AckSubject("ORDERS", "billing", 2, 7, 9, 1_000_000_000L, 3).format();
        StreamMessage m =
                StreamMessage.of(
                        new Msg(
                                1,
                                "orders.1",
                                ack,
                                Headers.encode(List.of(Map.entry("k", "v"))),
                                "hi".getBytes(StandardCharsets.UTF_8),
                                null));

        assertThat(ConsumerNextCommand.human(1, m))
                .isEqualTo("[#1] orders.1 seq=7 deliveries=2 k=v : hi");
        assertThat(ConsumerNextCommand.json(m))
                .isEqualTo(
                        "{\"stream\":\"ORDERS\",\"consumer\":\"billing\",\"seq\":7,\"consumer_seq\":9,"
                                + "\"deliveries\":2,\"time\":\"1970-01-01T00:00:01Z\",\"pending\":3,"
                                + "\"subject\":\"orders.1\",\"headers\":[[\"k\",\"v\"]],"
                                + "\"payload\":\"hi\",\"encoding\":\"utf-8\"}");
    }
}
