package dev.switchboard.cli.streams;

import dev.switchboard.client.Streams;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stream rm NAME}: deletes a stream, its messages and consumers. */
@Command(
        name = "rm",
        mixinStandardHelpOptions = true,
        description = "Delete a stream with its messages and consumers.")
final class StreamRemoveCommand extends StreamApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The stream.")
    String name;

    @Override
    int run(Streams streams, PrintWriter out) throws Exception {
        boolean deleted = streams.deleteStream(name);
        if (json) {
            printJson(out, Map.of("deleted", deleted));
        } else {
            out.println((deleted ? "deleted stream " : "stream not deleted: ") + name);
        }
        return deleted ? 0 : 1;
    }
}
