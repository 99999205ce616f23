package dev.switchboard.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToLongFunction;

/**
 * Entries keyed by an increasing id, as acknowledged publishes are: each lives in the slot its id
 * picks in a fixed array, so the publishing thread and the I/O thread that removes it share no
 * counter and hash nothing (a concurrent map's size counter was contended by exactly those two). An
 * entry whose slot is still taken (more than {@link #SLOTS} outstanding) goes to a map.
 *
 * <p>Thread-safe. The slot array is allocated on the first {@link #put}.
 *
 * @param <T> the entry type; {@code id} reads its key
 */
final class PendingSlots<T> {
    static final int SLOTS = 8192;
    private static final int MASK = SLOTS - 1;

    private final ToLongFunction<T> id;
    private volatile AtomicReferenceArray<T> slots;
    private final ConcurrentHashMap<Long, T> overflow = new ConcurrentHashMap<>();

    PendingSlots(ToLongFunction<T> id) {
        this.id = id;
    }

    private AtomicReferenceArray<T> slots() {
        AtomicReferenceArray<T> s = slots;
        if (s == null) {
            synchronized (this) {
                s = slots;
                if (s == null) {
                    s = new AtomicReferenceArray<>(SLOTS);
                    slots = s;
                }
            }
        }
        return s;
    }

    void put(T entry) {
        long key = id.applyAsLong(entry);
        if (!slots().compareAndSet((int) (key & MASK), null, entry)) {
            overflow.put(key, entry);
        }
    }

    /**
     * @return the entry with this id, or {@code null}
     */
    T get(long key) {
        AtomicReferenceArray<T> s = slots;
        if (s != null) {
            T e = s.get((int) (key & MASK));
            if (e != null && id.applyAsLong(e) == key) {
                return e;
            }
        }
        return overflow.isEmpty() ? null : overflow.get(key);
    }

    /**
     * @return whether this call removed the entry (false if someone else did, or it was never in)
     */
    boolean remove(T entry) {
        long key = id.applyAsLong(entry);
        AtomicReferenceArray<T> s = slots;
        int i = (int) (key & MASK);
        if (s != null && s.get(i) == entry) {
            return s.compareAndSet(i, entry, null);
        }
        return overflow.remove(key, entry);
    }

    /**
     * @return a snapshot of the entries (a full scan: for failing everything and for messages)
     */
    List<T> snapshot() {
        List<T> out = new ArrayList<>();
        AtomicReferenceArray<T> s = slots;
        if (s != null) {
            for (int i = 0; i < SLOTS; i++) {
                T e = s.get(i);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        out.addAll(overflow.values());
        return out;
    }

    /**
     * @return how many entries are held (a full scan)
     */
    int size() {
        int n = overflow.size();
        AtomicReferenceArray<T> s = slots;
        if (s != null) {
            for (int i = 0; i < SLOTS; i++) {
                if (s.get(i) != null) {
                    n++;
                }
            }
        }
        return n;
    }
}
