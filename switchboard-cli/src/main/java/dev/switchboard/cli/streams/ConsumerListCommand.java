package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.ConsumerInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code consumer ls STREAM}: one line per consumer. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List a stream's consumers.")
final class ConsumerListCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        List<ConsumerInfo> list = streams.consumers(stream);
        if (json) {
            printJson(out, Map.of("consumers", list));
        } else {
            InfoPrinter.consumers(stream, list).forEach(out::println);
        }
        return 0;
    }
}
