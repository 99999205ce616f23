package dev.switchboard.cli.streams;

import dev.switchboard.cli.messaging.DurationConverter;
import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code consumer add STREAM NAME ...}: creates a durable consumer. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Create a durable consumer: pull, or push with --deliver-subject.",
            "Example: switchboard consumer add ORDERS billing --filter 'orders.eu.>' --max-deliver"
                    + " 5 --dlq ORDERS_DLQ"
        })
final class ConsumerAddCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Parameters(index = "1", paramLabel = "NAME", description = "The consumer's durable name.")
    String name;

    @Option(names = "--filter", paramLabel = "PATTERN", description = "Only matching subjects.")
    String filter;

    @Option(
            names = "--deliver",
            paramLabel = "all|new|last|last_per_subject",
            description = "Where delivery starts. Default: all.")
    String deliver;

    @Option(names = "--start-seq", paramLabel = "N", description = "Start at this sequence.")
    Long startSeq;

    @Option(
            names = "--start-time",
            paramLabel = "TIME",
            description = "Start at this time (RFC 3339, e.g. 2026-01-31T12:00:00Z).")
    String startTime;

    @Option(
            names = "--ack",
            paramLabel = "explicit|all|none",
            description = "How deliveries are acknowledged. Default: explicit.")
    String ack;

    @Option(
            names = "--ack-wait",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Lease of a delivery before redelivery. Default: 30s.")
    Duration ackWait;

    @Option(
            names = "--max-deliver",
            paramLabel = "N",
            description = "Most deliveries of one message.")
    Long maxDeliver;

    @Option(
            names = "--max-ack-pending",
            paramLabel = "N",
            description = "Most unacknowledged deliveries. Default: 1000.")
    Long maxAckPending;

    @Option(
            names = "--deliver-subject",
            paramLabel = "SUBJECT",
            description = "Make it a push consumer delivering to SUBJECT.")
    String deliverSubject;

    @Option(
            names = "--dlq",
            paramLabel = "STREAM",
            description = "Dead-letter stream (created if missing).")
    String dlq;

    private ConsumerConfig config;

    @Override
    void validate() {
        config = config();
    }

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        ConsumerInfo info = streams.createConsumer(stream, config);
        if (json) {
            printJson(out, info);
        } else {
            out.println("created consumer " + info.name() + " on " + info.stream());
            InfoPrinter.consumer(info).forEach(out::println);
        }
        return 0;
    }

    /** The definition the options describe; a usage error if they are invalid. */
    ConsumerConfig config() {
        if ((deliver != null ? 1 : 0) + (startSeq != null ? 1 : 0) + (startTime != null ? 1 : 0)
                > 1) {
            throw usage("give at most one of --deliver, --start-seq, --start-time");
        }
        try {
            ConsumerConfig.Builder b = ConsumerConfig.builder(name).filterSubject(filter);
            if (deliver != null) {
                ConsumerConfig.DeliverPolicy p =
                        choice(ConsumerConfig.DeliverPolicy.class, "--deliver", deliver);
                if (p == ConsumerConfig.DeliverPolicy.BY_START_SEQUENCE
                        || p == ConsumerConfig.DeliverPolicy.BY_START_TIME) {
                    throw usage("use --start-seq or --start-time for " + deliver);
                }
                b.deliverPolicy(p);
            }
            if (startSeq != null) {
                b.startSequence(startSeq);
            }
            if (startTime != null) {
                b.startTime(Instant.parse(startTime));
            }
            if (ack != null) {
                b.ackPolicy(choice(ConsumerConfig.AckPolicy.class, "--ack", ack));
            }
            if (ackWait != null) {
                b.ackWaitMs(ackWait.toMillis());
            }
            if (maxDeliver != null) {
                b.maxDeliver(maxDeliver);
            }
            if (maxAckPending != null) {
                b.maxAckPending(maxAckPending);
            }
            b.deliverSubject(deliverSubject);
            b.deadLetterStream(dlq);
            return b.build();
        } catch (DateTimeParseException e) {
            throw usage("--start-time '" + startTime + "' is not an RFC 3339 time");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
