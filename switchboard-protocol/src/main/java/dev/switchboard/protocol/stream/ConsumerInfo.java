package dev.switchboard.protocol.stream;

/**
 * A consumer's definition and progress.
 *
 * @param stream the stream it reads
 * @param name its name
 * @param config its definition
 * @param created when it was created (RFC 3339)
 * @param deliveredConsumerSeq deliveries made (the consumer sequence of the last one)
 * @param deliveredStreamSeq the stream sequence of the newest message delivered at least once
 * @param ackFloor every stream sequence up to this one is acknowledged (or skipped)
 * @param numAckPending deliveries outstanding (delivered or waiting for redelivery, not acked)
 * @param numRedelivered outstanding messages delivered more than once
 * @param numWaiting pull requests waiting
 * @param numPending messages matching the filter not yet delivered
 * @param deadLettered messages sent to the dead-letter stream (or dropped) so far
 */
public record ConsumerInfo(
        String stream,
        String name,
        ConsumerConfig config,
        String created,
        long deliveredConsumerSeq,
        long deliveredStreamSeq,
        long ackFloor,
        long numAckPending,
        long numRedelivered,
        long numWaiting,
        long numPending,
        long deadLettered) {}
