package dev.switchboard.protocol.stream;

/**
 * The body of {@code $SYS.API.STREAM.MSG.GET}, {@code MSG.DELETE} and {@code REPUBLISH}: a
 * sequence, or (for GET) a subject whose newest message is wanted.
 *
 * @param seq the sequence, or 0
 * @param lastBySubject the subject, or {@code null}
 */
public record MsgRequest(long seq, String lastBySubject) {}
