package dev.switchboard.store.file;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One segment file ({@code <first sequence, 20 digits>.log}) with its sparse index held in memory:
 * an entry (sequence, file offset, timestamp) for the first message and then for the first message
 * at least {@link #INDEX_INTERVAL} bytes after the previous entry.
 *
 * <p>Guarded by the stream's lock, except {@link #channel}, which readers use without it. The
 * writer thread alone writes to the file.
 */
final class Segment {
    /** Bytes between sparse index entries. */
    static final int INDEX_INTERVAL = 4096;

    /**
     * How often one read or write goes on, on a reopened channel, after interrupts closed the
     * shared one under it; past that it fails.
     */
    private static final int MAX_REOPENS = 8;

    /** One positional, repeatable operation on a segment's channel. */
    @FunctionalInterface
    interface ChannelOp {
        void run(FileChannel ch) throws IOException;
    }

    final long base;
    final Path log;
    final Path idx;
    private volatile FileChannel channel;
    volatile boolean deleted;

    /** Bytes readers may read: whole, written records. */
    long size;

    long firstMessage;
    long lastMessage;

    private long[] seqs = new long[16];
    private long[] offsets = new long[16];
    private long[] times = new long[16];
    private int entries;
    private long lastEntryOffset = -INDEX_INTERVAL;

    Segment(Path dir, long base, FileChannel channel) {
        this.base = base;
        this.log = dir.resolve(name(base) + ".log");
        this.idx = dir.resolve(name(base) + ".idx");
        this.channel = channel;
    }

    static String name(long base) {
        return String.format("%020d", base);
    }

    /** Records a message written at {@code offset}. */
    void addMessage(long seq, long offset, long timestampNanos) {
        if (firstMessage == 0) {
            firstMessage = seq;
        }
        lastMessage = seq;
        if (offset - lastEntryOffset >= INDEX_INTERVAL) {
            if (entries == seqs.length) {
                seqs = Arrays.copyOf(seqs, entries * 2);
                offsets = Arrays.copyOf(offsets, entries * 2);
                times = Arrays.copyOf(times, entries * 2);
            }
            seqs[entries] = seq;
            offsets[entries] = offset;
            times[entries] = timestampNanos;
            entries++;
            lastEntryOffset = offset;
        }
    }

    /**
     * @return the offset of the indexed message at or before {@code seq}, or 0
     */
    long floorOffset(long seq) {
        int i = Arrays.binarySearch(seqs, 0, entries, seq);
        if (i >= 0) {
            return offsets[i];
        }
        int ins = -i - 1;
        return ins == 0 ? 0 : offsets[ins - 1];
    }

    /**
     * @return the offset of the first indexed message after {@code seq}, or {@link #size}: where a
     *     read for messages up to {@code seq} can stop
     */
    long ceilingOffset(long seq) {
        int i = Arrays.binarySearch(seqs, 0, entries, seq);
        int next = i >= 0 ? i + 1 : -i - 1;
        return next < entries ? offsets[next] : size;
    }

    /**
     * @return the highest sequence this segment may refer to: its last message, or the one before
     *     its base
     */
    long coverEnd() {
        return Math.max(lastMessage, base - 1);
    }

    SegmentIndexFile.Contents indexContents() {
        return new SegmentIndexFile.Contents(
                base,
                size,
                firstMessage,
                lastMessage,
                Arrays.copyOf(seqs, entries),
                Arrays.copyOf(offsets, entries),
                Arrays.copyOf(times, entries));
    }

    /**
     * @return the channel, reopened if a reader's interrupt closed it
     * @throws ClosedChannelException if the segment was deleted
     */
    FileChannel channel() throws IOException {
        FileChannel ch = channel;
        if (ch.isOpen()) {
            return ch;
        }
        synchronized (this) {
            if (deleted) {
                throw new ClosedChannelException();
            }
            if (!channel.isOpen()) {
                channel = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return channel;
        }
    }

    /**
     * Runs {@code op} on the channel, again on a reopened one if an interrupt closed it under
     * {@code op}: the writer and every reader share the channel, and the JDK closes it for all of
     * them when any thread is interrupted during I/O on it. {@code op} must be positional and
     * repeatable (a write lands on the same bytes again; a force on the new descriptor flushes the
     * same file; a scan resumes where its visitor got to).
     *
     * @param op the operation
     * @param throughOwnInterrupt what this thread's own interrupt does: if {@code true} (the
     *     writer, whose write must not be lost) the flag is cleared for the retry and restored
     *     after it; if {@code false} (a reader) it ends the operation with {@link
     *     ClosedByInterruptException}
     * @throws ClosedChannelException if the segment was deleted, or the channel was closed {@value
     *     #MAX_REOPENS} times in a row
     */
    void io(ChannelOp op, boolean throughOwnInterrupt) throws IOException {
        boolean interrupted = false;
        try {
            for (int attempt = 1; ; attempt++) {
                FileChannel ch = channel(); // reopens; throws once the segment is deleted
                try {
                    op.run(ch);
                    return;
                } catch (ClosedChannelException e) {
                    boolean own = e instanceof ClosedByInterruptException;
                    if (attempt == MAX_REOPENS || (own && !throughOwnInterrupt)) {
                        throw e;
                    }
                    if (own) {
                        interrupted |= Thread.interrupted();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a file we only read or already forced: nothing to save.
        }
    }
}
