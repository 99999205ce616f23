package dev.switchboard.client;

/**
 * What {@link Connection#publish} does when the reconnect buffer (publishes kept while
 * disconnected, bounded by {@link ClientOptions#reconnectBufferBytes()}) is full.
 */
public enum BufferFullPolicy {
    /** Throw {@link BufferFullException} at once. */
    FAIL,
    /**
     * Wait up to {@link ClientOptions#publishTimeout()} for room (the connection is back and the
     * buffer drains), then throw {@link BufferFullException}.
     */
    BLOCK
}
