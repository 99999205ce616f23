package dev.switchboard.protocol.stream;

import java.util.List;

/**
 * A stored message as {@code $SYS.API.STREAM.MSG.GET} returns it.
 *
 * @param subject the subject it was published to
 * @param seq its sequence
 * @param time when it was stored (RFC 3339 with nanoseconds)
 * @param headers its headers as name/value pairs, in order
 * @param data the payload, base64
 */
public record StoredMsg(
        String subject, long seq, String time, List<List<String>> headers, String data) {}
