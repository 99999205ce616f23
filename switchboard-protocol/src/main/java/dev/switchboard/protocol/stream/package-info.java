/**
 * The durable-streams part of the protocol (docs/STREAMS.md): the JSON bodies of the {@code
 * $SYS.API.STREAM.*} and {@code $SYS.API.CONSUMER.*} management subjects ({@link
 * dev.switchboard.protocol.stream.StreamConfig}, {@link
 * dev.switchboard.protocol.stream.ConsumerConfig}, their infos, {@link
 * dev.switchboard.protocol.stream.PubAck}), the stable {@link
 * dev.switchboard.protocol.stream.ApiError} codes, the reserved header names, and the subjects
 * ({@link dev.switchboard.protocol.stream.StreamSubjects}, {@link
 * dev.switchboard.protocol.stream.AckSubject}). Shared by the broker, the client and the CLI so all
 * three read and write the same JSON.
 */
package dev.switchboard.protocol.stream;
