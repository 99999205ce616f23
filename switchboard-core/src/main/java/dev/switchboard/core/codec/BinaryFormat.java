package dev.switchboard.core.codec;

/**
 * Constants of binary format version 1; docs/CONTAINER.md draws it.
 *
 * <pre>
 * message := 'S' 'B' version:u8 flags:u8
 *            headerLen:varint header[headerLen]
 *            bodyLen:varint   body[bodyLen]
 * flags   := bits 0-1 compression (0 none, 1 LZ4, 2 zstd, 3 deflate); bits 2-7 zero
 * body    := fields                               (uncompressed)
 *          | rawLen:varint compressed-bytes        (compressed; rawLen = size of fields)
 * fields  := count:varint (key value){count}      keys in strictly increasing UTF-8 byte order
 * key     := len:varint utf8[len]                 1..255 bytes
 * value   := tag:u8 payload
 * tag     := inline:4 bits (high) | type:4 bits (low); inline 0..14 holds a small
 *            length/count/zigzag value, 15 means a varint follows
 * </pre>
 */
final class BinaryFormat {
    static final byte MAGIC_0 = 'S';
    static final byte MAGIC_1 = 'B';
    static final int VERSION = 1;
    static final int FLAG_COMPRESSION_MASK = 0x03;

    static final int INLINE_MAX = 14;
    static final int EXTENDED = 15;

    // Presence bits of the optional header fields.
    static final int HAS_TTL = 1;
    static final int HAS_CORRELATION_ID = 1 << 1;
    static final int HAS_SOURCE = 1 << 2;
    static final int HAS_TARGET = 1 << 3;
    static final int HAS_TRACE = 1 << 4;
    static final int HAS_TRACE_STATE = 1 << 5;
    static final int HAS_HEADERS = 1 << 6;
    static final int KNOWN_PRESENCE = (1 << 7) - 1;

    /** The fixed prefix: magic, version, flags. */
    static final int PREFIX_LENGTH = 4;

    private BinaryFormat() {}

    /** Writes an unsigned varint at {@code pos}; returns the position after it. */
    static int putVarint(byte[] b, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            b[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[pos++] = (byte) v;
        return pos;
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }
}
