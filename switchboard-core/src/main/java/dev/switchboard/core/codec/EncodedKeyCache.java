package dev.switchboard.core.codec;

import java.nio.charset.StandardCharsets;

/**
 * A shared, bounded cache from container keys to their UTF-8 bytes, the encoding-side twin of
 * {@link KeyCache}: keys repeat across messages, so most are written by one array copy.
 *
 * <p>Design note: direct-mapped on {@link String#hashCode()} (cached inside the string), with
 * immutable entries published whole, so the races between threads are benign. Bounded by {@link
 * #SIZE} entries of keys of at most 255 bytes.
 */
final class EncodedKeyCache {
    private static final int SIZE = 4096;
    private static final Entry[] TABLE = new Entry[SIZE];

    private EncodedKeyCache() {}

    private record Entry(String key, byte[] utf8) {}

    static byte[] utf8(String key) {
        int slot = key.hashCode() & (SIZE - 1);
        Entry e = TABLE[slot];
        if (e != null && (e.key == key || e.key.equals(key))) {
            return e.utf8;
        }
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        TABLE[slot] = new Entry(key, utf8);
        return utf8;
    }
}
