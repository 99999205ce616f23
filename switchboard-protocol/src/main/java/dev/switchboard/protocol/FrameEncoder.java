package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a PUB or MSG frame's head (header, subscription id, subject, reply subject, headers
 * section) into a reused array and hands it to the outbound buffer in one copy, the payload in a
 * second (or in the same one when it is small). Writing the same fields through {@link ByteBuf}'s
 * accessors checks the buffer's bounds and reference count at every field; for a small publish that
 * was most of its cost, and 14% of a stream thread's time replaying (async-profiler, 2026-11-27).
 *
 * <p>The subject's UTF-8 bytes are kept for the next call: a publisher that reuses its subject
 * string, or a stream replaying a run of records on one subject (its reader hands out one string
 * per run), encodes it once. Not thread-safe: {@link CoalescingWriter} uses one under its lock.
 */
final class FrameEncoder {
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    /** Payloads up to this size are copied into the array with the head. */
    private static final int INLINE_PAYLOAD = 256;

    /** Heads (everything but the payload) larger than this are written the plain way. */
    private static final int MAX_HEAD = 4096;

    private byte[] scratch = new byte[512];
    private String lastSubject;
    private byte[] lastSubjectUtf8;

    /**
     * The UTF-8 length of a subject, from the kept bytes when it is the last subject seen; a new
     * {@link String} becomes the kept one.
     *
     * @param subject the subject
     * @return its UTF-8 length
     */
    int subjectLength(CharSequence subject) {
        return subject instanceof String s
                ? subjectUtf8(s).length
                : FrameWriter.utf8Length(subject);
    }

    /** The subject's UTF-8 bytes, kept for the next call with the same string. */
    private byte[] subjectUtf8(String s) {
        if (s != lastSubject) {
            lastSubjectUtf8 = s.getBytes(StandardCharsets.UTF_8);
            lastSubject = s; // immutable: same object, same bytes
        }
        return lastSubjectUtf8;
    }

    /**
     * Writes a PUB frame whose length is already known to fit.
     *
     * @param out where it goes (it has room for the whole frame)
     * @param subject the subject
     * @param subjectLen its UTF-8 length
     * @param replyTo the reply subject, or {@code null}
     * @param replyLen its UTF-8 length
     * @param headers the headers section
     * @param payload the payload array
     * @param offset where the payload starts
     * @param length its length
     * @param flags the PUB flags
     */
    void pub(
            ByteBuf out,
            CharSequence subject,
            int subjectLen,
            CharSequence replyTo,
            int replyLen,
            byte[] headers,
            byte[] payload,
            int offset,
            int length,
            int flags) {
        int head =
                FrameLayout.HEADER + FrameLayout.PUB_FIXED + subjectLen + replyLen + headers.length;
        if (head > MAX_HEAD) {
            FrameWriter.pub(out, subject, replyTo, headers, payload, offset, length, flags);
            return;
        }
        byte[] s = room(head, length);
        INT.set(s, 0, head - FrameLayout.HEADER + length);
        s[4] = (byte) Opcode.PUB_CODE;
        s[5] = (byte) flags;
        int at = fields(s, FrameLayout.HEADER, subject, subjectLen, replyTo, replyLen, headers);
        finish(out, s, at, payload, offset, length);
    }

    /**
     * Writes a MSG frame from parts whose length is already known to fit: the broker's stream
     * deliveries and answers.
     *
     * @param out where it goes (it has room for the whole frame)
     * @param sid the subscription id
     * @param subject the subject
     * @param subjectLen its UTF-8 length
     * @param replyTo the reply subject, or {@code null}
     * @param replyLen its UTF-8 length
     * @param headers the headers section
     * @param payload the payload
     * @param flags the MSG flags
     */
    void msg(
            ByteBuf out,
            int sid,
            CharSequence subject,
            int subjectLen,
            CharSequence replyTo,
            int replyLen,
            byte[] headers,
            byte[] payload,
            int flags) {
        int head =
                FrameLayout.HEADER + FrameLayout.MSG_FIXED + subjectLen + replyLen + headers.length;
        if (head > MAX_HEAD) {
            FrameWriter.msg(out, sid, subject, replyTo, headers, payload, flags);
            return;
        }
        byte[] s = room(head, payload.length);
        INT.set(s, 0, head - FrameLayout.HEADER + payload.length);
        s[4] = (byte) Opcode.MSG_CODE;
        s[5] = (byte) flags;
        INT.set(s, FrameLayout.HEADER, sid);
        int at = fields(s, FrameLayout.HEADER + 4, subject, subjectLen, replyTo, replyLen, headers);
        finish(out, s, at, payload, 0, payload.length);
    }

    /** The scratch array, with room for the head and, if it is small, the payload. */
    private byte[] room(int head, int payloadLength) {
        int need = head + (payloadLength <= INLINE_PAYLOAD ? payloadLength : 0);
        byte[] s = scratch;
        if (s.length < need) {
            s = scratch = new byte[Math.max(need, s.length * 2)];
        }
        return s;
    }

    /** The fields PUB and MSG share: subject, reply subject, headers section. */
    private int fields(
            byte[] s,
            int at,
            CharSequence subject,
            int subjectLen,
            CharSequence replyTo,
            int replyLen,
            byte[] headers) {
        SHORT.set(s, at, (short) subjectLen);
        at = text(s, at + 2, subject, subjectLen, true);
        SHORT.set(s, at, (short) replyLen);
        at = text(s, at + 2, replyTo, replyLen, false);
        INT.set(s, at, headers.length);
        at += 4;
        System.arraycopy(headers, 0, s, at, headers.length);
        return at + headers.length;
    }

    /** Copies the head, and the payload with it when small, else after it. */
    private static void finish(
            ByteBuf out, byte[] s, int headEnd, byte[] payload, int offset, int length) {
        if (length <= INLINE_PAYLOAD) {
            System.arraycopy(payload, offset, s, headEnd, length);
            out.writeBytes(s, 0, headEnd + length);
        } else {
            out.writeBytes(s, 0, headEnd);
            out.writeBytes(payload, offset, length);
        }
    }

    private int text(byte[] s, int at, CharSequence text, int utf8Len, boolean cache) {
        if (utf8Len == 0) {
            return at;
        }
        if (text instanceof AsciiString a) {
            System.arraycopy(a.array(), a.arrayOffset(), s, at, a.length());
            return at + a.length();
        }
        byte[] bytes =
                cache && text instanceof String str
                        ? subjectUtf8(str)
                        : text.toString().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, s, at, utf8Len);
        return at + utf8Len;
    }
}
