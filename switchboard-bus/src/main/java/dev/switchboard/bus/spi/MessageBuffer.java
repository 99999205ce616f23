package dev.switchboard.bus.spi;

import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription's buffer: one FIFO per {@link Priority} level. {@link #poll()} takes from the most
 * urgent non-empty level, so a higher priority overtakes buffered lower ones while each level keeps
 * arrival order. All operations are O(1) (at most six levels are looked at).
 *
 * <p>Not thread-safe: the owning subscription guards it with its lock.
 */
final class MessageBuffer {
    private final List<ArrayDeque<Envelope>> levels;
    private int size;
    private long nextSeq;

    MessageBuffer() {
        int n = Priority.values().length;
        levels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            levels.add(new ArrayDeque<>());
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Message message, String replyTo) {
        levels.get(message.priority().code()).addLast(new Envelope(message, replyTo, nextSeq++, 1));
        size++;
    }

    /** Puts a message taken by {@link #poll} back at the front of its priority level. */
    void addFirst(Envelope e) {
        levels.get(e.message().priority().code()).addFirst(e);
        size++;
    }

    /** The most urgent message, oldest first within a level; {@code null} if empty. */
    Envelope poll() {
        for (int i = levels.size() - 1; i >= 0; i--) {
            Envelope e = levels.get(i).pollFirst();
            if (e != null) {
                size--;
                return e;
            }
        }
        return null;
    }

    /** Removes the earliest-added message whatever its priority; {@code null} if empty. */
    Envelope removeOldest() {
        ArrayDeque<Envelope> oldest = null;
        for (ArrayDeque<Envelope> level : levels) {
            Envelope head = level.peekFirst();
            if (head != null && (oldest == null || head.seq() < oldest.peekFirst().seq())) {
                oldest = level;
            }
        }
        if (oldest == null) {
            return null;
        }
        size--;
        return oldest.pollFirst();
    }

    /** Empties the buffer; returns how many messages it held. */
    int clear() {
        int n = size;
        levels.forEach(ArrayDeque::clear);
        size = 0;
        return n;
    }
}
