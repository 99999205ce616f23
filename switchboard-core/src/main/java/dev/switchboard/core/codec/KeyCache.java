package dev.switchboard.core.codec;

import dev.switchboard.core.internal.ByteOrderAccess;
import dev.switchboard.core.internal.Utf8;
import java.util.Arrays;

/**
 * A shared, bounded cache from the UTF-8 bytes of container keys and header names to their {@code
 * String}s. Messages of one schema repeat the same keys, so most keys decode without allocating or
 * validating again (Jackson canonicalizes field names for the same reason).
 *
 * <p>Design note: a direct-mapped table of immutable entries. Reads and writes race benignly: an
 * entry is published whole (final fields), and a lost write only costs a later miss. Memory is
 * bounded by {@link #SIZE} entries of at most 255 bytes; hostile input with ever-new keys only
 * turns hits into misses.
 */
final class KeyCache {
    private static final int SIZE = 4096;
    private static final int MAX_CACHED_LENGTH = 64;
    private static final Entry[] TABLE = new Entry[SIZE];

    private KeyCache() {}

    private record Entry(byte[] bytes, String string) {}

    /**
     * @return the decoded string, or {@code null} if the bytes are not well-formed UTF-8
     */
    static String get(byte[] buf, int off, int len) {
        if (len > MAX_CACHED_LENGTH) {
            return Utf8.decode(buf, off, len);
        }
        int slot = hash(buf, off, len) & (SIZE - 1);
        Entry e = TABLE[slot];
        if (e != null && Arrays.equals(e.bytes, 0, e.bytes.length, buf, off, off + len)) {
            return e.string;
        }
        String s = Utf8.decode(buf, off, len);
        if (s != null) {
            TABLE[slot] = new Entry(Arrays.copyOfRange(buf, off, off + len), s);
        }
        return s;
    }

    private static int hash(byte[] b, int off, int len) {
        long h;
        if (len >= 8) {
            // Keys of one schema often share a prefix and differ at the end: mix both ends.
            h = ByteOrderAccess.getLongLE(b, off) * 0x9E3779B97F4A7C15L;
            h ^= ByteOrderAccess.getLongLE(b, off + len - 8) * 0xC2B2AE3D27D4EB4FL;
        } else {
            h = 0;
            for (int i = 0; i < len; i++) {
                h = (h << 8) | (b[off + i] & 0xFF);
            }
            h *= 0x9E3779B97F4A7C15L;
        }
        h ^= len;
        return (int) (h ^ (h >>> 29) ^ (h >>> 41));
    }
}
