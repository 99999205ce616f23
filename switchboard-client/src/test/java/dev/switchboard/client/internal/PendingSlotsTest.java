package dev.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingSlotsTest {
    private record Entry(long id) {}

    @Test
    void putGetRemove_inSlotsAndInTheOverflow() {
        PendingSlots<Entry> p = new PendingSlots<>(Entry::id);
        assertThat(p.get(1)).isNull();
        Entry a = new Entry(1);
        Entry clash = new Entry(1 + PendingSlots.SLOTS); // same slot while a is outstanding
        p.put(a);
        p.put(clash);
        assertThat(p.get(1)).isSameAs(a);
        assertThat(p.get(1 + PendingSlots.SLOTS)).isSameAs(clash);
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.remove(clash)).isTrue();
        assertThat(p.remove(clash)).as("only once").isFalse();
        assertThat(p.remove(new Entry(1))).as("an equal but other entry").isFalse();
        assertThat(p.remove(a)).isTrue();
        assertThat(p.get(1)).isNull();
        assertThat(p.snapshot()).isEmpty();
    }

    @Test
    void manyMoreOutstandingThanSlots_allFoundAndRemovedOnce() {
        PendingSlots<Entry> p = new PendingSlots<>(Entry::id);
        int n = 3 * PendingSlots.SLOTS + 17;
        List<Entry> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Entry e = new Entry(i);
            all.add(e);
            p.put(e);
        }
        assertThat(p.size()).isEqualTo(n);
        for (Entry e : all) {
            assertThat(p.get(e.id())).isSameAs(e);
        }
        for (Entry e : all) {
            assertThat(p.remove(e)).isTrue();
        }
        assertThat(p.size()).isZero();
    }

    @Test
    void concurrentRemovers_endEachEntryExactlyOnce() throws Exception {
        PendingSlots<Entry> p = new PendingSlots<>(Entry::id);
        int n = 50_000;
        List<Entry> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Entry e = new Entry(i);
            all.add(e);
            p.put(e);
        }
        AtomicInteger ended = new AtomicInteger();
        List<CompletableFuture<Void>> removers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            removers.add(
                    CompletableFuture.runAsync(
                            () -> {
                                for (Entry e : all) {
                                    if (p.remove(e)) {
                                        ended.incrementAndGet();
                                    }
                                }
                            }));
        }
        CompletableFuture.allOf(removers.toArray(CompletableFuture[]::new)).join();
        assertThat(ended.get()).isEqualTo(n);
        assertThat(p.size()).isZero();
    }
}
