package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.StreamInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code stream ls}: one line per stream. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the streams.")
final class StreamListCommand extends StreamApiCommand {
    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        List<StreamInfo> list = streams.streams();
        if (json) {
            printJson(out, Map.of("streams", list));
        } else {
            InfoPrinter.streams(list).forEach(out::println);
        }
        return 0;
    }
}
