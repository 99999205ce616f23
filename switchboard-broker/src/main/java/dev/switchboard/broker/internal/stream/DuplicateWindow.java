package dev.switchboard.broker.internal.stream;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message ids a stream stored within its duplicate window, oldest first, so a retried publish
 * ({@code Sb-Msg-Id}) is stored once. Entries leave when they are older than the window. Rebuilt on
 * start from the stored messages of the last window (their headers carry the ids).
 *
 * <p>Not thread-safe: the stream's append lock guards it.
 */
final class DuplicateWindow {
    private record Entry(long seq, long timeNanos) {}

    /**
     * The most ids remembered per stream (about 100 bytes each): past it the oldest are forgotten
     * before their window ends, and a retry of one of those would be stored again.
     */
    static final int MAX_IDS = 1_000_000;

    private final LinkedHashMap<String, Entry> ids = new LinkedHashMap<>();
    private long evictedEarly;
    private long windowNanos;

    /**
     * @param windowMs the window in milliseconds; -1 disables
     */
    DuplicateWindow(long windowMs) {
        window(windowMs);
    }

    void window(long windowMs) {
        this.windowNanos = windowMs < 0 ? -1 : windowMs * 1_000_000L;
        if (windowNanos < 0) {
            ids.clear();
        }
    }

    /**
     * @param id a message id
     * @param nowNanos the time, epoch nanoseconds
     * @return the sequence it was stored under within the window, or -1
     */
    long find(String id, long nowNanos) {
        if (windowNanos < 0) {
            return -1;
        }
        evict(nowNanos);
        Entry e = ids.get(id);
        return e == null ? -1 : e.seq;
    }

    /**
     * @param id a stored message's id
     * @param seq its sequence
     * @param timeNanos when it was stored, epoch nanoseconds
     */
    void put(String id, long seq, long timeNanos) {
        if (windowNanos >= 0) {
            ids.put(id, new Entry(seq, timeNanos));
            if (ids.size() > MAX_IDS) {
                // Bounded memory whatever the publish rate: the oldest ids leave early.
                Iterator<Map.Entry<String, Entry>> it = ids.entrySet().iterator();
                it.next();
                it.remove();
                evictedEarly++;
            }
        }
    }

    /**
     * Forgets an id whose message was not stored after all (its write failed).
     *
     * @param id the id
     * @param seq the sequence it was put with (a later put of the same id is kept)
     */
    void forget(String id, long seq) {
        Entry e = ids.get(id);
        if (e != null && e.seq == seq) {
            ids.remove(id);
        }
    }

    /**
     * @return ids forgotten before their window ended because {@link #MAX_IDS} were held
     */
    long evictedEarly() {
        return evictedEarly;
    }

    /**
     * @return how many ids are remembered
     */
    int size() {
        return ids.size();
    }

    private void evict(long nowNanos) {
        Iterator<Map.Entry<String, Entry>> it = ids.entrySet().iterator();
        while (it.hasNext()) {
            if (nowNanos - it.next().getValue().timeNanos > windowNanos) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** For tests: a copy of the ids and sequences. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new HashMap<>();
        ids.forEach((k, v) -> m.put(k, v.seq));
        return m;
    }
}
