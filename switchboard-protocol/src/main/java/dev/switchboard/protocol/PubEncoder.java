package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a PUB frame's head (header, subject, reply subject, headers section) into a reused array
 * and hands it to the outbound buffer in one copy, the payload in a second (or in the same one when
 * it is small). Writing the same fields through {@link ByteBuf}'s accessors checks the buffer's
 * bounds and reference count at every field; for a small publish that was most of its cost.
 *
 * <p>The subject's UTF-8 bytes are kept for the next call: a publisher that reuses its subject
 * string encodes it once. Not thread-safe: {@link CoalescingWriter} uses one under its lock.
 */
final class PubEncoder {
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
     * Writes a PUB frame whose length is already known to fit.
     *
     * @param out where it goes (it has room for {@code total} bytes)
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
        boolean inlinePayload = length <= INLINE_PAYLOAD;
        int need = head + (inlinePayload ? length : 0);
        byte[] s = scratch;
        if (s.length < need) {
            s = scratch = new byte[Math.max(need, s.length * 2)];
        }
        INT.set(s, 0, FrameLayout.PUB_FIXED + subjectLen + replyLen + headers.length + length);
        s[4] = (byte) Opcode.PUB_CODE;
        s[5] = (byte) flags;
        int at = 6;
        SHORT.set(s, at, (short) subjectLen);
        at = text(s, at + 2, subject, subjectLen, true);
        SHORT.set(s, at, (short) replyLen);
        at = text(s, at + 2, replyTo, replyLen, false);
        INT.set(s, at, headers.length);
        at += 4;
        System.arraycopy(headers, 0, s, at, headers.length);
        at += headers.length;
        if (inlinePayload) {
            System.arraycopy(payload, offset, s, at, length);
            out.writeBytes(s, 0, at + length);
        } else {
            out.writeBytes(s, 0, at);
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
        byte[] bytes;
        if (cache && text == lastSubject) {
            bytes = lastSubjectUtf8;
        } else {
            bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (cache && text instanceof String str) { // immutable: same object, same bytes
                lastSubject = str;
                lastSubjectUtf8 = bytes;
            }
        }
        System.arraycopy(bytes, 0, s, at, utf8Len);
        return at + utf8Len;
    }
}
