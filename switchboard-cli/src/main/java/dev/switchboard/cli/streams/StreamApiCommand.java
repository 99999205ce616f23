package dev.switchboard.cli.streams;

import dev.switchboard.bus.NoRespondersException;
import dev.switchboard.bus.RequestTimeoutException;
import dev.switchboard.cli.messaging.CommandFailedException;
import dev.switchboard.cli.messaging.ServerOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.Streams;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.StreamApiException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code stream}/{@code consumer} subcommand shares: the server options, {@code --json},
 * connecting, and turning failures into one line (exit 1) or a usage error (exit 2).
 */
abstract class StreamApiCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOptions server;

    @Option(names = "--json", description = "Print the broker's JSON instead of text.")
    boolean json;

    /**
     * Runs the command on a connected {@link Streams}.
     *
     * @param streams the API
     * @param out standard output
     * @return the exit code
     * @throws Exception anything; a {@link StreamApiException} becomes one line and exit 1
     */
    abstract int run(Streams streams, PrintWriter out) throws Exception;

    /**
     * Checks the arguments before connecting, so bad usage exits 2 even without a server.
     *
     * @throws ParameterException if they are invalid
     */
    void validate() {}

    @Override
    public final Integer call() throws Exception {
        validate();
        String command = spec.parent().name() + "-" + spec.name();
        try (Connection c = server.connect(command)) {
            return run(c.streams(), spec.commandLine().getOut());
        } catch (StreamApiException e) {
            throw new CommandFailedException(describe(e), e);
        } catch (NoRespondersException e) {
            throw new CommandFailedException(
                    "nothing answers the stream API at " + server.server(), e);
        } catch (RequestTimeoutException e) {
            throw new CommandFailedException(
                    "no answer from the stream API at " + server.server() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * @param e a stream API failure
     * @return {@code NAME (code): description}
     */
    static String describe(StreamApiException e) {
        ApiError error = e.error();
        String message = e.getMessage();
        String suffix = " (" + e.code() + ")";
        if (message.endsWith(suffix)) {
            message = message.substring(0, message.length() - suffix.length());
        }
        return (error == null ? "error" : error.name()) + suffix + ": " + message;
    }

    /** A usage error (exit 2). */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Parses an enum option value written in lower case. */
    <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw usage(
                    option
                            + " must be one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                                    .toList()
                            + ", got '"
                            + value
                            + "'");
        }
    }

    /** Prints a value as the broker's JSON, one line. */
    static void printJson(PrintWriter out, Object value) {
        out.println(new String(ApiJson.write(value), StandardCharsets.UTF_8));
        out.flush();
    }
}
