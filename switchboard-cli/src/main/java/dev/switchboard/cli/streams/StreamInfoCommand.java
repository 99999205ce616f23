package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.StreamInfo;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stream info NAME}: a stream's definition and state. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show a stream's definition and state.")
final class StreamInfoCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The stream.")
    String name;

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        StreamInfo info = streams.streamInfo(name);
        if (json) {
            printJson(out, info);
        } else {
            InfoPrinter.stream(info).forEach(out::println);
        }
        return 0;
    }
}
