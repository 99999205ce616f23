package dev.switchboard.store;

import java.util.List;

/**
 * Where a stream's consumers keep their state (their configuration, ack floor, pending deliveries
 * and delivery counts, encoded by the owner). Values are opaque bytes replaced as a whole.
 *
 * <p>Thread-safe.
 */
public interface ConsumerStateStore {
    /** The largest state one consumer may save. */
    int MAX_STATE_BYTES = 64 << 20;

    /**
     * Replaces a consumer's state atomically: after a crash, the old or the new value is found,
     * never a mix. Durable when this returns if the stream's fsync policy is {@link
     * FsyncPolicy.Mode#ALWAYS}; otherwise written to the operating system.
     *
     * @param consumer the consumer's name (the stream-name rules)
     * @param state the encoded state, at most {@link #MAX_STATE_BYTES}
     */
    void save(String consumer, byte[] state);

    /**
     * @param consumer a consumer's name
     * @return its last saved state, or {@code null} if none
     */
    byte[] load(String consumer);

    /**
     * Forgets a consumer. Durable when this returns.
     *
     * @param consumer its name
     * @return whether it existed
     */
    boolean delete(String consumer);

    /**
     * @return the names of the consumers with saved state, sorted
     */
    List<String> names();
}
