package dev.switchboard.bus.routing;

import java.util.List;

/**
 * What a subject matched: the targets subscribed without a queue group (each gets the message) and
 * the queue groups (each group gets it once, delivered to one member chosen by the caller).
 * Immutable; a router may hand the same instance to many threads.
 *
 * @param targets the targets outside any queue group, one entry per matching subscription
 * @param groups the queue groups, each with all its members whose pattern matched, merged by name
 *     across patterns
 * @param <T> the target type
 */
public record Match<T>(List<T> targets, List<QueueGroup<T>> groups) {
    private static final Match<Object> EMPTY = new Match<>(List.of(), List.of());

    /** Copies both lists into unmodifiable ones. */
    public Match {
        targets = List.copyOf(targets);
        groups = List.copyOf(groups);
    }

    /**
     * @param <T> the target type
     * @return the match of a subject nobody subscribes to
     */
    @SuppressWarnings("unchecked")
    public static <T> Match<T> empty() {
        return (Match<T>) EMPTY;
    }

    /**
     * @return whether nothing matched: a publish would reach nobody
     */
    public boolean isEmpty() {
        return targets.isEmpty() && groups.isEmpty();
    }

    /**
     * @return how many deliveries a publish makes: one per target and one per group
     */
    public int deliveries() {
        return targets.size() + groups.size();
    }
}
