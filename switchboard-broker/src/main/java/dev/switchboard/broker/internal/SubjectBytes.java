package dev.switchboard.broker.internal;

import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.Utf8;
import io.netty.buffer.ByteBuf;

/**
 * Validates subjects where they lie in a frame, so the broker forwards only subjects every client
 * can decode. ASCII subjects are checked byte by byte without allocating; others are decoded
 * strictly and checked by {@link Subjects}.
 */
final class SubjectBytes {
    private SubjectBytes() {}

    /**
     * @param buf the bytes
     * @param index where the subject starts
     * @param length its length
     * @return {@code null} if it is a valid subject to publish to, else the reason
     */
    static String check(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return "must not be empty";
        }
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes); // one bulk copy: per-byte reads through a buffer are slow
        return check(bytes);
    }

    /**
     * @param bytes a subject's bytes, not empty
     * @return {@code null} if it is a valid subject to publish to, else the reason
     */
    static String check(byte[] bytes) {
        int length = bytes.length;
        int tokens = 1;
        int tokenStart = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b < 0) {
                return checkSlow(bytes);
            }
            if (b == '.') {
                if (i == tokenStart) {
                    return "empty token at byte " + i;
                }
                if (++tokens > Subjects.MAX_TOKENS) {
                    return "has more than " + Subjects.MAX_TOKENS + " tokens";
                }
                tokenStart = i + 1;
            } else if (b <= ' ' || b == 0x7F) {
                return "whitespace or control character at byte " + i;
            } else if (b == '*' || b == '>' || b == '#') {
                return "wildcard '" + (char) b + "' is not allowed in a subject to publish to";
            }
        }
        if (tokenStart == length) {
            return "empty token at byte " + length;
        }
        if (length > Subjects.MAX_LENGTH) {
            return "is " + length + " chars; the limit is " + Subjects.MAX_LENGTH;
        }
        return null;
    }

    private static String checkSlow(byte[] bytes) {
        String s = Utf8.decode(bytes);
        if (s == null) {
            return "is not valid UTF-8";
        }
        try {
            Subjects.requireValidSubject(s);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
