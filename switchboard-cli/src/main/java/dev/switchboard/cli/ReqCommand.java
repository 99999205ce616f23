package dev.switchboard.cli;

import dev.switchboard.bus.NoRespondersException;
import dev.switchboard.bus.RequestTimeoutException;
import dev.switchboard.cli.messaging.CommandFailedException;
import dev.switchboard.cli.messaging.DurationConverter;
import dev.switchboard.cli.messaging.HeaderConverter;
import dev.switchboard.cli.messaging.MessagePrinter;
import dev.switchboard.cli.messaging.OutputFormat;
import dev.switchboard.cli.messaging.Payloads;
import dev.switchboard.cli.messaging.ServerOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.Msg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sends one request and prints the reply. */
@Command(
        name = "req",
        mixinStandardHelpOptions = true,
        description = {
            "Send a request and print the reply.",
            "Exits 1 when nothing subscribes to the subject or no reply arrives in time.",
            "Example: switchboard req time.now --timeout 500ms --raw"
        })
final class ReqCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOptions server;

    @Mixin OutputFormat format;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject (no wildcards).")
    String subject;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "PAYLOAD",
            description = "The request payload as UTF-8 text; omitted or '-' reads standard input.")
    String payload;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "NAME=VALUE",
            converter = HeaderConverter.class,
            description = "A request header; repeat for more.")
    List<Map.Entry<String, String>> headers = new ArrayList<>();

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "How long to wait for the reply (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Payloads.read(payload, System.in);
        try (Connection c = server.connect("req")) {
            Msg reply;
            try {
                reply = c.request(subject, headers, bytes, timeout).get();
            } catch (ExecutionException e) {
                throw switch (e.getCause()) {
                    case NoRespondersException n ->
                            new CommandFailedException("no responders for " + subject, n);
                    case RequestTimeoutException t ->
                            new CommandFailedException(
                                    "no reply to the request on "
                                            + subject
                                            + " within "
                                            + DurationConverter.format(timeout),
                                    t);
                    case RuntimeException r -> r;
                    default -> new CommandFailedException(e.getCause().toString(), e.getCause());
                };
            }
            new MessagePrinter(format.mode(), spec.commandLine().getOut(), System.out)
                    .print(1, reply.subject(), reply.replyTo(), reply.headers(), reply.payload());
        }
        return 0;
    }
}
