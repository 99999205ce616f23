package dev.switchboard.cli;

import dev.switchboard.cli.messaging.CommandFailedException;
import dev.switchboard.cli.messaging.DurationConverter;
import dev.switchboard.cli.messaging.MessagePrinter;
import dev.switchboard.cli.messaging.ServerOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.client.Subscription;
import java.nio.charset.StandardCharsets;
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
 * Answers requests on a subject with a fixed response or the request's own payload, printing one
 * line per request. Requests are answered on the connection's dispatcher thread.
 */
@Command(
        name = "reply",
        mixinStandardHelpOptions = true,
        description = {
            "Answer requests on a subject with a fixed response (or --echo).",
            "Prints 'listening for requests on SUBJECT' on standard error once subscribed, then"
                    + " one line per request. Exits after --count requests, after --timeout, or on"
                    + " Ctrl-C.",
            "Example: switchboard reply time.now \"$(date)\" --queue clocks"
        })
final class ReplyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOptions server;

    @Parameters(
            index = "0",
            paramLabel = "SUBJECT",
            description = "The subject or pattern to answer on.")
    String subject;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "RESPONSE",
            description = "The response payload as UTF-8 text (required unless --echo).")
    String response;

    @Option(names = "--echo", description = "Answer each request with its own payload.")
    boolean echo;

    @Option(
            names = {"-q", "--queue"},
            paramLabel = "GROUP",
            description = "Join a queue group, so several responders share the requests.")
    String queue;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Exit after answering N requests (default: run until Ctrl-C).")
    Long count;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Stop after this long. With --count, fewer than N requests by then is a"
                            + " failure (exit 1).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (response == null && !echo) {
            throw new ParameterException(
                    spec.commandLine(), "Missing RESPONSE (or give --echo to echo requests)");
        }
        if (response != null && echo) {
            throw new ParameterException(
                    spec.commandLine(), "Give either RESPONSE or --echo, not both");
        }
        if (count != null && count < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--count must be at least 1, was " + count);
        }
        byte[] fixed = response == null ? null : response.getBytes(StandardCharsets.UTF_8);
        long limit = count == null ? Long.MAX_VALUE : count;
        AtomicLong answered = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        MessagePrinter printer =
                new MessagePrinter(
                        MessagePrinter.Mode.HUMAN, spec.commandLine().getOut(), System.out);
        try (Connection c = server.connect("reply")) {
            SubscribeOptions options =
                    queue == null
                            ? SubscribeOptions.defaults()
                            : SubscribeOptions.builder().queueGroup(queue).build();
            Subscription s =
                    c.subscribe(
                            subject,
                            options,
                            m -> {
                                if (m.replyTo() == null) {
                                    return; // a plain publish, not a request: nothing to answer
                                }
                                long n = answered.incrementAndGet();
                                if (n > limit) {
                                    return;
                                }
                                m.respond(echo ? m.payload() : fixed);
                                printer.print(
                                        n, m.subject(), m.replyTo(), m.headers(), m.payload());
                                if (n == limit) {
                                    done.countDown();
                                }
                            });
            c.flush(Duration.ofSeconds(5));
            spec.commandLine()
                    .getErr()
                    .println(
                            "listening for requests on "
                                    + subject
                                    + (queue == null ? "" : " in queue group " + queue));
            boolean reached =
                    timeout == null
                            ? await(done)
                            : done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            s.unsubscribe();
            // The last reply may still sit in the client's buffer: let the server have it.
            c.flush(Duration.ofSeconds(5));
            if (!reached && count != null) {
                throw new CommandFailedException(
                        "answered "
                                + Math.min(answered.get(), count)
                                + " of "
                                + count
                                + " requests on "
                                + subject
                                + " within "
                                + DurationConverter.format(timeout));
            }
        }
        return 0;
    }

    private static boolean await(CountDownLatch done) throws InterruptedException {
        done.await();
        return true;
    }
}
