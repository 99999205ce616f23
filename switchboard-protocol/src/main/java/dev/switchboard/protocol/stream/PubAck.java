package dev.switchboard.protocol.stream;

/**
 * The acknowledgement of a publish stored in a stream (docs/STREAMS.md, "Publishing"): sent on the
 * publish's reply subject once the record is durable by the stream's fsync policy.
 *
 * @param stream the stream that stored it
 * @param seq its sequence
 * @param duplicate whether it was a duplicate (same {@code Sb-Msg-Id} within the window), in which
 *     case {@code seq} is the earlier copy's
 */
public record PubAck(String stream, long seq, boolean duplicate) {}
