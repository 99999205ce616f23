package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.StoredMsg;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stream get NAME SEQ | --last-by-subject S}: one stored message. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Show one stored message, by sequence or the newest of a subject.",
            "Example: switchboard stream get ORDERS 42; switchboard stream get ORDERS"
                    + " --last-by-subject orders.eu"
        })
final class StreamGetCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The stream.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SEQ", description = "The sequence.")
    Long seq;

    @Option(
            names = "--last-by-subject",
            paramLabel = "SUBJECT",
            description = "The newest message of this subject instead of SEQ.")
    String lastBySubject;

    @Override
    void validate() {
        if ((seq == null) == (lastBySubject == null)) {
            throw usage("give either SEQ or --last-by-subject");
        }
        if (seq != null && seq < 1) {
            throw usage("SEQ must be >= 1, got " + seq);
        }
    }

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        StoredMsg m =
                seq != null
                        ? streams.getMessage(name, seq)
                        : streams.lastMessage(name, lastBySubject);
        if (json) {
            printJson(out, Map.of("message", m));
        } else {
            InfoPrinter.message(m).forEach(out::println);
        }
        return 0;
    }
}
