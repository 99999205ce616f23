package dev.switchboard.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment's file channel is shared by the writer and every reader, and an interrupt during
 * channel I/O closes it for all of them. Only the interrupted thread's own read may fail; writes,
 * forces and other reads go on, on a reopened channel.
 */
class SharedChannelInterruptTest {
    @TempDir Path root;
    private final ManualClock clock = new ManualClock();
    private FileStorage storage;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    /** Reads message {@code seq} on a thread interrupted first, and returns what it threw. */
    private static StoreException readInterrupted(StreamStore s, long seq) throws Exception {
        AtomicReference<StoreException> thrown = new AtomicReference<>();
        Thread t =
                new Thread(
                        () -> {
                            Thread.currentThread().interrupt();
                            thrown.set(
                                    catchThrowableOfType(StoreException.class, () -> s.get(seq)));
                        });
        t.start();
        t.join();
        return thrown.get();
    }

    @Test
    void anInterruptedReader_closingTheChannelDuringTheWritersForce_doesNotFailTheStream() {
        AtomicReference<StreamStore> store = new AtomicReference<>();
        AtomicBoolean closeNext = new AtomicBoolean();
        List<StoreException> readerErrors = new CopyOnWriteArrayList<>();
        storage =
                FileStorage.open(
                        root,
                        clock,
                        ch -> {
                            if (closeNext.getAndSet(false)) {
                                try {
                                    readerErrors.add(readInterrupted(store.get(), 1));
                                } catch (Exception e) {
                                    throw new AssertionError(e);
                                }
                            }
                            ch.force(false);
                        });
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        store.set(s);
        List<Throwable> acks = new CopyOnWriteArrayList<>();
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> acks.add(e));
        await().until(() -> acks.size() == 1);
        closeNext.set(true);
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> acks.add(e));
        await().until(() -> acks.size() == 2);

        assertThat(readerErrors).hasSize(1);
        assertThat(readerErrors.get(0).error()).isEqualTo(StoreError.IO);
        assertThat(readerErrors.get(0)).hasCauseInstanceOf(ClosedByInterruptException.class);
        assertThat(acks).as("both appends acknowledged without error").containsOnlyNulls();
        assertThat(s.append("a", new byte[0], new byte[8], -1, null)).isEqualTo(3);
        storage.close();
        storage = FileStorage.open(root, clock);
        assertThat(storage.open("s").state().messages()).isEqualTo(3);
    }

    @Test
    void anInlineAppenderInterruptedDuringItsForce_isAckedAndKeepsItsInterrupt() {
        AtomicBoolean interruptNext = new AtomicBoolean();
        List<Integer> forcesOk = new ArrayList<>();
        storage =
                FileStorage.open(
                        root,
                        clock,
                        ch -> {
                            if (interruptNext.getAndSet(false)) {
                                Thread.currentThread().interrupt(); // arrives during the force
                            }
                            ch.force(false);
                            forcesOk.add(1);
                        });
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        List<String> acks = new CopyOnWriteArrayList<>();
        s.append("a", new byte[0], new byte[8], -1, (q, e) -> acks.add(q + " " + e));
        await().until(() -> acks.size() == 1); // the writer thread zero-filled the segment
        await().until(((FileStreamStore) s)::writerIdle);
        clock.advance(Duration.ofMillis(1)); // sparse: this thread writes and forces it itself
        interruptNext.set(true);
        List<String> self = new ArrayList<>();
        long seq =
                s.append(
                        "a",
                        new byte[0],
                        new byte[8],
                        -1,
                        (q, e) -> self.add(q + " " + e + " " + Thread.currentThread().getName()));

        assertThat(Thread.interrupted()).as("the interrupt is kept (and cleared here)").isTrue();
        assertThat(self)
                .as("acked on this thread, without error, once forced on a reopened channel")
                .containsExactly(seq + " null " + Thread.currentThread().getName());
        assertThat(forcesOk).hasSize(2);
        assertThat(s.append("a", new byte[0], new byte[8], -1, null)).isEqualTo(3);
        storage.close();
        storage = FileStorage.open(root, clock);
        assertThat(storage.open("s").state().messages()).isEqualTo(3);
    }

    @Test
    void aScan_goesOnAfterAnotherReadersInterruptClosesTheChannel() throws Exception {
        storage = FileStorage.open(root, clock);
        StreamStore s = storage.create(StoreConfig.builder("s").build(), new byte[0]);
        int n = 4000; // ~1 MB in one segment: the scan reads it in several chunks
        for (int i = 0; i < n; i++) {
            s.append("a", new byte[0], new byte[200], -1, null);
        }
        s.sync();
        List<Long> seen = new ArrayList<>();
        List<StoreException> readerErrors = new ArrayList<>();
        int got =
                s.scan(
                        1,
                        n,
                        null,
                        m -> {
                            seen.add(m.sequence());
                            if (m.sequence() == 1) {
                                try {
                                    readerErrors.add(readInterrupted(s, n));
                                } catch (Exception e) {
                                    throw new AssertionError(e);
                                }
                            }
                        });

        assertThat(readerErrors).hasSize(1);
        assertThat(readerErrors.get(0)).hasCauseInstanceOf(ClosedByInterruptException.class);
        assertThat(got).isEqualTo(n);
        assertThat(seen).hasSize(n).isSorted().doesNotHaveDuplicates();
        assertThat(seen.get(n - 1)).isEqualTo(n);
    }
}
