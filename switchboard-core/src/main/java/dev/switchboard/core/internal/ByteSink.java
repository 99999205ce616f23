package dev.switchboard.core.internal;

import java.nio.charset.StandardCharsets;
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
     * Writes a varint length and then the bytes of a short array (a container key): one bounds
     * check, and a plain loop instead of {@code System.arraycopy}'s setup for a few bytes.
     *
     * @param b the bytes, at most 16,383 long
     */
    public void writeLengthPrefixed(byte[] b) {
        int n = b.length;
        ensure(n + 2);
        byte[] dst = buf;
        int p = pos;
        if (n < 0x80) {
            dst[p++] = (byte) n;
        } else {
            dst[p++] = (byte) ((n & 0x7F) | 0x80);
            dst[p++] = (byte) (n >>> 7);
        }
        if (n <= 16) {
            for (int i = 0; i < n; i++) {
                dst[p + i] = b[i];
            }
        } else {
            System.arraycopy(b, 0, dst, p, n);
        }
        pos = p + n;
    }

    /**
     * Moves back to an earlier position, dropping what was written after it.
     *
     * @param position a value returned by {@link #size()}
     */
    public void rewind(int position) {
        pos = position;
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
        if (n <= SHORT_STRING) {
            int start = pos;
            ensure(1 + n);
            buf[pos++] = (byte) n;
            if (writeAscii(s)) {
                return;
            }
            pos = start;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(utf8.length);
        writeBytes(utf8, 0, utf8.length);
    }

    /**
     * Strings up to this many chars are copied char by char; longer ones through the JDK's bulk
     * encoder.
     */
    public static final int SHORT_STRING = 16;

    /**
     * Writes a string's chars as bytes if all of them are ASCII; otherwise writes nothing.
     *
     * @param s the string
     * @return whether it was ASCII and is now written
     */
    public boolean writeAscii(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            b[p + i] = (byte) c;
        }
        pos = p + n;
        return true;
    }
}
