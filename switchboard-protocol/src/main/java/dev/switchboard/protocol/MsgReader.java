package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes MSG frames on a client's hot path: the same checks as {@link FrameCodec#decode}, but
 * subjects that repeat (the common case: a subscription sees few distinct subjects) are turned into
 * strings once and then reused, and an empty headers section costs nothing.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
public final class MsgReader {
    private static final int SLOTS = 256;
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] subjects = new String[SLOTS];
    private byte[] scratch = new byte[128]; // a subject's bytes, copied out once per MSG
    private byte[] lastKey; // the last subject read, as bytes and as the string
    private String lastSubject;

    /** A reader with an empty subject cache. */
    public MsgReader() {}

    /**
     * @param flags the frame's flags byte
     * @param buf the buffer holding the body
     * @param index where the body starts
     * @param length the body length
     * @param limits the negotiated limits
     * @return the message
     * @throws ProtocolException with a stable code if the body is malformed or over a limit
     */
    public Frame.Msg read(int flags, ByteBuf buf, int index, int length, ProtocolLimits limits) {
        if ((flags & ~FrameFlags.MSG_NO_RESPONDERS) != 0) {
            FrameCodec.checkFlags(Opcode.MSG, flags);
        }
        int end = index + length;
        if (length < FrameLayout.MSG_FIXED) {
            throw bad("body of " + length + " bytes is shorter than the fixed fields");
        }
        long sid = buf.getUnsignedInt(index);
        if (sid == 0 || sid > Integer.MAX_VALUE) {
            throw bad("sid must be in [1, 2^31-1], got " + sid);
        }
        int p = index + 4;
        int subjectLength = buf.getUnsignedShort(p);
        p += 2;
        if (subjectLength == 0
                || subjectLength > limits.maxSubjectBytes()
                || p + subjectLength + 2 > end) {
            throw bad(
                    "subject length "
                            + subjectLength
                            + " is empty, over the limit or past the body");
        }
        String subject = subject(buf, p, subjectLength);
        p += subjectLength;
        int replyLength = buf.getUnsignedShort(p);
        p += 2;
        if (replyLength > limits.maxSubjectBytes() || p + replyLength + 4 > end) {
            throw bad("reply length " + replyLength + " is over the limit or past the body");
        }
        String reply = null;
        if (replyLength > 0) {
            reply = reply(buf, p, replyLength);
            if (reply == null) {
                throw bad("reply subject is not valid UTF-8");
            }
        }
        p += replyLength;
        long headersLength = buf.getUnsignedInt(p);
        p += 4;
        if (headersLength > limits.maxHeadersBytes()) {
            throw new ProtocolException(
                    ErrorCode.BAD_HEADERS,
                    "headers are "
                            + headersLength
                            + " bytes; the limit is "
                            + limits.maxHeadersBytes());
        }
        if (p + headersLength > end) {
            throw bad("headers length " + headersLength + " runs past the body"); // as FrameCodec
        }
        byte[] headers = Headers.EMPTY;
        if (headersLength > 0) {
            String why = Headers.validate(buf, p, (int) headersLength);
            if (why != null) {
                throw new ProtocolException(ErrorCode.BAD_HEADERS, why);
            }
            headers = ByteBufUtil.getBytes(buf, p, (int) headersLength);
            p += (int) headersLength;
        }
        int payloadLength = end - p;
        if (payloadLength > limits.maxPayload()) {
            throw new ProtocolException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "payload is " + payloadLength + " bytes; the limit is " + limits.maxPayload());
        }
        byte[] payload = new byte[payloadLength];
        buf.getBytes(p, payload);
        return new Frame.Msg(
                (int) sid,
                subject,
                reply,
                headers,
                payload,
                (flags & FrameFlags.MSG_NO_RESPONDERS) != 0);
    }

    /** A scratch array holding a copy of {@code buf[at, at + length)}. */
    private byte[] copy(ByteBuf buf, int at, int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        byte[] b = scratch;
        buf.getBytes(at, b, 0, length); // one bulk copy: per-byte reads through a buffer are slow
        return b;
    }

    /**
     * A reply subject, which rarely repeats (inboxes, ack subjects): decoded from the scratch copy
     * into the string's own array, the only allocation.
     */
    private String reply(ByteBuf buf, int at, int length) {
        return Utf8.decode(copy(buf, at, length), 0, length);
    }

    private String subject(ByteBuf buf, int at, int length) {
        byte[] b = copy(buf, at, length);
        byte[] last = lastKey;
        if (last != null && same(last, b, length)) {
            return lastSubject; // a run of one subject (a stream replay) skips the hash
        }
        int h = hash(b, length);
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && same(key, b, length)) {
            lastKey = key;
            lastSubject = subjects[slot];
            return lastSubject;
        }
        byte[] copy = Arrays.copyOf(b, length);
        String s = Utf8.decode(copy);
        if (s == null) {
            throw bad("subject is not valid UTF-8");
        }
        keys[slot] = copy;
        subjects[slot] = s;
        lastKey = copy;
        lastSubject = s;
        return s;
    }

    /**
     * Whether {@code key} is {@code b[0, length)}, eight bytes per step: for a subject of a few
     * dozen bytes, {@code Arrays.equals} with ranges spent more on its checks and the call into its
     * vectorized comparison than on comparing.
     */
    private static boolean same(byte[] key, byte[] b, int length) {
        if (key.length != length) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if ((long) LONG.get(key, i) != (long) LONG.get(b, i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (key[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hashes {@code b[0, length)} eight bytes per step (the last step overlaps the one before):
     * hashing a 40-byte subject a byte at a time cost more than the rest of the read. Every byte
     * counts, so subjects that differ only in the middle (device ids) still spread over slots.
     */
    private static int hash(byte[] b, int length) {
        if (length < 8) {
            int h = length;
            for (int i = 0; i < length; i++) {
                h = 31 * h + b[i];
            }
            return h;
        }
        long x = length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            x = (x ^ (long) LONG.get(b, i)) * 0x9E3779B97F4A7C15L;
        }
        if (i < length) {
            x = (x ^ (long) LONG.get(b, length - 8)) * 0x9E3779B97F4A7C15L;
        }
        return (int) (x ^ (x >>> 32));
    }

    private static ProtocolException bad(String detail) {
        return new ProtocolException(ErrorCode.BAD_FRAME, "MSG: " + detail);
    }
}
