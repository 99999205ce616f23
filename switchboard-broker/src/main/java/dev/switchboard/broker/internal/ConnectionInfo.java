package dev.switchboard.broker.internal;

import java.time.Instant;

/**
 * A snapshot of one connection for listings and advisories. Counters are read without locks and may
 * lag by a few messages.
 *
 * @param id the connection id
 * @param name the name the client gave
 * @param remote the peer address
 * @param transport tcp, tls or unix
 * @param principal who it authenticated as
 * @param connectedAt when it connected
 * @param subscriptions how many subscriptions it holds
 * @param msgsIn messages it published
 * @param bytesIn payload bytes it published
 * @param msgsOut messages delivered to it
 * @param bytesOut payload bytes delivered to it
 * @param pendingBytes bytes waiting in its outbound buffer
 * @param dropped messages dropped for it by the slow-consumer policy
 * @param slowConsumerEvents how many times its buffer overflowed (episodes)
 */
public record ConnectionInfo(
        long id,
        String name,
        String remote,
        String transport,
        String principal,
        Instant connectedAt,
        int subscriptions,
        long msgsIn,
        long bytesIn,
        long msgsOut,
        long bytesOut,
        long pendingBytes,
        long dropped,
        long slowConsumerEvents) {}
