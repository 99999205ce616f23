package dev.switchboard.bus.routing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token position of the {@link SubjectRouter}'s trie. Children and subscriber arrays are safe
 * to read from any thread without locking; they are only changed by the router's writer, under its
 * lock, and every change replaces an array or map instead of mutating one a reader may hold (copy
 * on write).
 */
final class TrieNode<T> {
    private static final Object[] NONE = new Object[0];

    final ConcurrentHashMap<String, TrieNode<T>> literals = new ConcurrentHashMap<>();
    volatile TrieNode<T> star;
    volatile TrieNode<T> gt;
    volatile TrieNode<T> hash;

    /** Targets subscribed with this exact pattern and no queue group. */
    volatile Object[] targets = NONE;

    /** Queue group name to its members subscribed with this exact pattern. */
    volatile Map<String, Object[]> groups = Map.of();

    boolean isEmpty() {
        return targets.length == 0
                && groups.isEmpty()
                && literals.isEmpty()
                && star == null
                && gt == null
                && hash == null;
    }

    void add(String group, T target) {
        if (group == null) {
            Object[] old = targets;
            Object[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = target;
            targets = next;
            return;
        }
        Map<String, Object[]> next = new LinkedHashMap<>(groups);
        Object[] old = next.getOrDefault(group, NONE);
        Object[] members = Arrays.copyOf(old, old.length + 1);
        members[old.length] = target;
        next.put(group, members);
        groups = next;
    }

    boolean remove(String group, T target) {
        if (group == null) {
            Object[] without = without(targets, target);
            if (without == null) {
                return false;
            }
            targets = without;
            return true;
        }
        Object[] members = groups.get(group);
        Object[] without = members == null ? null : without(members, target);
        if (without == null) {
            return false;
        }
        Map<String, Object[]> next = new LinkedHashMap<>(groups);
        if (without.length == 0) {
            next.remove(group);
        } else {
            next.put(group, without);
        }
        groups = next.isEmpty() ? Map.of() : next;
        return true;
    }

    private static Object[] without(Object[] array, Object target) {
        for (int i = 0; i < array.length; i++) {
            if (array[i].equals(target)) {
                Object[] next = new Object[array.length - 1];
                System.arraycopy(array, 0, next, 0, i);
                System.arraycopy(array, i + 1, next, i, array.length - i - 1);
                return next.length == 0 ? NONE : next;
            }
        }
        return null;
    }
}
