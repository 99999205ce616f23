package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.ConsumerInfo;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code consumer info STREAM NAME}: a consumer's definition and progress. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show a consumer's definition and progress.")
final class ConsumerInfoCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Parameters(index = "1", paramLabel = "NAME", description = "The consumer.")
    String name;

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        ConsumerInfo info = streams.consumerInfo(stream, name);
        if (json) {
            printJson(out, info);
        } else {
            InfoPrinter.consumer(info).forEach(out::println);
        }
        return 0;
    }
}
