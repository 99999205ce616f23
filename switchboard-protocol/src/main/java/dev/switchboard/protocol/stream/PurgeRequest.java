package dev.switchboard.protocol.stream;

/**
 * The body of {@code $SYS.API.STREAM.PURGE.<stream>}; an empty body purges everything.
 *
 * @param subject purge only this exact subject, or {@code null}
 * @param upToSeq purge only sequences below this one, or 0 for all
 */
public record PurgeRequest(String subject, long upToSeq) {}
