package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stream republish NAME SEQ}: publishes a stored message (a dead letter) again. */
@Command(
        name = "republish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish a stored message again to its original subject, without its Sb-Dlq-"
                    + " headers (for dead letters).",
            "Example: switchboard stream republish ORDERS_DLQ 3"
        })
final class StreamRepublishCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The stream holding it.")
    String name;

    @Parameters(index = "1", paramLabel = "SEQ", description = "Its sequence.")
    long seq;

    @Override
    void validate() {
        if (seq < 1) {
            throw usage("SEQ must be >= 1, got " + seq);
        }
    }

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        String subject = streams.republish(name, seq);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("republished", true);
            m.put("subject", subject);
            printJson(out, m);
        } else {
            out.println("republished " + name + " seq " + seq + " to " + subject);
        }
        return 0;
    }
}
