package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.PurgeRequest;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stream purge NAME [--subject S] [--up-to SEQ]}: removes messages. */
@Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        description = {
            "Remove messages: all of them, those of one subject, or those below a sequence.",
            "Example: switchboard stream purge ORDERS --subject orders.test --up-to 1000"
        })
final class StreamPurgeCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The stream.")
    String name;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "Only this exact subject.")
    String subject;

    @Option(names = "--up-to", paramLabel = "SEQ", description = "Only sequences below SEQ.")
    long upTo;

    @Override
    void validate() {
        if (upTo < 0) {
            throw usage("--up-to must be >= 1, got " + upTo);
        }
    }

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        long purged = streams.purge(name, new PurgeRequest(subject, upTo));
        if (json) {
            printJson(out, Map.of("purged", purged));
        } else {
            out.println(
                    "purged "
                            + purged
                            + (purged == 1 ? " message" : " messages")
                            + " from "
                            + name);
        }
        return 0;
    }
}
