package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code consumer rm STREAM NAME}: deletes a consumer (the messages stay). */
@Command(
        name = "rm",
        mixinStandardHelpOptions = true,
        description = "Delete a consumer; the stream's messages stay.")
final class ConsumerRemoveCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream.")
    String stream;

    @Parameters(index = "1", paramLabel = "NAME", description = "The consumer.")
    String name;

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        boolean deleted = streams.deleteConsumer(stream, name);
        if (json) {
            printJson(out, Map.of("deleted", deleted));
        } else {
            out.println(
                    (deleted ? "deleted consumer " : "consumer not deleted: ")
                            + name
                            + " of "
                            + stream);
        }
        return deleted ? 0 : 1;
    }
}
