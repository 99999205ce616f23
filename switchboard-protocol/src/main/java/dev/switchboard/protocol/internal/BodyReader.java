package dev.switchboard.protocol.internal;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Utf8;
import io.netty.buffer.ByteBuf;

/**
 * Reads one frame body in place, checking that every field fits in the body and every length is
 * within its limit before anything is allocated. Errors are {@link ErrorCode#BAD_FRAME} naming the
 * frame, the field and the numbers.
 *
 * <p>Not thread-safe; one per decode.
 */
public final class BodyReader {
    private final Opcode opcode;
    private final ByteBuf buf;
    private int pos;
    private final int end;

    /**
     * @param opcode the frame being read, for error messages
     * @param buf the bytes
     * @param index where the body starts
     * @param length the body length
     */
    public BodyReader(Opcode opcode, ByteBuf buf, int index, int length) {
        this.opcode = opcode;
        this.buf = buf;
        this.pos = index;
        this.end = index + length;
    }

    /**
     * @return the bytes left in the body
     */
    public int remaining() {
        return end - pos;
    }

    /**
     * @return the reader's position in the buffer
     */
    public int position() {
        return pos;
    }

    private void need(int n, String field) {
        if (n > end - pos) {
            throw bad(field + " needs " + n + " bytes but " + (end - pos) + " remain");
        }
    }

    /**
     * @param detail what is wrong
     * @return a BAD_FRAME error about this frame
     */
    public ProtocolException bad(String detail) {
        return new ProtocolException(ErrorCode.BAD_FRAME, opcode + ": " + detail);
    }

    /**
     * @param field the field name
     * @return an unsigned byte
     */
    public int u8(String field) {
        need(1, field);
        return buf.getUnsignedByte(pos++);
    }

    /**
     * @param field the field name
     * @return an unsigned 16-bit value
     */
    public int u16(String field) {
        need(2, field);
        int v = buf.getUnsignedShort(pos);
        pos += 2;
        return v;
    }

    /**
     * @param field the field name
     * @return an unsigned 32-bit value
     */
    public long u32(String field) {
        need(4, field);
        long v = buf.getUnsignedInt(pos);
        pos += 4;
        return v;
    }

    /**
     * Reads a u16-length-prefixed UTF-8 string.
     *
     * @param field the field name
     * @param max the longest allowed, in bytes
     * @param emptyIsNull whether an empty string means "absent"
     * @return the string, or {@code null} when empty and {@code emptyIsNull}
     */
    public String string16(String field, int max, boolean emptyIsNull) {
        int len = u16(field + " length");
        if (len > max) {
            throw bad(field + " is " + len + " bytes; the limit is " + max);
        }
        return len == 0 && emptyIsNull ? null : utf8(field, len);
    }

    /**
     * @param field the field name
     * @param len how many bytes
     * @return the bytes decoded strictly as UTF-8
     */
    public String utf8(String field, int len) {
        need(len, field);
        String s = decodeUtf8(buf, pos, len);
        if (s == null) {
            throw bad(field + " is not valid UTF-8");
        }
        pos += len;
        return s;
    }

    /**
     * @param field the field name
     * @param len how many bytes
     * @return a copy of them
     */
    public byte[] bytes(String field, int len) {
        need(len, field);
        byte[] b = new byte[len];
        buf.getBytes(pos, b);
        pos += len;
        return b;
    }

    /** Fails unless the whole body was read. */
    public void end() {
        if (pos != end) {
            throw bad((end - pos) + " unexpected bytes after the last field");
        }
    }

    /**
     * Decodes UTF-8 strictly (see {@link Utf8#decode}).
     *
     * @param buf the bytes
     * @param index where they start
     * @param len how many
     * @return the string, or {@code null} if the bytes are not valid UTF-8
     */
    public static String decodeUtf8(ByteBuf buf, int index, int len) {
        return Utf8.decode(buf, index, len);
    }
}
