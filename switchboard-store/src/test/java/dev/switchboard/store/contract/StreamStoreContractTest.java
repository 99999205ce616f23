package dev.switchboard.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.DiscardPolicy;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoreState;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.StreamStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link StorageBackend}, {@link StreamStore} and {@link
 * dev.switchboard.store.ConsumerStateStore}; every backend extends this with a factory. Time is a
 * {@link ManualClock}; durability callbacks are awaited with Awaitility.
 *
 * <p>Subclasses supply a new backend and a way to "restart" it ({@link #reopen}): close it and open
 * the same storage again (for the memory backend, the same instance).
 */
public abstract class StreamStoreContractTest {
    /** The clock every backend of a test uses. */
    protected ManualClock clock;

    /** The backend under test; replaced by {@link #restart}. */
    protected StorageBackend backend;

    /**
     * @param clock the clock to stamp and expire by
     * @return a new, empty backend
     */
    protected abstract StorageBackend newBackend(ManualClock clock);

    /**
     * Closes a backend and opens the same storage again.
     *
     * @param previous the backend (its streams may be open)
     * @param clock the clock
     * @return a backend over the same storage
     */
    protected abstract StorageBackend reopen(StorageBackend previous, ManualClock clock);

    @BeforeEach
    void setUpBackend() {
        clock = new ManualClock();
        backend = newBackend(clock);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    // ---- helpers ----

    /** Creates a stream named "s" with the given settings. */
    protected StreamStore create(Consumer<StoreConfig.Builder> settings) {
        StoreConfig.Builder b = StoreConfig.builder("s");
        settings.accept(b);
        return backend.create(b.build(), new byte[0]);
    }

    protected StreamStore create() {
        return create(b -> {});
    }

    protected static long append(StreamStore s, String subject, String payload) {
        return s.append(subject, new byte[0], utf8(payload), StreamStore.ANY_LAST_SEQUENCE, null);
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(StoredMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    /** Restarts the backend and opens stream "s" again. */
    protected StreamStore restart() {
        backend = reopen(backend, clock);
        return backend.open("s");
    }

    protected static List<Long> sequences(StreamStore s, long from) {
        List<Long> out = new ArrayList<>();
        s.scan(from, Integer.MAX_VALUE, null, m -> out.add(m.sequence()));
        return out;
    }

    protected static StoreError errorOf(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e.error();
        }
        throw new AssertionError("no StoreException");
    }

    // ---- StorageBackend ----

    @Test
    void create_returnsEmptyStream() {
        StreamStore s = create();
        StoreState st = s.state();
        assertThat(st).isEqualTo(new StoreState(0, 0, 1, 0, 0, 0, 0, 0));
        assertThat(s.config().name()).isEqualTo("s");
        assertThat(backend.names()).containsExactly("s");
    }

    @Test
    void create_existing_failsWithAlreadyExists() {
        create();
        assertThat(errorOf(() -> create())).isEqualTo(StoreError.ALREADY_EXISTS);
    }

    @Test
    void open_missing_failsWithNotFound() {
        assertThat(errorOf(() -> backend.open("nope"))).isEqualTo(StoreError.NOT_FOUND);
    }

    @Test
    void open_whileOpen_returnsTheOpenStream() {
        StreamStore s = create();
        append(s, "a", "1");
        assertThat(backend.open("s").get(1)).isNotNull();
    }

    @Test
    void names_areSorted() {
        backend.create(StoreConfig.builder("b").build(), new byte[0]);
        backend.create(StoreConfig.builder("a").build(), new byte[0]);
        backend.create(StoreConfig.builder("c").build(), new byte[0]);
        assertThat(backend.names()).containsExactly("a", "b", "c");
    }

    @Test
    void delete_removesStreamAndClosesIt() {
        StreamStore s = create();
        append(s, "a", "1");
        s.consumers().save("c1", utf8("x"));
        assertThat(backend.delete("s")).isTrue();
        assertThat(backend.delete("s")).isFalse();
        assertThat(backend.names()).isEmpty();
        assertThat(errorOf(() -> append(s, "a", "2"))).isEqualTo(StoreError.CLOSED);
        assertThat(errorOf(() -> backend.open("s"))).isEqualTo(StoreError.NOT_FOUND);
        StreamStore again = create();
        assertThat(again.state().lastSequence()).isZero();
        assertThat(again.consumers().names()).isEmpty();
    }

    @Test
    void close_isIdempotentAndRefusesAppends() {
        StreamStore s = create();
        s.close();
        s.close();
        assertThat(errorOf(() -> append(s, "a", "1"))).isEqualTo(StoreError.CLOSED);
    }

    // ---- appends and sequences ----

    @Test
    void append_assignsGapFreeSequencesAndStampsWithTheClock() {
        StreamStore s = create();
        assertThat(append(s, "a", "1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.append("b", utf8("h"), utf8("2"), StreamStore.ANY_LAST_SEQUENCE, null))
                .isEqualTo(2);
        StoredMessage m = s.get(2);
        assertThat(m.subject()).isEqualTo("b");
        assertThat(m.headers()).isEqualTo(utf8("h"));
        assertThat(text(m)).isEqualTo("2");
        long t0 = s.get(1).timestampNanos();
        assertThat(m.timestampNanos() - t0).isEqualTo(1_000_000_000L);
        assertThat(t0).isEqualTo(clock.instant().minusSeconds(1).getEpochSecond() * 1_000_000_000L);
        StoreState st = s.state();
        assertThat(st.messages()).isEqualTo(2);
        assertThat(st.firstSequence()).isEqualTo(1);
        assertThat(st.lastSequence()).isEqualTo(2);
        assertThat(st.bytes())
                .isEqualTo(
                        StoreConfig.accountedBytes(1, 0, 1) + StoreConfig.accountedBytes(1, 1, 1));
        assertThat(st.firstTimestampNanos()).isEqualTo(t0);
        assertThat(st.lastTimestampNanos()).isEqualTo(m.timestampNanos());
        assertThat(st.subjects()).isEqualTo(2);
    }

    @Test
    void append_expectedLastSequence() {
        StreamStore s = create();
        AtomicInteger calls = new AtomicInteger();
        AppendListener l = (seq, err) -> calls.incrementAndGet();
        assertThat(s.append("a", new byte[0], utf8("1"), 0, l)).isEqualTo(1);
        assertThat(errorOf(() -> s.append("a", new byte[0], utf8("x"), 0, l)))
                .isEqualTo(StoreError.WRONG_LAST_SEQUENCE);
        assertThat(errorOf(() -> s.append("a", new byte[0], utf8("x"), 5, l)))
                .isEqualTo(StoreError.WRONG_LAST_SEQUENCE);
        assertThat(s.append("a", new byte[0], utf8("2"), 1, l)).isEqualTo(2);
        s.sync();
        await().until(() -> calls.get() == 2);
        assertThat(s.state().messages()).isEqualTo(2);
    }

    @Test
    void append_badInput() {
        StreamStore s = create();
        assertThatThrownBy(() -> s.append(null, new byte[0], new byte[0], -1, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> s.append("", new byte[0], new byte[0], -1, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.append("a", null, new byte[0], -1, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> s.append("a", new byte[0], null, -1, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> s.append("a", new byte[0], new byte[0], -2, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(s.state().lastSequence()).isZero();
    }

    @Test
    void listeners_calledOnceEachInSequenceOrder() {
        StreamStore s = create();
        List<Long> seen = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AppendListener l =
                (seq, err) -> {
                    seen.add(seq);
                    if (err != null) {
                        errors.add(err);
                    }
                };
        for (int i = 0; i < 100; i++) {
            s.append("a", new byte[0], utf8("m" + i), StreamStore.ANY_LAST_SEQUENCE, l);
        }
        await().until(() -> seen.size() == 100);
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(errors).isEmpty();
    }

    @Test
    void concurrentAppenders_getUniqueGapFreeSequences() throws Exception {
        StreamStore s = create();
        int threads = 4;
        int each = 2_000;
        Set<Long> assigned = ConcurrentHashMap.newKeySet();
        List<Long> durable = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th =
                    new Thread(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    return;
                                }
                                for (int i = 0; i < each; i++) {
                                    assigned.add(
                                            s.append(
                                                    "t" + id,
                                                    new byte[0],
                                                    utf8(id + ":" + i),
                                                    StreamStore.ANY_LAST_SEQUENCE,
                                                    (seq, err) -> durable.add(seq)));
                                }
                            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertThat(assigned).hasSize(threads * each);
        assertThat(assigned.stream().mapToLong(Long::longValue).max().orElse(0))
                .isEqualTo(threads * each);
        await().until(() -> durable.size() == threads * each);
        assertThat(durable).isSorted().doesNotHaveDuplicates();
        // Each appender's messages are in its own order.
        for (int t = 0; t < threads; t++) {
            List<String> mine = new ArrayList<>();
            s.scan(1, Integer.MAX_VALUE, ("t" + t)::equals, m -> mine.add(text(m)));
            assertThat(mine).hasSize(each);
            for (int i = 0; i < each; i++) {
                assertThat(mine.get(i)).isEqualTo(t + ":" + i);
            }
        }
    }

    // ---- limits ----

    @Test
    void maxMessages_discardOld_removesOldest() {
        StreamStore s = create(b -> b.maxMessages(3));
        for (int i = 1; i <= 5; i++) {
            append(s, "a", "m" + i);
        }
        assertThat(sequences(s, 1)).containsExactly(3L, 4L, 5L);
        assertThat(s.state().firstSequence()).isEqualTo(3);
        assertThat(s.get(1)).isNull();
    }

    @Test
    void maxMessages_discardNew_refusesWithStreamFull() {
        StreamStore s = create(b -> b.maxMessages(2).discard(DiscardPolicy.NEW));
        append(s, "a", "1");
        append(s, "a", "2");
        AtomicInteger calls = new AtomicInteger();
        assertThat(
                        errorOf(
                                () ->
                                        s.append(
                                                "a",
                                                new byte[0],
                                                utf8("3"),
                                                -1,
                                                (q, e) -> calls.incrementAndGet())))
                .isEqualTo(StoreError.STREAM_FULL);
        assertThat(s.state().lastSequence()).isEqualTo(2);
        s.sync();
        assertThat(calls.get()).isZero();
        s.remove(1);
        assertThat(append(s, "a", "3")).isEqualTo(3);
    }

    @Test
    void maxBytes_bothPolicies() {
        long one = StoreConfig.accountedBytes(1, 0, 10);
        StreamStore s = create(b -> b.maxBytes(one * 2));
        for (int i = 0; i < 4; i++) {
            append(s, "a", "0123456789");
        }
        assertThat(s.state().messages()).isEqualTo(2);
        assertThat(s.state().bytes()).isEqualTo(one * 2);
        s.update(s.config().toBuilder().discard(DiscardPolicy.NEW).build());
        assertThat(errorOf(() -> append(s, "a", "0123456789"))).isEqualTo(StoreError.STREAM_FULL);
        assertThat(s.remove(s.state().firstSequence())).isTrue();
        assertThat(append(s, "a", "0123456789")).isEqualTo(5);
    }

    @Test
    void maxMessageBytes_refusesLargerMessages() {
        long limit = StoreConfig.accountedBytes(1, 0, 4);
        StreamStore s = create(b -> b.maxMessageBytes(limit));
        assertThat(append(s, "a", "1234")).isEqualTo(1);
        assertThat(errorOf(() -> append(s, "a", "12345"))).isEqualTo(StoreError.MESSAGE_TOO_LARGE);
        assertThat(s.state().lastSequence()).isEqualTo(1);
    }

    @Test
    void maxMessagesPerSubject_one_keepsLastValue() {
        StreamStore s = create(b -> b.maxMessagesPerSubject(1));
        append(s, "k.a", "a1");
        append(s, "k.b", "b1");
        append(s, "k.a", "a2");
        append(s, "k.a", "a3");
        assertThat(sequences(s, 1)).containsExactly(2L, 4L);
        assertThat(text(s.lastBySubject("k.a"))).isEqualTo("a3");
        assertThat(text(s.lastBySubject("k.b"))).isEqualTo("b1");
        assertThat(s.lastBySubject("k.c")).isNull();
        assertThat(s.state().subjects()).isEqualTo(2);
        assertThat(s.state().deleted()).isEqualTo(1); // 3; 1 is below the first held
    }

    @Test
    void maxMessagesPerSubject_withDiscardNew_replacesInsteadOfRefusing() {
        StreamStore s =
                create(b -> b.maxMessagesPerSubject(2).maxMessages(2).discard(DiscardPolicy.NEW));
        append(s, "a", "1");
        append(s, "a", "2");
        assertThat(append(s, "a", "3")).isEqualTo(3);
        assertThat(sequences(s, 1)).containsExactly(2L, 3L);
        assertThat(errorOf(() -> append(s, "b", "x"))).isEqualTo(StoreError.STREAM_FULL);
    }

    @Test
    void maxAge_expiresByTheClock() {
        StreamStore s = create(b -> b.maxAge(Duration.ofMinutes(1)));
        append(s, "a", "1");
        clock.advance(Duration.ofSeconds(30));
        append(s, "a", "2");
        assertThat(s.expire()).isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(s.expire()).isEqualTo(1);
        assertThat(sequences(s, 1)).containsExactly(2L);
        clock.advance(Duration.ofMinutes(5));
        assertThat(s.expire()).isEqualTo(1);
        assertThat(s.state().messages()).isZero();
        assertThat(s.state().firstSequence()).isEqualTo(3);
        assertThat(s.state().lastSequence()).isEqualTo(2);
    }

    @Test
    void update_tightensLimitsAtOnce_andKeepsTheName() {
        StreamStore s = create();
        for (int i = 0; i < 10; i++) {
            append(s, i % 2 == 0 ? "even" : "odd", "m" + i);
        }
        s.update(s.config().toBuilder().maxMessagesPerSubject(3).build());
        assertThat(sequences(s, 1)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        s.update(s.config().toBuilder().maxMessages(2).build());
        assertThat(sequences(s, 1)).containsExactly(9L, 10L);
        assertThat(s.config().maxMessages()).isEqualTo(2);
        assertThat(errorOf(() -> s.update(StoreConfig.builder("other").build())))
                .isEqualTo(StoreError.INVALID_CONFIG);
        StreamStore again = restart();
        assertThat(again.config().maxMessages()).isEqualTo(2);
        assertThat(again.config().maxMessagesPerSubject()).isEqualTo(3);
        assertThat(sequences(again, 1)).containsExactly(9L, 10L);
    }

    // ---- removal ----

    @Test
    void remove_oneMessage() {
        StreamStore s = create();
        for (int i = 1; i <= 4; i++) {
            append(s, "a", "m" + i);
        }
        assertThat(s.remove(2)).isTrue();
        assertThat(s.remove(2)).isFalse();
        assertThat(s.remove(99)).isFalse();
        assertThat(s.get(2)).isNull();
        assertThat(sequences(s, 1)).containsExactly(1L, 3L, 4L);
        assertThat(s.state().deleted()).isEqualTo(1);
        assertThat(s.remove(1)).isTrue();
        assertThat(s.state().firstSequence()).isEqualTo(3);
        assertThat(s.state().deleted()).isZero();
    }

    @Test
    void purge_all_subject_andUpTo() {
        StreamStore s = create();
        for (int i = 1; i <= 10; i++) {
            append(s, i % 2 == 0 ? "even" : "odd", "m" + i);
        }
        assertThat(s.purge("even", 7)).isEqualTo(3); // 2, 4, 6
        assertThat(sequences(s, 1)).containsExactly(1L, 3L, 5L, 7L, 8L, 9L, 10L);
        assertThat(s.purge(null, 5)).isEqualTo(2); // 1, 3
        assertThat(sequences(s, 1)).containsExactly(5L, 7L, 8L, 9L, 10L);
        assertThat(s.purge("none", Long.MAX_VALUE)).isZero();
        assertThat(s.purge("odd", Long.MAX_VALUE)).isEqualTo(3);
        assertThat(s.purge(null, Long.MAX_VALUE)).isEqualTo(2);
        StoreState st = s.state();
        assertThat(st.messages()).isZero();
        assertThat(st.lastSequence()).isEqualTo(10);
        assertThat(st.firstSequence()).isEqualTo(11);
        assertThat(append(s, "a", "x")).isEqualTo(11);
    }

    // ---- reads ----

    @Test
    void next_andScan_withFilters() {
        StreamStore s = create();
        for (int i = 1; i <= 6; i++) {
            append(s, i <= 3 ? "x.a" : "x.b", "m" + i);
        }
        assertThat(s.next(1, "x.b"::equals).sequence()).isEqualTo(4);
        assertThat(s.next(5, null).sequence()).isEqualTo(5);
        assertThat(s.next(7, null)).isNull();
        assertThat(s.next(1, "y"::equals)).isNull();
        s.remove(5);
        assertThat(s.next(5, null).sequence()).isEqualTo(6);
        List<Long> got = new ArrayList<>();
        assertThat(s.scan(2, 2, null, m -> got.add(m.sequence()))).isEqualTo(2);
        assertThat(got).containsExactly(2L, 3L);
        got.clear();
        assertThat(s.scan(0, 10, subject -> subject.endsWith("b"), m -> got.add(m.sequence())))
                .isEqualTo(2);
        assertThat(got).containsExactly(4L, 6L);
        assertThat(s.scan(1, 0, null, m -> got.add(0L))).isZero();
    }

    @Test
    void scan_manyMessages_returnsAllInOrderWithContent() {
        StreamStore s = create(b -> b.segmentBytes(4096));
        for (int i = 1; i <= 3000; i++) {
            append(s, "s." + (i % 7), "payload-" + i);
        }
        s.sync();
        List<StoredMessage> all = new ArrayList<>();
        assertThat(s.scan(1, Integer.MAX_VALUE, null, all::add)).isEqualTo(3000);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).sequence()).isEqualTo(i + 1);
            assertThat(text(all.get(i))).isEqualTo("payload-" + (i + 1));
            assertThat(all.get(i).subject()).isEqualTo("s." + ((i + 1) % 7));
        }
        assertThat(text(s.get(1234))).isEqualTo("payload-1234");
    }

    @Test
    void sequenceAtOrAfter_findsByTime() {
        StreamStore s = create();
        long t0 = s.append("a", new byte[0], new byte[0], -1, null);
        assertThat(t0).isEqualTo(1);
        long ts1 = s.get(1).timestampNanos();
        clock.advance(Duration.ofSeconds(10));
        append(s, "a", "2");
        clock.advance(Duration.ofSeconds(10));
        append(s, "a", "3");
        assertThat(s.sequenceAtOrAfter(0)).isEqualTo(1);
        assertThat(s.sequenceAtOrAfter(ts1)).isEqualTo(1);
        assertThat(s.sequenceAtOrAfter(ts1 + 1)).isEqualTo(2);
        assertThat(s.sequenceAtOrAfter(ts1 + 10_000_000_000L)).isEqualTo(2);
        assertThat(s.sequenceAtOrAfter(ts1 + 15_000_000_000L)).isEqualTo(3);
        assertThat(s.sequenceAtOrAfter(ts1 + 25_000_000_000L)).isEqualTo(4);
        s.remove(2);
        assertThat(s.sequenceAtOrAfter(ts1 + 1)).isEqualTo(3);
    }

    @Test
    void lastSequencesBySubject_withFilter() {
        StreamStore s = create();
        append(s, "a", "1");
        append(s, "b", "2");
        append(s, "a", "3");
        append(s, "c", "4");
        assertThat(s.lastSequencesBySubject(null)).containsExactly(2, 3, 4);
        assertThat(s.lastSequencesBySubject(x -> !x.equals("b"))).containsExactly(3, 4);
        s.remove(3);
        assertThat(s.lastSequencesBySubject(null)).containsExactly(1, 2, 4);
        assertThat(s.lastBySubject("a").sequence()).isEqualTo(1);
    }

    // ---- metadata and consumers ----

    @Test
    void metadata_savedAndReplacedAndKeptOverRestart() {
        StreamStore s = backend.create(StoreConfig.builder("s").build(), utf8("v1"));
        assertThat(s.metadata()).isEqualTo(utf8("v1"));
        s.metadata(utf8("v2"));
        assertThat(s.metadata()).isEqualTo(utf8("v2"));
        assertThat(restart().metadata()).isEqualTo(utf8("v2"));
    }

    @Test
    void consumers_saveLoadDeleteNames() {
        StreamStore s = create();
        var c = s.consumers();
        assertThat(c.load("w1")).isNull();
        assertThat(c.names()).isEmpty();
        c.save("w2", utf8("b"));
        c.save("w1", utf8("a"));
        c.save("w1", utf8("a2"));
        assertThat(c.load("w1")).isEqualTo(utf8("a2"));
        assertThat(c.names()).containsExactly("w1", "w2");
        assertThat(c.delete("w2")).isTrue();
        assertThat(c.delete("w2")).isFalse();
        assertThat(c.names()).containsExactly("w1");
        assertThatThrownBy(() -> c.save("bad name", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(restart().consumers().load("w1")).isEqualTo(utf8("a2"));
        assertThat(backend.open("s").consumers().names()).containsExactly("w1");
    }

    // ---- restart ----

    @Test
    void restart_keepsMessagesRemovalsAndState() {
        StreamStore s = create(b -> b.maxMessagesPerSubject(2));
        for (int i = 1; i <= 20; i++) {
            clock.advance(Duration.ofMillis(1));
            s.append("s." + (i % 3), utf8("h" + i), utf8("m" + i), -1, null);
        }
        s.remove(19);
        s.purge("s.0", 16);
        StoreState before = s.state();
        List<StoredMessage> all = new ArrayList<>();
        s.scan(1, 100, null, all::add);
        long[] lasts = s.lastSequencesBySubject(null);

        StreamStore again = restart();
        assertThat(again.state()).isEqualTo(before);
        List<StoredMessage> after = new ArrayList<>();
        again.scan(1, 100, null, after::add);
        assertThat(after).usingRecursiveFieldByFieldElementComparator().isEqualTo(all);
        assertThat(again.lastSequencesBySubject(null)).isEqualTo(lasts);
        assertThat(append(again, "s.1", "next")).isEqualTo(21);
        assertThat(again.state().messages()).isEqualTo(before.messages() + 1); // s.1 held one
    }

    @Test
    void restart_afterFullPurge_keepsLastSequence() {
        StreamStore s = create();
        for (int i = 0; i < 5; i++) {
            append(s, "a", "m");
        }
        s.purge(null, Long.MAX_VALUE);
        StreamStore again = restart();
        assertThat(again.state().lastSequence()).isEqualTo(5);
        assertThat(again.state().firstSequence()).isEqualTo(6);
        assertThat(again.state().messages()).isZero();
        assertThat(append(again, "a", "x")).isEqualTo(6);
    }

    @Test
    void sync_returnsWhenDurable() {
        StreamStore s = create();
        AtomicInteger calls = new AtomicInteger();
        s.append("a", new byte[0], new byte[0], -1, (q, e) -> calls.incrementAndGet());
        s.sync();
        await().until(() -> calls.get() == 1);
    }
}
