package dev.switchboard.cli;

import dev.switchboard.cli.messaging.CommandFailedException;
import dev.switchboard.cli.messaging.DurationConverter;
import dev.switchboard.cli.messaging.HeaderConverter;
import dev.switchboard.cli.messaging.Payloads;
import dev.switchboard.cli.messaging.ServerOptions;
import dev.switchboard.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes a payload to a subject, once or {@code --count} times, and waits for the server. */
@Command(
        name = "pub",
        mixinStandardHelpOptions = true,
        description = {
            "Publish a message to a subject; exits once the server has it.",
            "Example: switchboard pub orders.new '{\"id\":{{i}}}' --count 3 -H trace=1"
        })
final class PubCommand implements Callable<Integer> {
    static final String INDEX = "{{i}}";

    @Spec CommandSpec spec;

    @Mixin ServerOptions server;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject (no wildcards).")
    String subject;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "PAYLOAD",
            description =
                    "The payload as UTF-8 text; omitted or '-' reads it from standard input."
                            + " In an argument, '{{i}}' becomes the message's number (from 1).")
    String payload;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "NAME=VALUE",
            converter = HeaderConverter.class,
            description = "A header; repeat for more (names may repeat).")
    List<Map.Entry<String, String>> headers = new ArrayList<>();

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "1",
            description = "How many times to publish (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(
            names = "--reply-to",
            paramLabel = "SUBJECT",
            description = "The reply subject to send with each message.")
    String replyTo;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "How long to wait for the server to confirm (e.g. 500ms, 2s; default:"
                            + " ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--count must be at least 1, was " + count);
        }
        byte[] bytes = Payloads.read(payload, System.in);
        String template = new String(bytes, StandardCharsets.UTF_8);
        boolean indexed = payload != null && !payload.equals("-") && template.contains(INDEX);
        try (Connection c = server.connect("pub")) {
            for (long i = 1; i <= count; i++) {
                byte[] p =
                        indexed
                                ? template.replace(INDEX, Long.toString(i))
                                        .getBytes(StandardCharsets.UTF_8)
                                : bytes;
                c.publish(subject, replyTo, headers, p);
            }
            try {
                c.flush(timeout);
            } catch (TimeoutException e) {
                throw new CommandFailedException(
                        "the server did not confirm the publish to "
                                + subject
                                + " within "
                                + DurationConverter.format(timeout),
                        e);
            }
        }
        spec.commandLine().getOut().println("published " + count + " to " + subject);
        return 0;
    }
}
