package dev.switchboard.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the records of a segment in order with large positional reads (one syscall per chunk, not
 * per record), checking each record's length and CRC. Used by recovery and by every read.
 *
 * <p>Memory is bounded by the file: a buffer it allocates is at most {@code max(chunk, largest
 * record)} and never more than the bytes left in the range (a caller's spare buffer is used as it
 * is, for any record that fits it); a length field is checked against the range and {@link
 * RecordCodec#MAX_RECORD} before anything is allocated for it.
 *
 * <p>Stateless; a spare buffer must not be shared by two scans at once.
 */
final class SegmentScanner {
    /** Called for each sound record. */
    interface Visitor {
        /**
         * @param b the buffer holding it
         * @param pos where it starts in {@code b}
         * @param total its size
         * @param offset where it starts in the file
         * @return {@code null} to go on, {@link #STOP} to stop cleanly, or why the record is
         *     unacceptable (scanning stops there, as at a corrupt record)
         */
        String record(ByteBuffer b, int pos, int total, long offset);
    }

    /** A visitor's answer to stop without a problem. */
    static final String STOP = "";

    /**
     * What a scan found.
     *
     * @param end the offset after the last sound record visited
     * @param problem {@code null} if the range ended cleanly (or the visitor stopped), else what
     *     was wrong at {@code end}
     * @param largestBuffer the most bytes allocated at once
     */
    record Result(long end, String problem, long largestBuffer) {}

    private SegmentScanner() {}

    /**
     * @param ch the segment
     * @param from where to start
     * @param end where the range ends (the file size, or the published size)
     * @param chunk how much to read at a time
     * @param visitor told about each record
     * @return where and why it stopped
     * @throws IOException if reading fails
     */
    static Result scan(FileChannel ch, long from, long end, int chunk, Visitor visitor)
            throws IOException {
        return scan(ch, from, end, chunk, null, visitor);
    }

    /**
     * {@link #scan(FileChannel, long, long, int, Visitor)} reading into {@code spare}, in pieces of
     * its size when that is smaller than {@code chunk}: a reader that keeps a direct buffer neither
     * zeroes a fresh array per scan nor has the channel copy through a temporary direct buffer
     * (together 14% of a stream thread's time replaying, async-profiler, 2026-11-27).
     *
     * @param spare a buffer to read into, or {@code null}; its content is overwritten
     */
    static Result scan(
            FileChannel ch, long from, long end, int chunk, ByteBuffer spare, Visitor visitor)
            throws IOException {
        int first = (int) Math.max(0, Math.min(chunk, end - from));
        // A spare smaller than the chunk is read in pieces of its own size; a record larger than
        // it gets a buffer of its own (refill).
        ByteBuffer buf = spare != null ? spare.clear() : ByteBuffer.allocate(first);
        long largest = buf == spare ? 0 : buf.capacity(); // allocated here
        long bufStart = from;
        buf.limit(0);
        long off = from;
        while (off < end) {
            int rel = (int) (off - bufStart);
            if (buf.limit() - rel < 4) {
                buf = refill(ch, buf, off, end, 4);
                bufStart = off;
                rel = 0;
                if (buf.limit() < 4) {
                    return new Result(
                            off,
                            "torn record: " + (end - off) + " bytes, no whole length",
                            largest);
                }
            }
            long length = buf.getInt(rel) & 0xFFFFFFFFL;
            if (length < RecordCodec.MIN_LENGTH || length + 4 > RecordCodec.MAX_RECORD) {
                return new Result(off, "bad record length " + length, largest);
            }
            int total = (int) length + 4;
            if (off + total > end) {
                return new Result(
                        off,
                        "torn record: length " + total + " but only " + (end - off) + " bytes left",
                        largest);
            }
            if (buf.limit() - rel < total) {
                buf = refill(ch, buf, off, end, total);
                largest = Math.max(largest, buf.capacity());
                bufStart = off;
                rel = 0;
                if (buf.limit() < total) {
                    return new Result(off, "torn record: file shorter than expected", largest);
                }
            }
            String problem = RecordCodec.check(buf, rel, total);
            if (problem == null) {
                problem = visitor.record(buf, rel, total, off);
                if (STOP.equals(problem)) {
                    return new Result(off + total, null, largest);
                }
            }
            if (problem != null) {
                return new Result(off, problem, largest);
            }
            off += total;
        }
        return new Result(off, null, largest);
    }

    /**
     * Reads from {@code off} into a buffer holding at least {@code need} bytes if the file has
     * them.
     */
    private static ByteBuffer refill(FileChannel ch, ByteBuffer buf, long off, long end, int need)
            throws IOException {
        ByteBuffer b = buf;
        if (b.capacity() < need) {
            b = ByteBuffer.allocate((int) Math.min(Math.max(need, b.capacity() * 2L), end - off));
        }
        b.clear();
        int want = (int) Math.min(b.capacity(), end - off);
        b.limit(want);
        long pos = off;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        b.flip();
        return b;
    }
}
