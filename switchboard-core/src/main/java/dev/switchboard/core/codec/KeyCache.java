package dev.switchboard.core.codec;

import dev.switchboard.core.internal.ByteArrays;
import dev.switchboard.core.internal.ByteOrderAccess;
import dev.switchboard.core.internal.Utf8;
import java.util.Arrays;

/**
 * A shared, bounded cache from the UTF-8 bytes of container keys and header names to their {@code
 * String}s. Messages of one schema repeat the same keys in the same order, so most keys decode
 * without hashing, allocating or validating again (Jackson canonicalizes field names for the same
 * reason).
 *
 * <p>Design note: a direct-mapped table of entries, each remembering the key that followed it last
 * time ({@link Entry#next}). The decoder first tries that prediction (one byte comparison); a hit
 * also proves the order of the pair, because a link is only made after the decoder checked that the
 * second key sorts after the first. Entries publish their bytes and string through final fields, so
 * the races on the table and on {@code next} are benign: a lost write only costs a later miss.
 * Memory is bounded by {@link #SIZE} entries of at most {@link #MAX_CACHED_LENGTH} bytes; hostile
 * input with ever-new keys only turns hits into misses.
 */
final class KeyCache {
    private static final int SIZE = 4096;
    private static final int MAX_CACHED_LENGTH = 64;
    private static final Entry[] TABLE = new Entry[SIZE];

    private KeyCache() {}

    /** A key's bytes and string, and a hint: the key that followed it last time. */
    static final class Entry {
        final byte[] bytes;
        final String string;
        Entry next;

        Entry(byte[] bytes, String string) {
            this.bytes = bytes;
            this.string = string;
        }

        boolean matches(byte[] buf, int off, int len) {
            return bytes.length == len && ByteArrays.equals(bytes, 0, buf, off, len);
        }
    }

    /**
     * @return the entry for these bytes (cached, or new for long keys), or {@code null} if they are
     *     not well-formed UTF-8
     */
    static Entry entry(byte[] buf, int off, int len) {
        if (len > MAX_CACHED_LENGTH) {
            String s = Utf8.decode(buf, off, len);
            return s == null ? null : new Entry(Arrays.copyOfRange(buf, off, off + len), s);
        }
        int slot = hash(buf, off, len) & (SIZE - 1);
        Entry e = TABLE[slot];
        if (e != null && e.matches(buf, off, len)) {
            return e;
        }
        String s = Utf8.decode(buf, off, len);
        if (s == null) {
            return null;
        }
        e = new Entry(Arrays.copyOfRange(buf, off, off + len), s);
        TABLE[slot] = e;
        return e;
    }

    /**
     * @return the decoded string, or {@code null} if the bytes are not well-formed UTF-8
     */
    static String get(byte[] buf, int off, int len) {
        Entry e = entry(buf, off, len);
        return e == null ? null : e.string;
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
