package dev.switchboard.bus;

/**
 * How a queue group picks the one member that gets a message. The strategy belongs to the group:
 * the first subscriber sets it, and a later subscriber asking for another one is refused with
 * {@link IllegalArgumentException}, so a group never mixes strategies.
 */
public enum QueueStrategy {
    /** Members in turn; exactly fair over time. */
    ROUND_ROBIN,
    /** A uniformly random member. */
    RANDOM,
    /** The member with the fewest messages buffered or in a handler call; ties go round robin. */
    LEAST_OUTSTANDING,
    /**
     * Rendezvous (highest random weight) hashing of the {@link SubscriptionOptions#hashHeader()}
     * header: the same key goes to the same member while membership is unchanged, and a member
     * leaving only moves its own keys. Messages without the header go round robin.
     */
    CONSISTENT_HASH
}
