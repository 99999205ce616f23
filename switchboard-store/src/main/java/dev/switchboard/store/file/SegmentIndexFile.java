package dev.switchboard.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The index file written beside a segment when it is closed ({@code <base>.idx}): the sparse
 * sequence index and the time index share entries. Big-endian.
 *
 * <pre>
 *   0  u32  magic "SBIX" (0x53424958)
 *   4  u16  version (1)
 *   6  u16  reserved (0)
 *   8  u64  segment base sequence (its file name)
 *  16  u64  covered bytes: the segment's length when indexed
 *  24  u64  first message sequence (0: none)
 *  32  u64  last message sequence (0: none)
 *  40  u32  entry count N
 *  44  N x { u64 sequence | u64 file offset | i64 timestamp nanos }   (24 bytes each)
 *  44+24N  u32  CRC32C over bytes [0, 44+24N)
 * </pre>
 *
 * An index is stale when its base or covered length do not match the segment, and corrupt when its
 * magic, version, size or CRC are wrong; either way recovery rebuilds it by scanning.
 */
final class SegmentIndexFile {
    static final int MAGIC = 0x53424958;
    static final int HEADER = 44;
    static final int ENTRY = 24;

    private SegmentIndexFile() {}

    /** What an index file holds. */
    record Contents(
            long base,
            long coveredBytes,
            long firstMessage,
            long lastMessage,
            long[] seqs,
            long[] offsets,
            long[] times) {}

    static byte[] encode(Contents c) {
        int n = c.seqs().length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + ENTRY * n + 4);
        b.putInt(MAGIC).putShort((short) 1).putShort((short) 0);
        b.putLong(c.base())
                .putLong(c.coveredBytes())
                .putLong(c.firstMessage())
                .putLong(c.lastMessage());
        b.putInt(n);
        for (int i = 0; i < n; i++) {
            b.putLong(c.seqs()[i]).putLong(c.offsets()[i]).putLong(c.times()[i]);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * @return the file's contents, or {@code null} if it is missing or corrupt
     */
    static Contents read(Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > (long) HEADER + 4 + ENTRY * (long) Integer.MAX_VALUE / ENTRY) {
                return null;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < HEADER + 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt(40);
        if (b.getInt(0) != MAGIC
                || b.getShort(4) != 1
                || n < 0
                || (long) HEADER + (long) ENTRY * n + 4 != bytes.length) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != b.getInt(bytes.length - 4)) {
            return null;
        }
        long[] seqs = new long[n];
        long[] offsets = new long[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            int at = HEADER + ENTRY * i;
            seqs[i] = b.getLong(at);
            offsets[i] = b.getLong(at + 8);
            times[i] = b.getLong(at + 16);
        }
        return new Contents(
                b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), seqs, offsets, times);
    }
}
