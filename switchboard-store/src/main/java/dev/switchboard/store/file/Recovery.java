package dev.switchboard.store.file;

import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.internal.StreamIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a stream's state from its segment files at open.
 *
 * <p>Rules: every segment is scanned in order and each record's length and CRC checked (the
 * per-subject state needs every record anyway). At the first bad record of the <em>last</em>
 * segment (a torn or garbled tail) the file is truncated there, with a warning naming the file, the
 * offset and the bytes cut. A bad record in an earlier segment ends that segment's records (later
 * segments are kept; the damaged bytes are left for inspection) with a warning. An index file that
 * is missing, corrupt or stale (its base or covered length do not match) is rewritten. The next
 * sequence is one past the newest message found or the newest segment's base minus one, whichever
 * is larger, so it never goes back even when every message was removed.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int CHUNK = 1 << 20;

    /** The largest gap between segments accepted (records lost to damage). */
    static final long MAX_GAP = 1 << 24;

    /** What recovery found. */
    record Result(TreeMap<Long, Segment> segments, StreamIndex index, long largestBuffer) {}

    private Recovery() {}

    /**
     * @param dir the stream's directory
     * @param stream its name, for messages
     * @param fsyncAlways whether rewritten files are forced
     * @return the segments (the last one writable) and the rebuilt index
     * @throws StoreException {@link StoreError#IO} if the files cannot be read
     */
    static Result recover(Path dir, String stream, boolean fsyncAlways) {
        TreeMap<Long, Segment> segments = new TreeMap<>();
        try {
            long[] bases = listSegments(dir);
            StreamIndex index = new StreamIndex(0);
            long largest = 0;
            for (int i = 0; i < bases.length; i++) {
                boolean last = i == bases.length - 1;
                if (index.messages() > 0 && bases[i] - index.last() > MAX_GAP) {
                    // Only lost records leave a gap; millions of them means a wrong file name.
                    throw new StoreException(
                            StoreError.IO,
                            "stream '"
                                    + stream
                                    + "': segment "
                                    + Segment.name(bases[i])
                                    + " starts "
                                    + (bases[i] - index.last())
                                    + " sequences after the previous one ends; refusing to guess");
                }
                Segment s = open(dir, bases[i]);
                segments.put(bases[i], s);
                largest = Math.max(largest, scan(s, index, stream, last));
                if (last) {
                    Files.deleteIfExists(s.idx); // it will grow; indexed again when closed
                } else {
                    checkIndex(s, stream, fsyncAlways);
                }
                index.raiseLast(bases[i] - 1);
            }
            if (segments.isEmpty()) {
                long base = index.last() + 1;
                segments.put(base, open(dir, base));
            }
            return new Result(segments, index, largest);
        } catch (IOException e) {
            segments.values().forEach(Segment::close);
            throw new StoreException(
                    StoreError.IO,
                    "stream '" + stream + "': recovery of " + dir + " failed: " + e,
                    e);
        } catch (RuntimeException e) {
            segments.values().forEach(Segment::close);
            throw e;
        }
    }

    private static long[] listSegments(Path dir) throws IOException {
        long[] bases = new long[16];
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(AtomicFiles.TMP)) {
                    Files.deleteIfExists(f);
                } else if (name.length() == 24 && name.endsWith(".log")) {
                    try {
                        long base = Long.parseLong(name.substring(0, 20));
                        if (base >= 1 && base < Long.MAX_VALUE / 2) {
                            bases = n == bases.length ? Arrays.copyOf(bases, n * 2) : bases;
                            bases[n++] = base;
                        }
                    } catch (NumberFormatException e) {
                        LOG.warn("ignoring {}: not a segment name", f);
                    }
                }
            }
        }
        long[] out = Arrays.copyOf(bases, n);
        Arrays.sort(out);
        return out;
    }

    private static Segment open(Path dir, long base) throws IOException {
        FileChannel ch =
                FileChannel.open(
                        dir.resolve(Segment.name(base) + ".log"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        return new Segment(dir, base, ch);
    }

    /** Replays one segment into the index; returns the largest buffer it allocated. */
    static long scan(Segment s, StreamIndex index, String stream, boolean last) throws IOException {
        FileChannel ch = s.channel();
        long fileSize = ch.size();
        RecordCodec.SubjectCache subjects = new RecordCodec.SubjectCache();
        SegmentScanner.Result r =
                SegmentScanner.scan(
                        ch,
                        0,
                        fileSize,
                        CHUNK,
                        (b, pos, total, offset) ->
                                apply(s, index, subjects, b, pos, total, offset));
        s.size = r.end();
        if (r.problem() != null) {
            // A zero tail is the writer's zero-filled preallocation (fsync always) after the last
            // record: the clean end of the records, not damage. Either way the last segment is
            // cut there, and grows again.
            boolean preallocated = zeroTail(ch, r.end(), fileSize);
            long cut = fileSize - r.end();
            if (last) {
                ch.truncate(r.end());
                ch.force(true);
            }
            if (preallocated) {
                LOG.debug(
                        "stream '{}': {} ends at {} before {} preallocated bytes",
                        stream,
                        s.log,
                        r.end(),
                        cut);
            } else if (last) {
                LOG.warn(
                        "stream '{}': truncated {} at offset {}, cut {} bytes: {}",
                        stream,
                        s.log,
                        r.end(),
                        cut,
                        r.problem());
            } else {
                LOG.warn(
                        "stream '{}': {} is damaged at offset {} ({}); its last {} bytes are"
                                + " ignored, later segments are kept",
                        stream,
                        s.log,
                        r.end(),
                        r.problem(),
                        cut);
            }
        }
        return r.largestBuffer();
    }

    /** Whether the file holds only zero bytes in {@code [from, to)}. */
    static boolean zeroTail(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(0, to - from)));
        long at = from;
        while (at < to) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), to - at));
            int n = ch.read(b, at);
            if (n <= 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            at += n;
        }
        return true;
    }

    private static String apply(
            Segment s,
            StreamIndex index,
            RecordCodec.SubjectCache subjects,
            ByteBuffer b,
            int pos,
            int total,
            long offset) {
        long seq = RecordCodec.sequence(b, pos);
        switch (RecordCodec.type(b, pos)) {
            case RecordCodec.MESSAGE -> {
                // Within a segment, messages are consecutive from its base (the writer names a
                // segment after the next sequence it will hold).
                long expected = s.lastMessage == 0 ? s.base : s.lastMessage + 1;
                if (seq != expected || seq <= index.last()) {
                    return "message sequence "
                            + seq
                            + " where "
                            + expected
                            + " was expected"
                            + " (last "
                            + index.last()
                            + ")";
                }
                long ts =
                        index.add(
                                seq,
                                RecordCodec.timestamp(b, pos),
                                subjects.subject(b, pos),
                                RecordCodec.accounted(b, pos, total),
                                null);
                s.addMessage(seq, offset, ts);
            }
            case RecordCodec.REMOVE -> index.remove(seq);
            default -> {
                String subject = RecordCodec.subject(b, pos);
                index.removeUpTo(subject.isEmpty() ? null : subject, seq);
            }
        }
        return null;
    }

    private static void checkIndex(Segment s, String stream, boolean fsyncAlways)
            throws IOException {
        SegmentIndexFile.Contents c = SegmentIndexFile.read(s.idx);
        String why = null;
        if (c == null) {
            why = Files.exists(s.idx) ? "corrupt" : "missing";
        } else if (c.base() != s.base
                || c.coveredBytes() != s.size
                || c.lastMessage() != s.lastMessage) {
            why = "stale (covers " + c.coveredBytes() + " bytes, segment has " + s.size + ")";
        }
        if (why != null) {
            LOG.info("stream '{}': index {} is {}; rebuilt", stream, s.idx, why);
            AtomicFiles.write(s.idx, SegmentIndexFile.encode(s.indexContents()), fsyncAlways);
        }
    }
}
