package dev.switchboard.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ManualClock;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.StreamStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery of the segment log from torn, garbled and missing files. */
class SegmentRecoveryTest {
    @TempDir Path root;
    private final ManualClock clock = new ManualClock();
    private FileStorage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    private StreamStore create(long segmentBytes, int messages) {
        storage = FileStorage.open(root, clock);
        StreamStore s =
                storage.create(
                        StoreConfig.builder("s").segmentBytes(segmentBytes).build(), new byte[0]);
        for (int i = 1; i <= messages; i++) {
            s.append("sub." + (i % 3), new byte[0], payload(i), -1, null);
        }
        return s;
    }

    static byte[] payload(int i) {
        return ("message-" + i + "-" + "x".repeat(40)).getBytes(StandardCharsets.UTF_8);
    }

    private StreamStore restart() {
        storage.close();
        storage = FileStorage.open(root, clock);
        return storage.open("s");
    }

    private Path streamDir() {
        return root.resolve("s");
    }

    private List<Path> files(String ext) throws IOException {
        try (Stream<Path> s = Files.list(streamDir())) {
            return s.filter(p -> p.toString().endsWith(ext)).sorted().toList();
        }
    }

    private Path lastSegment() throws IOException {
        List<Path> logs = files(".log");
        return logs.get(logs.size() - 1);
    }

