package dev.switchboard.bus.routing;

import java.util.List;

/**
 * The members of one queue group whose patterns matched a subject. A message goes to exactly one of
 * them; which one is the caller's choice (round robin, random, least outstanding, hash).
 *
 * @param name the group name
 * @param members the matching members, in subscription order; never empty
 * @param <T> the target type
 */
public record QueueGroup<T>(String name, List<T> members) {
    /** Copies the members into an unmodifiable list. */
    public QueueGroup {
        members = List.copyOf(members);
    }
}
