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

    private final LinkedHashMap<String, Entry> ids = new LinkedHashMap<>();
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
        }
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
