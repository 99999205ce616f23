package dev.switchboard.protocol.stream;

/**
 * A stream's definition and state: the answer to {@code CREATE}, {@code UPDATE}, {@code INFO} and
 * the entries of {@code LIST}.
 *
 * @param config the definition in force
 * @param state what it holds
 * @param created when it was created (RFC 3339)
 */
public record StreamInfo(StreamConfig config, StreamState state, String created) {}
