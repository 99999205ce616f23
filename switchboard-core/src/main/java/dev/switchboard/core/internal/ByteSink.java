package dev.switchboard.core.internal;

import java.util.Arrays;

/**
 * A growable byte array with the primitives of the binary format: varints, little-endian fixed
 * widths and UTF-8 strings written without an intermediate array. Not thread-safe; codecs keep one
 * per thread and reset it between messages.
 */
public final class ByteSink {
    private static final int RETAIN_MAX = 64 * 1024;

    private byte[] buf;
    private int pos;

    /**
     * @param initialCapacity the first array size
     */
    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Empties the sink; an array grown past 64 KiB is dropped so one huge message is not kept. */
    public void reset() {
        pos = 0;
        if (buf.length > RETAIN_MAX) {
            buf = new byte[1024];
        }
    }

    /**
     * @return bytes written so far
     */
    public int size() {
        return pos;
    }

    /**
     * @return the backing array; valid up to {@link #size()} until the next write
     */
    public byte[] array() {
        return buf;
    }

    /**
     * @return a copy of what was written
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /**
     * @param n bytes about to be written
     */
    public void ensure(int n) {
        if (pos + n > buf.length) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) pos + n;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("message larger than 2 GiB");
        }
        int capacity =
                (int) Math.max(needed, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16));
        buf = Arrays.copyOf(buf, capacity);
    }

    /**
     * Moves past {@code n} bytes written directly into {@link #array()} after {@link #ensure}.
     *
     * @param n how many bytes were written
     */
    public void skip(int n) {
        pos += n;
    }

    /**
     * @param b the low 8 bits are written
     */
    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    /**
     * @param src bytes
     * @param off from
     * @param len how many
     */
    public void writeBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    /**
     * Writes an unsigned LEB128 varint: 7 bits a byte, low bits first, high bit set on all but the
     * last byte.
     *
     * @param v the value, read as unsigned
     */
    public void writeVarint(long v) {
        ensure(10);
        byte[] b = buf;
        int p = pos;
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        pos = p;
    }

    /**
     * @param v a 32-bit value, written as 4 little-endian bytes
     */
    public void writeFixed32(int v) {
        ensure(4);
        ByteOrderAccess.putIntLE(buf, pos, v);
        pos += 4;
    }

    /**
     * @param v a 64-bit value, written as 8 little-endian bytes
     */
    public void writeFixed64(long v) {
        ensure(8);
        ByteOrderAccess.putLongLE(buf, pos, v);
        pos += 8;
    }

    /**
     * @param v a 64-bit value, written as 8 big-endian bytes
     */
    public void writeFixed64BE(long v) {
        ensure(8);
        ByteOrderAccess.putLongBE(buf, pos, v);
        pos += 8;
    }

    /**
     * Writes a varint byte length followed by the UTF-8 bytes of a well-formed string.
     *
     * @param s the string
     */
    public void writeString(String s) {
        int n = s.length();
        int start = pos;
        if (n < 128) {
            // Optimistic ASCII path: one length byte, one byte per char.
            ensure(1 + n);
            byte[] b = buf;
            b[pos] = (byte) n;
            int p = pos + 1;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    pos = start;
                    writeStringSlow(s);
                    return;
                }
                b[p++] = (byte) c;
            }
            pos = p;
            return;
        }
        writeStringSlow(s);
    }

    private void writeStringSlow(String s) {
        int len = Utf8.encodedLength(s);
        writeVarint(len);
        writeUtf8(s, len);
    }

    /**
     * Writes the UTF-8 bytes of a well-formed string whose encoded length is known.
     *
     * @param s the string
     * @param utf8Length its UTF-8 length, from {@link Utf8#encodedLength}
     */
    public void writeUtf8(String s, int utf8Length) {
        ensure(utf8Length);
        byte[] b = buf;
        int p = pos;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
    }

    /**
     * @param s a string
     * @return whether every char is ASCII, so its UTF-8 length is its length
     */
    public static boolean isAscii(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
