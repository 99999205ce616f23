package dev.switchboard.cli.streams;

import dev.switchboard.cli.messaging.DurationConverter;
import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stream add NAME --subjects ...}: creates a stream (idempotent for the same config). */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Create a stream; the same definition again is not an error.",
            "Example: switchboard stream add ORDERS --subjects 'orders.>,returns.*' --max-msgs"
                    + " 1000000 --discard new"
        })
final class StreamAddCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "1-64 of A-Z a-z 0-9 _ -.")
    String name;

    @Option(
            names = "--subjects",
            split = ",",
            paramLabel = "PATTERN",
            description =
                    "Subject patterns captured, comma-separated (none: written by the broker only).")
    List<String> subjects = List.of();

    @Option(names = "--storage", paramLabel = "file|memory", description = "Default: file.")
    String storage;

    @Option(
            names = "--retention",
            paramLabel = "limits|work_queue",
            description = "Default: limits.")
    String retention;

    @Option(names = "--max-msgs", paramLabel = "N", description = "Most messages kept.")
    Long maxMsgs;

    @Option(
            names = "--max-bytes",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Most bytes kept (e.g. 1GiB).")
    Long maxBytes;

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long messages are kept (e.g. 7d).")
    Duration maxAge;

    @Option(
            names = "--max-msgs-per-subject",
            paramLabel = "N",
            description = "Most messages per subject (1: last value).")
    Long maxMsgsPerSubject;

    @Option(
            names = "--max-msg-size",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            description = "Largest message accepted.")
    Long maxMsgSize;

    @Option(names = "--discard", paramLabel = "old|new", description = "When full. Default: old.")
    String discard;

    @Option(
            names = "--fsync",
            paramLabel = "always|interval|never",
            description = "When acknowledged publishes reach the disk. Default: always.")
    String fsync;

    @Option(
            names = "--fsync-interval",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "For --fsync interval. Default: 1s.")
    Duration fsyncInterval;

    @Option(
            names = "--dupe-window",
            paramLabel = "DURATION|off",
            description = "How long Sb-Msg-Id is remembered. Default: 2m.")
    String dupeWindow;

    private StreamConfig config;

    @Override
    void validate() {
        config = config();
    }

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        StreamInfo info = streams.createStream(config);
        if (json) {
            printJson(out, info);
        } else {
            out.println("created stream " + info.config().name());
            InfoPrinter.stream(info).forEach(out::println);
        }
        return 0;
    }

    /** The definition the options describe; a usage error if they are invalid. */
    StreamConfig config() {
        try {
            StreamConfig.Builder b =
                    StreamConfig.builder(name).subjects(subjects.toArray(String[]::new));
            if (storage != null) {
                b.storage(choice(StreamConfig.Storage.class, "--storage", storage));
            }
            if (retention != null) {
                b.retention(choice(StreamConfig.Retention.class, "--retention", retention));
            }
            if (maxMsgs != null) {
                b.maxMsgs(maxMsgs);
            }
            if (maxBytes != null) {
                b.maxBytes(maxBytes);
            }
            if (maxAge != null) {
                b.maxAgeMs(maxAge.toMillis());
            }
            if (maxMsgsPerSubject != null) {
                b.maxMsgsPerSubject(maxMsgsPerSubject);
            }
            if (maxMsgSize != null) {
                b.maxMsgSize(maxMsgSize);
            }
            if (discard != null) {
                b.discard(choice(StreamConfig.Discard.class, "--discard", discard));
            }
            if (fsync != null) {
                b.fsync(choice(StreamConfig.Fsync.class, "--fsync", fsync));
            }
            if (fsyncInterval != null) {
                b.fsyncIntervalMs(fsyncInterval.toMillis());
            }
            if (dupeWindow != null) {
                b.duplicateWindowMs(
                        dupeWindow.equalsIgnoreCase("off")
                                ? -1
                                : new DurationConverter().convert(dupeWindow).toMillis());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
