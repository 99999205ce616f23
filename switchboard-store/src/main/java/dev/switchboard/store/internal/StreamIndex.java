package dev.switchboard.store.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The in-memory bookkeeping of one stream, shared by every backend: for each sequence from the
 * oldest held one to the newest appended, its timestamp, subject and accounted size, plus per
 * subject the count and the first and last held sequences.
 *
 * <h2>Design note</h2>
 *
 * <pre>
 *   base                first                                  last
 *    |                    |                                      |
 *    v                    v                                      v
 *   [ dead | dead | ... | held | held | dead | held | ... | held ]   parallel arrays:
 *                                                                    ts[], subject[], size[], ref[]
 * </pre>
 *
 * Slot {@code i} describes sequence {@code base + i}. A removed message keeps its timestamp (so the
 * timestamps stay sorted and {@link #sequenceAtOrAfter} can binary-search) and gets subject id
 * {@code -1}. When the dead prefix grows past half the arrays, they are shifted down, so memory is
 * proportional to the span between the oldest held and the newest message (about 24 bytes per
 * sequence, plus {@code ref}).
 *
 * <p>{@code ref[]} holds an object per sequence for the backend: the memory backend keeps each
 * {@code StoredMessage} there; the file backend keeps only messages not yet written to a segment.
 *
 * <p>Invariants: timestamps never decrease with the sequence; {@code first} is the smallest held
 * sequence or {@code last + 1}; {@code messages} and {@code bytes} sum the held slots.
 *
 * <p>Not thread-safe: the owning store guards it with its lock.
 */
public final class StreamIndex {
    private static final int MIN_CAPACITY = 64;

    private long base;
    private int len;
    private long[] ts = new long[MIN_CAPACITY];
    private int[] subject = new int[MIN_CAPACITY];
    private int[] size = new int[MIN_CAPACITY];
    private Object[] ref = new Object[MIN_CAPACITY];

    private long last;
    private long lastTs;
    private long first;
    private long messages;
    private long bytes;

    private final Map<String, Subject> subjects = new HashMap<>();
    private final List<Subject> byId = new ArrayList<>();
    private final ArrayDeque<Integer> freeIds = new ArrayDeque<>();

    /**
     * @param lastSequence the newest sequence ever appended (0 for a new stream)
     */
    public StreamIndex(long lastSequence) {
        this.last = lastSequence;
        this.base = lastSequence + 1;
        this.first = lastSequence + 1;
    }

    /** A subject's counters. */
    private static final class Subject {
        final String name;
        final int id;
        long count;
        long first;
        long last;

        Subject(String name, int id) {
            this.name = name;
            this.id = id;
        }
    }

    /**
     * Adds a held message. Sequences must increase; a gap (messages lost to corruption) is recorded
     * as removed slots.
     *
     * @param seq its sequence, greater than {@link #last()}
     * @param timestampNanos its timestamp; raised to the previous one if smaller
     * @param subjectName its subject
     * @param accounted its accounted size
     * @param backendRef the backend's object for it, or {@code null}
     * @return the timestamp recorded
     */
    public long add(
            long seq, long timestampNanos, String subjectName, int accounted, Object backendRef) {
        if (seq <= last) {
            throw new IllegalArgumentException("sequence " + seq + " <= last " + last);
        }
        long t = Math.max(timestampNanos, lastTs);
        if (messages == 0) {
            // Nothing held: restart the arrays at this sequence.
            base = seq;
            len = 0;
        }
        while (base + len < seq) {
            int gap = slot(base + len);
            ts[gap] = lastTs;
            subject[gap] = -1;
            size[gap] = 0;
            ref[gap] = null;
        }
        int i = slot(seq);
        Subject s = subjects.get(subjectName);
        if (s == null) {
            int id = freeIds.isEmpty() ? byId.size() : freeIds.poll();
            s = new Subject(subjectName, id);
            if (id == byId.size()) {
                byId.add(s);
            } else {
                byId.set(id, s);
            }
            subjects.put(subjectName, s);
            s.first = seq;
        }
        s.count++;
        s.last = seq;
        ts[i] = t;
        subject[i] = s.id;
        size[i] = accounted;
        ref[i] = backendRef;
        if (messages == 0) {
            first = seq;
        }
        messages++;
        bytes += accounted;
        last = seq;
        lastTs = t;
        return t;
    }

    /** Makes room for {@code seq}, which must be {@code base + len}, and returns its slot. */
    private int slot(long seq) {
        if (len == ts.length) {
            long dead = first - base;
            if (dead > len / 2) {
                compact();
            } else {
                int cap = ts.length * 2;
                ts = Arrays.copyOf(ts, cap);
                subject = Arrays.copyOf(subject, cap);
                size = Arrays.copyOf(size, cap);
                ref = Arrays.copyOf(ref, cap);
            }
        }
        len++;
        return (int) (seq - base);
    }

    private void compact() {
        int shift = (int) (Math.min(first, base + len) - base);
        int keep = len - shift;
        System.arraycopy(ts, shift, ts, 0, keep);
        System.arraycopy(subject, shift, subject, 0, keep);
        System.arraycopy(size, shift, size, 0, keep);
        System.arraycopy(ref, shift, ref, 0, keep);
        Arrays.fill(ref, keep, len, null);
        base += shift;
        len = keep;
    }

    /**
     * Removes a held message.
     *
     * @param seq its sequence
     * @return whether it was held
     */
    public boolean remove(long seq) {
        if (!held(seq)) {
            return false;
        }
        int i = (int) (seq - base);
        Subject s = byId.get(subject[i]);
        subject[i] = -1;
        ref[i] = null;
        messages--;
        bytes -= size[i];
        s.count--;
        if (s.count == 0) {
            subjects.remove(s.name);
            byId.set(s.id, null);
            freeIds.push(s.id);
        } else if (s.count == 1 && seq == s.first) {
            s.first = s.last;
        } else if (s.count == 1 && seq == s.last) {
            s.last = s.first;
        } else if (seq == s.first) {
            s.first = scanSubject(s, seq + 1, +1);
        } else if (seq == s.last) {
            s.last = scanSubject(s, seq - 1, -1);
        }
        if (seq == first) {
            long f = seq + 1;
            long end = base + len;
            while (f < end && subject[(int) (f - base)] < 0) {
                f++;
            }
            first = f < end ? f : last + 1;
            if (messages == 0) {
                base = last + 1;
                len = 0;
            }
        }
        return true;
    }

    /**
     * Removes the held messages below {@code upTo}, on one subject or all.
     *
     * @param subjectName the subject, or {@code null} for all
     * @param upTo the exclusive bound
     * @return how many were removed
     */
    public long removeUpTo(String subjectName, long upTo) {
        long removed = 0;
        if (subjectName == null) {
            while (messages > 0 && first < upTo) {
                remove(first);
                removed++;
            }
        } else {
            while (subjectCount(subjectName) > 0 && subjectFirst(subjectName) < upTo) {
                remove(subjectFirst(subjectName));
                removed++;
            }
        }
        return removed;
    }

    private long scanSubject(Subject s, long from, int step) {
        for (long q = from; ; q += step) {
            if (subject[(int) (q - base)] == s.id) {
                return q;
            }
        }
    }

    /**
     * @param seq a sequence
     * @return whether a message is held there
     */
    public boolean held(long seq) {
        return seq >= first && seq < base + len && subject[(int) (seq - base)] >= 0;
    }

    /**
     * @param seq a held sequence
     * @return its timestamp
     */
    public long timestamp(long seq) {
        return ts[(int) (seq - base)];
    }

    /**
     * @param seq a held sequence
     * @return its accounted size
     */
    public int size(long seq) {
        return size[(int) (seq - base)];
    }

    /**
     * @param seq a held sequence
     * @return its subject
     */
    public String subject(long seq) {
        return byId.get(subject[(int) (seq - base)]).name;
    }

    /**
     * @param seq a held sequence
     * @return the backend's object for it, or {@code null}
     */
    public Object ref(long seq) {
        return held(seq) ? ref[(int) (seq - base)] : null;
    }

    /**
     * Drops the backend's object for a sequence, if that sequence is still tracked.
     *
     * @param seq a sequence
     */
    public void clearRef(long seq) {
        if (seq >= base && seq < base + len) {
            ref[(int) (seq - base)] = null;
        }
    }

    /**
     * Finds held messages in sequence order.
     *
     * @param from where to start (inclusive)
     * @param upTo where to stop (exclusive)
     * @param filter which subjects qualify, or {@code null}
     * @param out receives the sequences
     * @param max the most to put in {@code out}
     * @return how many were put in {@code out}
     */
    public int collect(long from, long upTo, Predicate<String> filter, long[] out, int max) {
        long start = Math.max(from, first);
        long end = Math.min(upTo, base + len);
        byte[] verdict = filter == null ? null : new byte[byId.size()];
        int n = 0;
        for (long q = start; q < end && n < max; q++) {
            int id = subject[(int) (q - base)];
            if (id >= 0 && matches(id, filter, verdict)) {
                out[n++] = q;
            }
        }
        return n;
    }

    private boolean matches(int id, Predicate<String> filter, byte[] verdict) {
        if (filter == null) {
            return true;
        }
        if (verdict[id] == 0) {
            verdict[id] = (byte) (filter.test(byId.get(id).name) ? 1 : 2);
        }
        return verdict[id] == 1;
    }

    /**
     * @param subjectName a subject
     * @return how many held messages have it
     */
    public long subjectCount(String subjectName) {
        Subject s = subjects.get(subjectName);
        return s == null ? 0 : s.count;
    }

    /**
     * @param subjectName a subject
     * @return its oldest held sequence, or 0
     */
    public long subjectFirst(String subjectName) {
        Subject s = subjects.get(subjectName);
        return s == null ? 0 : s.first;
    }

    /**
     * @param subjectName a subject
     * @return its newest held sequence, or 0
     */
    public long subjectLast(String subjectName) {
        Subject s = subjects.get(subjectName);
        return s == null ? 0 : s.last;
    }

    /**
     * @param filter which subjects qualify, or {@code null}
     * @return the newest held sequence of each qualifying subject, ascending
     */
    public long[] lastBySubject(Predicate<String> filter) {
        long[] out = new long[subjects.size()];
        int n = 0;
        for (Subject s : subjects.values()) {
            if (filter == null || filter.test(s.name)) {
                out[n++] = s.last;
            }
        }
        long[] result = Arrays.copyOf(out, n);
        Arrays.sort(result);
        return result;
    }

    /**
     * @param timestampNanos a time
     * @return the first held sequence stored at or after it, or {@code last + 1}
     */
    public long sequenceAtOrAfter(long timestampNanos) {
        int lo = (int) Math.max(0, first - base);
        int hi = len;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] < timestampNanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (long q = base + lo; q < base + len; q++) {
            if (subject[(int) (q - base)] >= 0) {
                return q;
            }
        }
        return last + 1;
    }

    /**
     * @return the smallest held sequence, or {@code last + 1} if none
     */
    public long first() {
        return first;
    }

    /**
     * @return the newest sequence ever appended
     */
    public long last() {
        return last;
    }

    /**
     * @return the newest appended message's timestamp, 0 if none
     */
    public long lastTimestamp() {
        return lastTs;
    }

    /**
     * @return how many messages are held
     */
    public long messages() {
        return messages;
    }

    /**
     * @return their accounted bytes
     */
    public long bytes() {
        return bytes;
    }

    /**
     * @return how many distinct subjects the held messages have
     */
    public int subjects() {
        return subjects.size();
    }

    /**
     * Raises the last sequence without a message (a stream whose newest messages were all removed,
     * found again at recovery).
     *
     * @param seq the newest sequence ever appended
     */
    public void raiseLast(long seq) {
        if (seq > last) {
            last = seq;
            if (messages == 0) {
                first = seq + 1;
                base = seq + 1;
                len = 0;
            }
        }
    }

    /**
     * Sets the last timestamp without a message, so timestamps stay monotonic across a restart.
     *
     * @param timestampNanos the newest timestamp seen
     */
    public void raiseLastTimestamp(long timestampNanos) {
        lastTs = Math.max(lastTs, timestampNanos);
    }
}
