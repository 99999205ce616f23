package dev.switchboard.protocol.stream;

/**
 * What a stream holds, in {@link StreamInfo}.
 *
 * @param messages messages held
 * @param bytes their accounted bytes
 * @param firstSeq the oldest held sequence ({@code last_seq + 1} when empty)
 * @param lastSeq the newest sequence ever stored (0 if none)
 * @param firstTs the oldest held message's time (RFC 3339), or {@code null}
 * @param lastTs the newest message's time (RFC 3339), or {@code null}
 * @param deleted messages removed between first and last
 * @param subjects distinct subjects held
 * @param consumers consumers defined
 */
public record StreamState(
        long messages,
        long bytes,
        long firstSeq,
        long lastSeq,
        String firstTs,
        String lastTs,
        long deleted,
        long subjects,
        int consumers) {}
