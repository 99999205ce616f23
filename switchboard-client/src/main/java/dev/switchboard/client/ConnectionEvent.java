package dev.switchboard.client;

import java.util.Objects;

/**
 * Something that happened to a connection, for {@link ConnectionListener}.
 *
 * @param type what happened
 * @param serverUrl the server concerned, or {@code null}
 * @param detail a human-readable explanation (never {@code null})
 * @param error the error involved, or {@code null}
 * @param sid the subscription concerned, or 0
 */
public record ConnectionEvent(
        ConnectionEvent.Type type, String serverUrl, String detail, Throwable error, int sid) {

    /** The kinds of events. */
    public enum Type {
        /** The first connection is up (fired once, after {@link Connection#connect}). */
        CONNECTED,
        /** The connection to a server was lost; reconnecting follows unless it is closed. */
        DISCONNECTED,
        /** A new connection is up after a loss. */
        RECONNECTED,
        /** After a reconnect, every live subscription was subscribed again ({@code detail}). */
        RESUBSCRIBED,
        /** The server said it is going away (GOAWAY); the client moves to another server. */
        LAME_DUCK,
        /**
         * A subscription's pending limit was hit and messages are being dropped; once per episode
         * (until a message is accepted again).
         */
        SLOW_CONSUMER,
        /** An error: from the server (ERR), a protocol violation, a handler that threw. */
        ERROR,
        /** The connection is closed for good. */
        CLOSED
    }

    /** Checks required fields. */
    public ConnectionEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }
}
