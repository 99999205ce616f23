package dev.switchboard.core.codec;

import dev.switchboard.core.internal.ByteOrderAccess;
import dev.switchboard.core.internal.Utf8;

/**
 * A bounds-checked cursor over untrusted bytes. Every read checks what is left first and fails with
 * a {@link CodecException} naming the offset; nothing here allocates from a length it has not
 * checked. Offsets in errors are relative to the start of the message ({@code base}), also inside a
 * decompressed body, where they count from the body's start. Not thread-safe.
 */
final class BinaryReader {
    final byte[] buf;
    final int start;
    int limit;
    int pos;

    BinaryReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
    }

    int offset() {
        return pos - start;
    }

    int remaining() {
        return limit - pos;
    }

    CodecException error(CodecError error, String detail) {
        return new CodecException(error, offset(), detail);
    }

    CodecException errorAt(CodecError error, int absolutePos, String detail) {
        return new CodecException(error, absolutePos - start, detail);
    }

    int readByte() {
        if (pos >= limit) {
            throw error(CodecError.TRUNCATED, "expected 1 more byte");
        }
        return buf[pos++] & 0xFF;
    }

    void require(int n, String what) {
        if (limit - pos < n) {
            throw error(
                    CodecError.TRUNCATED,
                    what + " needs " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    long readVarint() {
        int p = pos;
        int b = p < limit ? buf[p] : 0;
        if (b >= 0 && p < limit) {
            pos = p + 1;
            return b;
        }
        return readVarintSlow();
    }

    private long readVarintSlow() {
        int begin = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw errorAt(CodecError.TRUNCATED, begin, "varint runs past the end");
            }
            int b = buf[pos++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw errorAt(CodecError.BAD_VARINT, begin, "varint overflows 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (b == 0 && shift > 0) {
                    throw errorAt(CodecError.BAD_VARINT, begin, "varint has a redundant zero byte");
                }
                return result;
            }
        }
        throw errorAt(CodecError.BAD_VARINT, begin, "varint longer than 10 bytes");
    }

    /** Reads a varint length and checks it against {@code max} and against what is left. */
    int readLength(int max, CodecError tooLong, String what) {
        int at = pos;
        long n = readVarint();
        return checkLength(n, at, max, tooLong, what);
    }

    int checkLength(long n, int at, int max, CodecError tooLong, String what) {
        if (n > max || n < 0) {
            throw errorAt(tooLong, at, what + " is " + Long.toUnsignedString(n) + "; limit " + max);
        }
        if (n > limit - pos) {
            throw errorAt(
                    CodecError.TRUNCATED,
                    at,
                    what + " declares " + n + " bytes, " + (limit - pos) + " left");
        }
        return (int) n;
    }

    String readUtf8(int len, String what) {
        int at = pos;
        String s = Utf8.decode(buf, pos, len);
        if (s == null) {
            throw errorAt(CodecError.INVALID_UTF8, at, what + " is not well-formed UTF-8");
        }
        pos += len;
        return s;
    }

    int readFixed32() {
        require(4, "fixed32");
        int v = ByteOrderAccess.getIntLE(buf, pos);
        pos += 4;
        return v;
    }

    long readFixed64() {
        require(8, "fixed64");
        long v = ByteOrderAccess.getLongLE(buf, pos);
        pos += 8;
        return v;
    }

    long readFixed64BE() {
        require(8, "fixed64");
        long v = ByteOrderAccess.getLongBE(buf, pos);
        pos += 8;
        return v;
    }

    void skip(int n) {
        pos += n;
    }
}
