package dev.switchboard.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread: rolling, reclaiming, fsync order and group commit. */
class SegmentWriterTest {
    @TempDir Path root;
    private final ManualClock clock = new ManualClock();
    private FileStorage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    private List<Path> logs() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("s"))) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    private StreamStore create(StoreConfig.Builder b) {
        storage = FileStorage.open(root, clock);
        return storage.create(b.build(), new byte[0]);
    }

    /** Stream "s", fsync always, on real forces that {@code forces} counts. */
    private StreamStore createCountingForces(AtomicLong forces) {
        return createCountingForces(forces, StoreConfig.builder("s"));
    }

    /** Stream {@code config} (named "s"), on real forces that {@code forces} counts. */
    private StreamStore createCountingForces(AtomicLong forces, StoreConfig.Builder config) {
        storage =
                FileStorage.open(
                        root,
                        clock,
                        ch -> {
                            ch.force(false);
                            forces.incrementAndGet();
                        });
        return storage.create(config.build(), new byte[0]);
    }

    private static void fill(StreamStore s, int n) {
        for (int i = 0; i < n; i++) {
            s.append("sub", new byte[0], new byte[64], -1, null);
        }
    }

    @Test
    void segmentsRoll_andExpiredWholeSegmentsAreDeleted() throws IOException {
        StreamStore s =
                create(StoreConfig.builder("s").segmentBytes(4096).maxAge(Duration.ofMinutes(1)));
        fill(s, 200);
        s.sync();
        assertThat(logs().size()).isGreaterThan(3);
        assertThat(logs().get(0).getFileName().toString()).isEqualTo("00000000000000000001.log");
        clock.advance(Duration.ofSeconds(30));
        fill(s, 100);
        s.sync();
        int before = logs().size();
        clock.advance(Duration.ofSeconds(45));
        assertThat(s.expire()).isEqualTo(200);
        await().until(() -> logs().size() < before);
        assertThat(logs().get(0).getFileName().toString()).isNotEqualTo("00000000000000000001.log");
        long firstBase = Long.parseLong(logs().get(0).getFileName().toString().substring(0, 20));
        assertThat(firstBase).isLessThanOrEqualTo(201);
        clock.advance(Duration.ofMinutes(2));
        assertThat(s.expire()).isEqualTo(100);
        await().until(() -> logs().size() == 1);
        assertThat(logs().get(0).getFileName().toString()).isEqualTo("00000000000000000301.log");
        storage.close();
        storage = FileStorage.open(root, clock);
        StreamStore again = storage.open("s");
        assertThat(again.state().lastSequence()).isEqualTo(300);
        assertThat(again.state().messages()).isZero();
        assertThat(again.append("a", new byte[0], new byte[0], -1, null)).isEqualTo(301);
    }

    @Test
    void removalsInClosedSegments_surviveRestart() {
        StreamStore s = create(StoreConfig.builder("s").segmentBytes(4096));
        fill(s, 300);
        s.remove(5);
        s.remove(150);
        s.purge("sub", 3);
        storage.close();
        storage = FileStorage.open(root, clock);
        StreamStore again = storage.open("s");
        assertThat(again.get(5)).isNull();
        assertThat(again.get(150)).isNull();
        assertThat(again.get(2)).isNull();
        assertThat(again.get(4)).isNotNull();
        assertThat(again.state().messages()).isEqualTo(300 - 4);
        assertThat(again.state().firstSequence()).isEqualTo(3);
    }

    @Test
    void always_forcesBeforeTheListener() {
        AtomicLong forces = new AtomicLong();
        StreamStore s = createCountingForces(forces);
        for (int i = 0; i < 20; i++) {
            long before = forces.get();
            AtomicLong seen = new AtomicLong(-1);
            s.append("a", new byte[0], new byte[8], -1, (seq, err) -> seen.set(forces.get()));
            await().until(() -> seen.get() >= 0);
            assertThat(seen.get()).as("forces seen by listener %d", i).isGreaterThan(before);
        }
    }

    @Test
    void always_sparseAppends_withTheWriterIdle_areForcedAndAckedOnTheAppendingThread() {
        AtomicLong forces = new AtomicLong();
        StreamStore s = createCountingForces(forces);
        // The first append zero-fills the segment ahead of the records: the writer thread does it.
        List<String> first = new CopyOnWriteArrayList<>();
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> first.add(thread()));
        await().until(() -> first.size() == 1);
        assertThat(first).containsExactly("sb-store-s");
        awaitWriterParked();
        String self = thread();
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(1)); // a one-at-a-time publisher
            long before = forces.get();
            List<String> seen = new ArrayList<>();
            long seq =
                    s.append(
                            "a",
                            new byte[0],
                            new byte[8],
                            -1,
                            (q, e) ->
                                    seen.add(
                                            q
                                                    + " "
                                                    + (e == null)
                                                    + " "
                                                    + forces.get()
                                                    + " "
                                                    + thread()));
            assertThat(seen)
                    .as("append %d: acked before append returned, after its own force", i)
                    .containsExactly(seq + " true " + (before + 1) + " " + self);
        }
        storage.close();
        storage = FileStorage.open(root, clock);
        assertThat(storage.open("s").state().messages()).isEqualTo(21);
    }

    @Test
    void always_atItsLimit_aSparsePublisherCostsOneForceAndNoHandOffPerAppend() {
        AtomicLong forces = new AtomicLong();
        StreamStore s = createCountingForces(forces, StoreConfig.builder("s").maxMessages(5));
        List<String> first = new CopyOnWriteArrayList<>();
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> first.add(thread()));
        await().until(() -> first.size() == 1); // the writer zero-filled the segment
        await().until(((FileStreamStore) s)::writerIdle);
        long start = forces.get();
        for (int i = 2; i <= 30; i++) {
            clock.advance(Duration.ofMillis(1));
            List<Boolean> acked = new ArrayList<>();
            s.append("a", new byte[0], new byte[8], -1, (q, e) -> acked.add(e == null));
            assertThat(acked).as("append %d acked inline", i).containsExactly(true);
            assertThat(((FileStreamStore) s).writerIdle())
                    .as("append %d: its purge marker written inline too, nothing handed over", i)
                    .isTrue();
        }
        assertThat(forces.get() - start)
                .as("one force per append; the 25 purge markers ride along")
                .isEqualTo(29);
        assertThat(s.state().messages()).isEqualTo(5);
        storage.close(); // forces the last purge marker, which no message followed
        storage = FileStorage.open(root, clock);
        assertThat(storage.open("s").state().messages()).isEqualTo(5);
        assertThat(storage.open("s").state().firstSequence()).isEqualTo(26);
    }

    @Test
    void always_aRemovalThatNoMessageFollows_isForcedOnceTheMarkerPeriodHasPassed() {
        AtomicLong forces = new AtomicLong();
        StreamStore s = createCountingForces(forces);
        List<Long> durable = new CopyOnWriteArrayList<>();
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> durable.add(q));
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> durable.add(q));
        await().until(() -> durable.size() == 2);
        await().until(((FileStreamStore) s)::writerIdle);
        long before = forces.get();

        assertThat(s.remove(1)).isTrue(); // a work-queue ack, say; nothing is published after it
        clock.advance(Duration.ofNanos(SegmentWriter.MARKER_FORCE_NANOS - 1));
        await().during(Duration.ofMillis(50)).until(() -> forces.get() == before);
        clock.advance(Duration.ofNanos(1));

        await().until(() -> forces.get() == before + 1);
        storage.close();
        storage = FileStorage.open(root, clock);
        assertThat(storage.open("s").state().firstSequence()).isEqualTo(2);
    }

    @Test
    void aSegmentWhoseMessagesWereRemovedWhileItWasActive_isDeletedOnceRolled() {
        StreamStore s = create(StoreConfig.builder("s").segmentBytes(4096).maxMessages(1));
        for (int i = 0; i < 5; i++) { // about three records a segment; each append removes the last
            s.append("a", new byte[0], new byte[1200], -1, null);
        }
        s.sync();

        await().until(() -> logs().size() == 1);
        assertThat(s.state().messages()).isEqualTo(1);
    }

    @Test
    void always_afterAForceSlowerThanTheBound_appendsStayOnTheWriterThread() {
        // A slow disk, as the stream's clock sees it: every force takes 5 ms.
        storage = FileStorage.open(root, clock, ch -> clock.advance(Duration.ofMillis(5)));
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        List<String> completedOn = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            awaitWriterParked();
            clock.advance(Duration.ofMillis(1));
            s.append("a", new byte[0], new byte[8], -1, (q, e) -> completedOn.add(thread()));
            int n = i + 1;
            await().until(() -> completedOn.size() == n);
        }
        assertThat(completedOn).containsOnly("sb-store-s");
    }

    @Test
    void always_anAppendRightAfterAnInlineForce_goesToTheWriter() {
        // Each force takes 200 µs by the stream's clock: under the bound, so inline is allowed.
        storage = FileStorage.open(root, clock, ch -> clock.advance(Duration.ofNanos(200_000)));
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        List<String> completedOn = new CopyOnWriteArrayList<>();
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> completedOn.add(thread()));
        await().until(() -> completedOn.size() == 1); // zero-filled and forced by the writer
        awaitWriterParked();
        clock.advance(Duration.ofMillis(1));
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> completedOn.add(thread()));
        assertThat(completedOn).hasSize(2).last().isEqualTo(thread()); // sparse: inline
        // The clock moved 200 µs during that force, but a pipelining publisher's next record was
        // waiting meanwhile: dense, so it goes to the writer (else every record would get a force
        // of its own on the event loop).
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> completedOn.add(thread()));
        await().until(() -> completedOn.size() == 3);
        assertThat(completedOn).last().isEqualTo("sb-store-s");
    }

    @Test
    void always_afterABatchOfSeveralRecords_sparseAppendsGoToTheWriterUntilABatchOfOne() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forcesStarted = new AtomicInteger();
        storage =
                FileStorage.open(
                        root,
                        clock,
                        ch -> {
                            if (forcesStarted.incrementAndGet() == 1) {
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    throw new IOException(e);
                                }
                            }
                        });
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        List<String> completedOn = new CopyOnWriteArrayList<>();
        AppendListener record = (q, e) -> completedOn.add(thread());
        s.append("a", new byte[0], new byte[8], -1, record);
        await().until(() -> forcesStarted.get() == 1); // the writer holds record 1 in its force
        for (int i = 0; i < 3; i++) {
            s.append("a", new byte[0], new byte[8], -1, record); // a pipelining publisher
        }
        release.countDown(); // records 2-4 are the writer's next batch
        await().until(() -> completedOn.size() == 4);
        awaitWriterParked();
        clock.advance(Duration.ofMillis(1));
        s.append("a", new byte[0], new byte[8], -1, record); // sparse, after a batch of three
        await().until(() -> completedOn.size() == 5);
        assertThat(completedOn).last().isEqualTo("sb-store-s");
        awaitWriterParked();
        clock.advance(Duration.ofMillis(1));
        s.append("a", new byte[0], new byte[8], -1, record); // sparse, after a batch of one
        assertThat(completedOn).hasSize(6).last().isEqualTo(thread());
    }

    private static String thread() {
        return Thread.currentThread().getName();
    }

    @Test
    void never_doesNotForceOnAppend() {
        AtomicLong forces = new AtomicLong();
        storage = FileStorage.open(root, clock, ch -> forces.incrementAndGet());
        StreamStore s =
                storage.create(
                        StoreConfig.builder("s").fsync(FsyncPolicy.never()).build(), new byte[0]);
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            s.append("a", new byte[0], new byte[8], -1, (seq, err) -> done.incrementAndGet());
        }
        await().until(() -> done.get() == 50);
        assertThat(forces.get()).isZero();
        s.sync();
        assertThat(forces.get()).isEqualTo(1);
    }

    @Test
    void never_sparseAppends_withTheWriterIdle_areWrittenOnTheAppendingThread() {
        storage = FileStorage.open(root, clock);
        StreamStore s =
                storage.create(
                        StoreConfig.builder("s").fsync(FsyncPolicy.never()).build(), new byte[0]);
        awaitWriterParked();
        List<String> completedOn = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            clock.advance(Duration.ofMillis(1)); // sparse appends: a one-at-a-time publisher
            long seq =
                    s.append(
                            "a",
                            new byte[0],
                            new byte[] {(byte) i},
                            -1,
                            (q, err) ->
                                    completedOn.add(
                                            q
                                                    + ":"
                                                    + (err == null)
                                                    + ":"
                                                    + Thread.currentThread()));
            assertThat(completedOn)
                    .as("append %d completed before returning", n)
                    .hasSize(n + 1)
                    .last()
                    .isEqualTo(seq + ":true:" + Thread.currentThread());
        }
        // Back to back (the clock stands still), appends go to the writer thread to be batched.
        AtomicLong writerDone = new AtomicLong();
        s.append("a", new byte[0], new byte[] {100}, -1, (q, err) -> writerDone.set(q));
        s.append(
                "a",
                new byte[0],
                new byte[] {101},
                -1,
                (q, err) -> {
                    completedOn.add(Thread.currentThread().getName());
                    writerDone.set(q);
                });
        await().until(() -> writerDone.get() == 102);
        assertThat(completedOn).last().isEqualTo("sb-store-s");
        storage.close();
        storage = FileStorage.open(root, clock);
        StreamStore again = storage.open("s");
        assertThat(again.state().messages()).isEqualTo(102);
        assertThat(again.get(100).payload()).containsExactly(99);
        assertThat(again.get(102).payload()).containsExactly(101);
    }

    @Test
    void interval_concurrentAppenders_inlineAndThroughTheWriter_areToldInSequenceOrder()
            throws Exception {
        storage = FileStorage.open(root, clock);
        StreamStore s =
                storage.create(
                        StoreConfig.builder("s")
                                .fsync(FsyncPolicy.interval(Duration.ofMillis(5)))
                                .build(),
                        new byte[0]);
        List<Long> told = new CopyOnWriteArrayList<>();
        List<String> toldOn = new CopyOnWriteArrayList<>();
        AppendListener record =
                (q, err) -> {
                    told.add(err == null ? q : -q);
                    toldOn.add(Thread.currentThread().getName());
                };
        // One sparse append while the writer is idle: written inline, on this thread.
        awaitWriterParked();
        clock.advance(Duration.ofMillis(1));
        s.append("a", new byte[0], new byte[16], -1, record);
        assertThat(toldOn).containsExactly(Thread.currentThread().getName());
        // Then four threads. Half the appends move the clock by 25 µs: 8,000 gaps add up to
        // 100 ms, so some append comes less than 20 µs after its predecessor and goes through the
        // writer thread; others may find it idle and go inline.
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(
                    Thread.ofPlatform()
                            .name("appender-" + t)
                            .start(
                                    () -> {
                                        for (int i = 0; i < 2_000; i++) {
                                            if (i % 2 == 0) {
                                                clock.advance(Duration.ofNanos(25_000));
                                            }
                                            s.append("a", new byte[0], new byte[16], -1, record);
                                        }
                                    }));
        }
        for (Thread t : threads) {
            t.join();
        }
        await().until(() -> told.size() == 8_001);
        List<Long> expected = new ArrayList<>();
        for (long q = 1; q <= 8_001; q++) {
            expected.add(q);
        }
        assertThat(told).isEqualTo(expected);
        assertThat(toldOn).contains("sb-store-s");
    }

    @Test
    void switchingNeverToInterval_stillForcesInlineWrites_byTheInterval() {
        AtomicLong forces = new AtomicLong();
        storage = FileStorage.open(root, clock, ch -> forces.incrementAndGet());
        StreamStore s =
                storage.create(
                        StoreConfig.builder("s").fsync(FsyncPolicy.never()).build(), new byte[0]);
        awaitWriterParked();
        clock.advance(Duration.ofMillis(1));
        s.append("a", new byte[0], new byte[8], -1, null); // inline; the segment is now dirty
        s.update(s.config().toBuilder().fsync(FsyncPolicy.interval(Duration.ofMillis(5))).build());
        clock.advance(Duration.ofMillis(1));
        s.append("a", new byte[0], new byte[8], -1, null); // inline again: wakes the writer

        clock.advance(Duration.ofMillis(10));

        await().until(() -> forces.get() >= 1);
    }

    /** Waits until the writer thread of stream {@code s} waits for work (it is idle). */
    private static void awaitWriterParked() {
        await().until(
                        () ->
                                Thread.getAllStackTraces().keySet().stream()
                                        .filter(t -> t.getName().equals("sb-store-s"))
                                        .anyMatch(t -> t.getState() == Thread.State.WAITING));
    }

    @Test
    void interval_forcesWhenTheClockSaysSo() {
        AtomicLong forces = new AtomicLong();
        storage = FileStorage.open(root, clock, ch -> forces.incrementAndGet());
        StreamStore s =
                storage.create(
                        StoreConfig.builder("s")
                                .fsync(FsyncPolicy.interval(Duration.ofMillis(50)))
                                .build(),
                        new byte[0]);
        AtomicInteger done = new AtomicInteger();
        s.append("a", new byte[0], new byte[8], -1, (seq, err) -> done.incrementAndGet());
        await().until(() -> done.get() == 1);
        assertThat(forces.get()).isZero();
        clock.advance(Duration.ofMillis(60));
        await().until(() -> forces.get() == 1);
    }

    @Test
    void concurrentAppends_shareFsyncs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong forces = new AtomicLong();
        storage =
                FileStorage.open(
                        root,
                        clock,
                        ch -> {
                            try {
                                release.await(); // hold the first fsync until all appends are
                                // queued
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            ch.force(false);
                            forces.incrementAndGet();
                        });
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        List<Long> durable = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th =
                    new Thread(
                            () -> {
                                for (int i = 0; i < 500; i++) {
                                    s.append(
                                            "a",
                                            new byte[0],
                                            new byte[128],
                                            -1,
                                            (seq, err) -> durable.add(seq));
                                }
                            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        release.countDown();
        await().until(() -> durable.size() == 2000);
        assertThat(durable).isSorted();
        assertThat(forces.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void failedFsync_reportsTheErrorAndRefusesLaterAppends() {
        storage =
                FileStorage.open(
                        root,
                        clock,
                        ch -> {
                            throw new IOException("disk on fire");
                        });
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        s.append("a", new byte[0], new byte[8], -1, (seq, err) -> errors.add(err));
        await().until(() -> errors.size() == 1);
        assertThat(errors.get(0)).hasMessageContaining("disk on fire");
        StoreException e =
                org.assertj.core.api.Assertions.catchThrowableOfType(
                        StoreException.class,
                        () -> s.append("a", new byte[0], new byte[8], -1, null));
        assertThat(e.error()).isEqualTo(StoreError.IO);
    }
}