    private static List<Long> sequences(StreamStore s) {
        List<Long> out = new ArrayList<>();
        s.scan(1, Integer.MAX_VALUE, null, m -> out.add(m.sequence()));
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long q = from; q <= to; q++) {
            out.add(q);
        }
        return out;
    }

    private static void checkContents(StreamStore s) {
        s.scan(
                1,
                Integer.MAX_VALUE,
                null,
                m -> assertThat(m.payload()).isEqualTo(payload((int) m.sequence())));
    }

    @Test
    void tornTail_midRecord_isCut() throws IOException {
        create(1 << 20, 10);
        storage.close();
        Path seg = lastSegment();
        long size = Files.size(seg);
        try (var ch = java.nio.channels.FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }
        StreamStore s = restart();
        assertThat(sequences(s)).isEqualTo(range(1, 9));
        checkContents(s);
        assertThat(s.append("a", new byte[0], payload(10), -1, null)).isEqualTo(10);
        assertThat(sequences(restart())).isEqualTo(range(1, 10));
    }

    @Test
    void preallocatedZeroTail_afterACrash_isTheCleanEndOfTheRecords(@TempDir Path image)
            throws IOException {
        StreamStore live = create(1 << 20, 10);
        live.sync(); // every record written and forced; the writer zero-filled ahead of them
        Path seg = lastSegment();
        assertThat(Files.size(seg)).as("zero-filled to the segment size").isEqualTo(1 << 20);
        // A crash image: the files as they are now, opened by a fresh storage elsewhere.
        copyTree(root, image);
        FileStorage crashed = FileStorage.open(image, clock);
        try {
            StreamStore s = crashed.open("s");
            assertThat(sequences(s)).isEqualTo(range(1, 10));
            checkContents(s);
            long end = Files.size(image.resolve("s").resolve(seg.getFileName()));
            assertThat(end).as("the zero tail is cut").isLessThan(10 * 200L);
            assertThat(s.append("a", new byte[0], payload(11), -1, null)).isEqualTo(11);
        } finally {
            crashed.close();
        }
        storage.close();
        assertThat(Files.size(seg))
                .as("a clean close leaves only the records")
                .isLessThan(10 * 200L);
        assertThat(sequences(restart())).isEqualTo(range(1, 10));
    }

    @Test
    void rolledSegments_holdOnlyTheirRecords() throws IOException {
        StreamStore s = create(4096, 200); // ~25 segments
        s.sync();
        List<Path> logs = files(".log");
        assertThat(logs).hasSizeGreaterThan(3);
        for (Path p : logs.subList(0, logs.size() - 1)) {
            assertThat(Files.size(p)).as(p.toString()).isLessThanOrEqualTo(4096L);
            try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                ch.read(last, ch.size() - 1);
                assertThat(last.get(0)).as("ends in a record, not preallocated zeros").isNotZero();
            }
        }
        assertThat(sequences(restart())).isEqualTo(range(1, 200));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void garbageAfterTheLastRecord_isCut() throws IOException {
        create(1 << 20, 10);
        storage.close();
        Path seg = lastSegment();
        long size = Files.size(seg);
        byte[] garbage = new byte[100];
        Arrays.fill(garbage, (byte) 0x7F);
        Files.write(seg, garbage, StandardOpenOption.APPEND);
        StreamStore s = restart();
        assertThat(sequences(s)).isEqualTo(range(1, 10));
        assertThat(Files.size(seg)).isEqualTo(size);
        assertThat(s.append("a", new byte[0], payload(11), -1, null)).isEqualTo(11);
    }

    @Test
    void flippedByteInTheLastRecord_dropsOnlyThatRecord() throws IOException {
        create(1 << 20, 10);
        storage.close();
        Path seg = lastSegment();
        byte[] bytes = Files.readAllBytes(seg);
        bytes[bytes.length - 3] ^= 0x01; // inside record 10's payload
        Files.write(seg, bytes);
        StreamStore s = restart();
        assertThat(sequences(s)).isEqualTo(range(1, 9));
        checkContents(s);
        assertThat(s.append("a", new byte[0], payload(10), -1, null)).isEqualTo(10);
    }

    @Test
    void crashAtEveryOffsetOfTheFinalRecord_recoversAPrefix() throws IOException {
        create(1 << 20, 5);
        storage.close();
        Path seg = lastSegment();
        byte[] whole = Files.readAllBytes(seg);
        int lastRecord =
                whole.length - (RecordCodec.OVERHEAD + "sub.2".length() + payload(5).length);
        for (int cut = lastRecord - 3; cut <= whole.length; cut++) {
            Files.write(seg, Arrays.copyOf(whole, cut));
            storage = FileStorage.open(root, clock);
            StreamStore s = storage.open("s");
            List<Long> seqs = sequences(s);
            long expected = cut == whole.length ? 5 : cut >= lastRecord ? 4 : 3;
            assertThat(seqs).as("cut at %d", cut).isEqualTo(range(1, expected));
            checkContents(s);
            assertThat(s.state().lastSequence()).isEqualTo(expected);
            storage.close();
        }
    }

    @Test
    void garbageInAMiddleSegment_keepsItsPrefixAndLaterSegments() throws IOException {
        StreamStore s = create(4096, 200);
        s.sync();
        storage.close();
        List<Path> logs = files(".log");
        assertThat(logs.size()).isGreaterThan(3);
        Path middle = logs.get(1);
        long middleBase = Long.parseLong(middle.getFileName().toString().substring(0, 20));
        long nextBase = Long.parseLong(logs.get(2).getFileName().toString().substring(0, 20));
        byte[] bytes = Files.readAllBytes(middle);
        int recordSize = bytes.length / (int) (nextBase - middleBase);
        bytes[recordSize * 3 + 20] ^= 0x40; // the 4th record of the segment
        Files.write(middle, bytes);
        StreamStore again = restart();
        List<Long> seqs = sequences(again);
        List<Long> expected = new ArrayList<>(range(1, middleBase + 2));
        expected.addAll(range(nextBase, 200));
        assertThat(seqs).isEqualTo(expected);
        checkContents(again);
        assertThat(again.append("a", new byte[0], payload(201), -1, null)).isEqualTo(201);
    }

    @Test
    void missingAndStaleIndexes_areRebuilt() throws IOException {
        StreamStore s = create(4096, 200);
        s.sync();
        storage.close();
        List<Path> idx = files(".idx");
        assertThat(idx.size()).isGreaterThan(3);
        Files.delete(idx.get(0));
        byte[] stale = Files.readAllBytes(idx.get(1));
        stale[20] ^= 0x01; // covered length: CRC no longer matches
        Files.write(idx.get(1), stale);
        SegmentIndexFile.Contents good = SegmentIndexFile.read(idx.get(2));
        Files.write(
                idx.get(2),
                SegmentIndexFile.encode(
                        new SegmentIndexFile.Contents(
                                good.base(),
                                good.coveredBytes() - 1,
                                good.firstMessage(),
                                good.lastMessage(),
                                good.seqs(),
                                good.offsets(),
                                good.times())));
        StreamStore again = restart();
        assertThat(sequences(again)).isEqualTo(range(1, 200));
        for (int i = 0; i < 3; i++) {
            Path log =
                    idx.get(i)
                            .resolveSibling(
                                    idx.get(i).getFileName().toString().replace(".idx", ".log"));
            SegmentIndexFile.Contents c = SegmentIndexFile.read(idx.get(i));
            assertThat(c).as("index %s", idx.get(i)).isNotNull();
            assertThat(c.coveredBytes()).isEqualTo(Files.size(log));
            assertThat(c.seqs()).isNotEmpty();
        }
        StoredMessage m = again.get(150);
        assertThat(m.payload()).isEqualTo(payload(150));
    }

    @Test
    void indexEntries_pointAtTheirRecords() throws IOException {
        StreamStore s = create(64 << 10, 2000);
        s.sync();
        storage.close();
        Path idx = files(".idx").get(0);
        SegmentIndexFile.Contents c = SegmentIndexFile.read(idx);
        assertThat(c.seqs().length).isGreaterThan(5);
        Path log = idx.resolveSibling(idx.getFileName().toString().replace(".idx", ".log"));
        byte[] bytes = Files.readAllBytes(log);
        var b = java.nio.ByteBuffer.wrap(bytes);
        for (int i = 0; i < c.seqs().length; i++) {
            int at = (int) c.offsets()[i];
            assertThat(RecordCodec.sequence(b, at)).isEqualTo(c.seqs()[i]);
            assertThat(RecordCodec.timestamp(b, at)).isEqualTo(c.times()[i]);
        }
    }
}
