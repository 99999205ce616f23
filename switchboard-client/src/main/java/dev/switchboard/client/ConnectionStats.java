package dev.switchboard.client;

/**
 * A snapshot of a connection's counters; they only grow. Not atomic across fields.
 *
 * @param msgsIn messages received (MSG frames for live subscriptions and requests)
 * @param bytesIn payload bytes received
 * @param msgsOut messages published (accepted into the outbound buffer)
 * @param bytesOut payload bytes published
 * @param reconnects successful reconnections
 * @param droppedSlowConsumer messages dropped because a subscription's pending limit was full
 * @param handlerErrors handler calls that threw
 * @param pendingOutboundBytes bytes waiting in the outbound buffer now
 */
public record ConnectionStats(
        long msgsIn,
        long bytesIn,
        long msgsOut,
        long bytesOut,
        long reconnects,
        long droppedSlowConsumer,
        long handlerErrors,
        long pendingOutboundBytes) {}
