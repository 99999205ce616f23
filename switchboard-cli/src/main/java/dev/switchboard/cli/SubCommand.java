package dev.switchboard.cli;

import dev.switchboard.cli.messaging.CommandFailedException;
import dev.switchboard.cli.messaging.DurationConverter;
import dev.switchboard.cli.messaging.MessagePrinter;
import dev.switchboard.cli.messaging.OutputFormat;
import dev.switchboard.cli.messaging.ServerOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.client.Subscription;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Subscribes and prints each message until {@code --count} arrived, {@code --timeout} passed, or
 * Ctrl-C. Messages are printed on the connection's dispatcher thread; the command's thread only
 * waits.
 */
@Command(
        name = "sub",
        mixinStandardHelpOptions = true,
        description = {
            "Subscribe to a subject pattern and print each message.",
            "Prints 'subscribed to PATTERN' on standard error once the server has the"
                    + " subscription. Exits after --count messages, after --timeout, or on Ctrl-C.",
            "Example: switchboard sub 'orders.>' --count 10 --json"
        })
final class SubCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOptions server;

    @Mixin OutputFormat format;

    @Parameters(
            index = "0",
            paramLabel = "PATTERN",
            description = "Subject pattern; '*' matches one token, '>' the rest.")
    String pattern;

    @Option(
            names = {"-q", "--queue"},
            paramLabel = "GROUP",
            description = "Join a queue group: each message goes to one member of the group.")
    String queue;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Exit after N messages (default: run until --timeout or Ctrl-C).")
    Long count;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Stop after this long (e.g. 30s). With --count, fewer than N messages by then"
                            + " is a failure (exit 1).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--count must be at least 1, was " + count);
        }
        MessagePrinter printer =
                new MessagePrinter(format.mode(), spec.commandLine().getOut(), System.out);
        AtomicLong received = new AtomicLong();
        long limit = count == null ? Long.MAX_VALUE : count;
        CountDownLatch done = new CountDownLatch(1);
        try (Connection c = server.connect("sub")) {
            Subscription s =
                    c.subscribe(
                            pattern,
                            queue == null
                                    ? SubscribeOptions.defaults()
                                    : SubscribeOptions.builder().queueGroup(queue).build(),
                            m -> {
                                long n = received.incrementAndGet();
                                if (n > limit) {
                                    return; // arrived before the auto-unsubscribe took effect
                                }
                                printer.print(
                                        n, m.subject(), m.replyTo(), m.headers(), m.payload());
                                if (n == limit) {
                                    done.countDown();
                                }
                            });
            if (count != null) {
                s.autoUnsubscribe(count);
            }
            c.flush(Duration.ofSeconds(5));
            spec.commandLine()
                    .getErr()
                    .println(
                            "subscribed to "
                                    + pattern
                                    + (queue == null ? "" : " in queue group " + queue));
            boolean reached;
            if (timeout == null) {
                done.await();
                reached = true;
            } else {
                reached = done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            if (!reached && count != null) {
                throw new CommandFailedException(
                        "received "
                                + Math.min(received.get(), count)
                                + " of "
                                + count
                                + " messages on "
                                + pattern
                                + " within "
                                + DurationConverter.format(timeout));
            }
        }
        return 0;
    }
}
