package dev.switchboard.client;

import dev.switchboard.core.RetriableException;
import java.util.List;

/**
 * {@link Connection#connect} could reach no server: the message names every server tried and why
 * each failed (refused, timed out, closed during the handshake). A server that answered the
 * handshake with an error is reported as {@link dev.switchboard.protocol.ProtocolException}
 * instead.
 */
public class ConnectionFailedException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** The servers tried, each with its failure, in order. */
    private final transient List<String> attempts;

    /**
     * @param attempts one line per server tried: its URI and what went wrong
     * @param cause the last failure
     */
    public ConnectionFailedException(List<String> attempts, Throwable cause) {
        super("could not connect to any server: " + String.join("; ", attempts), cause);
        this.attempts = List.copyOf(attempts);
    }

    /**
     * @return one line per server tried: its URI and what went wrong
     */
    public List<String> attempts() {
        return attempts;
    }
}
