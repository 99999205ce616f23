package dev.switchboard.cli.messaging;

import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.ConnectionFailedException;
import dev.switchboard.protocol.ProtocolException;
import picocli.CommandLine.Option;

/**
 * Where and as whom the messaging commands connect: {@code -s/--server} (default {@code
 * $SWITCHBOARD_SERVER}, else {@code sb://127.0.0.1:7422}), {@code --name}, {@code --token}.
 */
public final class ServerOptions {
    /** The server when neither {@code -s} nor {@code SWITCHBOARD_SERVER} says otherwise. */
    public static final String DEFAULT_SERVER = "sb://127.0.0.1:7422";

    @Option(
            names = {"-s", "--server"},
            paramLabel = "URL",
            defaultValue = "${env:SWITCHBOARD_SERVER:-" + DEFAULT_SERVER + "}",
            description =
                    "Server URL: sb://host[:port], sbs://host[:port] (TLS) or unix:///path."
                            + " Default: $SWITCHBOARD_SERVER, else "
                            + DEFAULT_SERVER
                            + ".")
    String server;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Connection name the server shows (default: switchboard-<command>).")
    String name;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Authentication token, if the server requires one.")
    String token;

    /**
     * @param command the subcommand, for the default connection name
     * @return client options for the chosen server
     * @throws picocli.CommandLine.ParameterException never; a bad URL is a {@link
     *     CommandFailedException}
     */
    public ClientOptions clientOptions(String command) {
        ClientOptions.Builder b;
        try {
            b = ClientOptions.builder().server(server);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        b.name(name != null ? name : "switchboard-" + command);
        if (token != null) {
            b.token(token);
        }
        return b.build();
    }

    /**
     * @return the server URL as given
     */
    public String server() {
        return server;
    }

    /**
     * Connects, turning every failure into one line: {@code cannot connect to URL: reason}.
     *
     * @param command the subcommand, for the default connection name
     * @return the connection
     * @throws CommandFailedException if the server could not be reached or refused the handshake
     * @throws InterruptedException if interrupted while connecting
     */
    public Connection connect(String command) throws InterruptedException {
        ClientOptions options = clientOptions(command);
        try {
            return Connection.connect(options);
        } catch (ConnectionFailedException e) {
            throw new CommandFailedException(
                    "cannot connect to " + server + ": " + reason(e.getCause(), e), e);
        } catch (ProtocolException e) {
            throw new CommandFailedException(
                    "cannot connect to " + server + ": " + reason(e, e), e);
        }
    }

    private static String reason(Throwable cause, Throwable fallback) {
        Throwable t = cause != null ? cause : fallback;
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        // Netty's native transport says "finishConnect(..) failed with error(-111): Connection
        // refused: /127.0.0.1:1"; the URL is already on the line, so keep the words that matter.
        return m.contains("Connection refused") ? "connection refused" : m;
    }
}
