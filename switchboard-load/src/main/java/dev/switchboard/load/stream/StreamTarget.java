package dev.switchboard.load.stream;

import java.util.Optional;

/**
 * A server with durable streams under test: Switchboard, NATS JetStream, RabbitMQ.
 *
 * <p>Thread-safety: used by one thread (the runner's).
 */
public interface StreamTarget extends AutoCloseable {
    /**
     * @return a short name for reports: "switchboard", "jetstream", "rabbitmq"
     */
    String name();

    /**
     * @param requested what the scenario asks of Switchboard
     * @return what this target actually does before acknowledging, for reports (e.g. "ack before
     *     fsync (sync_interval 2 min)")
     */
    String durability(StreamScenario.Fsync requested);

    /**
     * Creates an empty stream (or durable queue) capturing {@code subject}, removing any leftover
     * of the same name first, and opens a client on it.
     *
     * @param stream the stream's name
     * @param subject the subject it captures
     * @param fsync what the scenario asks of Switchboard
     * @return the client; closing it deletes the stream
     * @throws Exception if the server refused or could not be reached
     */
    StreamClient open(String stream, String subject, StreamScenario.Fsync fsync) throws Exception;

    /**
     * @return the server process, for its CPU time; empty if unknown
     */
    Optional<ProcessHandle> serverProcess();

    @Override
    default void close() {}
}
