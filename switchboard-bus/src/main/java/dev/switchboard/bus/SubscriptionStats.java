package dev.switchboard.bus;

import java.util.Map;

/**
 * A snapshot of a subscription's counters. Counters only grow; a snapshot is not atomic across
 * fields.
 *
 * @param delivered messages whose handler call completed without throwing
 * @param dropped messages not delivered, by reason (every reason present, zero if none)
 * @param failedAttempts handler calls that threw (each retry counts)
 * @param pending messages buffered or in a handler call right now
 */
public record SubscriptionStats(
        long delivered, Map<DropReason, Long> dropped, long failedAttempts, int pending) {

    /** Copies the map. */
    public SubscriptionStats {
        dropped = Map.copyOf(dropped);
    }

    /**
     * @param reason a drop reason
     * @return how many were dropped for it
     */
    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    /**
     * @return all drops, whatever the reason
     */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @return messages not delivered because their TTL had passed
     */
    public long expired() {
        return dropped(DropReason.EXPIRED);
    }
}
