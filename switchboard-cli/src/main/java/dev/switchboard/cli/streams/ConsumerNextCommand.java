package dev.switchboard.cli.streams;

import dev.switchboard.cli.messaging.DurationConverter;
import dev.switchboard.cli.messaging.MessagePrinter;
import dev.switchboard.client.PullConsumer;
import dev.switchboard.client.StreamMessage;
import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.StreamApiException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code consumer next STREAM NAME}: pulls messages, prints and acknowledges them. */
@Command(
        name = "next",
        mixinStandardHelpOptions = true,
        description = {
            "Pull messages from a pull consumer, print them and acknowledge each (unless"
                    + " --no-ack). Prints nothing when none arrive within --wait.",
            "Example: switchboard consumer next ORDERS billing --count 10 --wait 2s"
        })
final class ConsumerNextCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Parameters(index = "1", paramLabel = "NAME", description = "The pull consumer.")
    String name;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "1",
            description = "How many messages at most (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long to wait for them (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(
            names = "--no-ack",
            description = "Do not acknowledge: they are redelivered after the consumer's ack wait.")
    boolean noAck;

    @Override
    void validate() {
        if (count < 1) {
            throw usage("--count must be at least 1, was " + count);
        }
    }

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        try (PullConsumer pull = streams.pullConsumer(stream, name)) {
            List<StreamMessage> got = pull.fetch(count, wait);
            long n = 0;
            int failed = 0;
            for (StreamMessage m : got) {
                out.println(json ? json(m) : human(++n, m));
                out.flush();
                if (!noAck) {
                    try {
                        m.ackSync(wait);
                    } catch (StreamApiException e) {
                        failed++;
                        spec.commandLine()
                                .getErr()
                                .println(
                                        "ack of seq "
                                                + m.streamSequence()
                                                + " failed: "
                                                + describe(e));
                    }
                }
            }
            if (got.isEmpty() && !json) {
                spec.commandLine()
                        .getErr()
                        .println(
                                "no messages from "
                                        + stream
                                        + "/"
                                        + name
                                        + " within "
                                        + DurationConverter.format(wait));
            }
            return failed == 0 ? 0 : 1;
        }
    }

    /** {@code [#n] subject seq=S deliveries=D name=value ... : payload}. */
    static String human(long n, StreamMessage m) {
        StringBuilder b =
                new StringBuilder()
                        .append("[#")
                        .append(n)
                        .append("] ")
                        .append(m.subject())
                        .append(" seq=")
                        .append(m.streamSequence())
                        .append(" deliveries=")
                        .append(m.deliveries());
        for (Map.Entry<String, String> h : m.headers()) {
            b.append(' ').append(h.getKey()).append('=').append(h.getValue());
        }
        return b.append(" : ").append(MessagePrinter.readable(m.payload())).toString();
    }

    /** One JSON object: metadata, subject, headers as pairs, payload as UTF-8 or base64. */
    static String json(StreamMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("stream", m.stream());
        o.put("consumer", m.consumer());
        o.put("seq", m.streamSequence());
        o.put("consumer_seq", m.consumerSequence());
        o.put("deliveries", m.deliveries());
        o.put("time", m.timestamp().toString());
        o.put("pending", m.pending());
        o.put("subject", m.subject());
        List<List<String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : m.headers()) {
            headers.add(List.of(h.getKey(), h.getValue()));
        }
        o.put("headers", headers);
        String text = utf8(m.payload());
        o.put("payload", text != null ? text : Base64.getEncoder().encodeToString(m.payload()));
        o.put("encoding", text != null ? "utf-8" : "base64");
        return new String(dev.switchboard.protocol.stream.ApiJson.write(o), StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
