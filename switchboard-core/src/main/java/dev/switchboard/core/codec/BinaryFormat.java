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
 * tag     := inline:4 bits (high) | type:4 bits (low)
 *            strings, bytes, containers, lists: inline 0..14 is the length or count,
 *            15 means a varint length or count follows
 *            integers (int8..int64), the shortest of four forms:
 *              inline 0..12  the zigzag value itself             (-6..6)
 *              inline 13     1 byte, two's complement            (-128..127)
 *              inline 14     varint of the zigzag value, < 2^49  (up to 7 bytes)
 *              inline 15     8 bytes little-endian               (the rest)
 * </pre>
 */
final class BinaryFormat {
    static final byte MAGIC_0 = 'S';
    static final byte MAGIC_1 = 'B';
    static final int VERSION = 1;
    static final int FLAG_COMPRESSION_MASK = 0x03;

    static final int INLINE_MAX = 14;
    static final int EXTENDED = 15;

    // Integer forms, in the inline nibble of an integer's tag.
    static final int INT_INLINE_MAX = 12;
    static final int INT_BYTE = 13;
    static final int INT_VARINT = 14;
    static final int INT_FIXED = 15;

    /** Zigzag values below 2^49 (varints of at most 7 bytes) use the varint form. */
    static final int INT_VARINT_BITS = 49;

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
