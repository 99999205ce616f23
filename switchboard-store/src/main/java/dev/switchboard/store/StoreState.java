package dev.switchboard.store;

/**
 * A snapshot of a stream's contents.
 *
 * @param messages how many messages it holds
 * @param bytes their accounted size ({@link StoreConfig#accountedBytes})
 * @param firstSequence the sequence of the oldest message held; when empty, {@code lastSequence +
 *     1}
 * @param lastSequence the sequence of the newest message ever appended (0 if none); it does not go
 *     down when messages are removed or purged
 * @param firstTimestampNanos the oldest held message's timestamp, 0 if empty
 * @param lastTimestampNanos the newest appended message's timestamp, 0 if none
 * @param deleted how many messages between first and last were removed individually
 * @param subjects how many distinct subjects the held messages have
 */
public record StoreState(
        long messages,
        long bytes,
        long firstSequence,
        long lastSequence,
        long firstTimestampNanos,
        long lastTimestampNanos,
        long deleted,
        long subjects) {}
