package dev.switchboard.client;

import dev.switchboard.core.RetriableException;

/**
 * A publish found the outbound buffer full: the reconnect buffer while disconnected, or the publish
 * buffer for longer than {@link ClientOptions#publishTimeout()} while connected (the server or the
 * network is slower than the publisher). Retriable: the buffer drains when the connection writes.
 */
public class BufferFullException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which buffer, its limit and what was waiting
     */
    public BufferFullException(String message) {
        super(message);
    }
}
