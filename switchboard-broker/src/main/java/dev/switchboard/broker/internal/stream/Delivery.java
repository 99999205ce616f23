package dev.switchboard.broker.internal.stream;

import dev.switchboard.store.StoredMessage;

/**
 * One delivery a consumer decided to make.
 *
 * @param message the stored message
 * @param deliveries how many times it has been delivered, this one included
 * @param consumerSeq this delivery's consumer sequence
 * @param pending matching messages not yet delivered (approximate)
 */
record Delivery(StoredMessage message, long deliveries, long consumerSeq, long pending) {}
