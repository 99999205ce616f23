package dev.switchboard.store;

import java.util.List;

/**
 * A place where streams are stored: the segment log in a directory ({@link
 * dev.switchboard.store.file.FileStorage}), the heap ({@link
 * dev.switchboard.store.memory.MemoryStorage}), or a database. It persists each stream's {@link
 * StoreConfig} and metadata, so {@link #open} after a restart finds the stream as it was.
 *
 * <p>Thread-safe. A stream is open at most once at a time per backend.
 */
public interface StorageBackend extends AutoCloseable {
    /**
     * Creates a stream.
     *
     * @param config its storage configuration
     * @param metadata the owner's opaque metadata (see {@link StreamStore#metadata()})
     * @return the open, empty stream
     * @throws StoreException {@link StoreError#ALREADY_EXISTS} if a stream of that name exists
     */
    StreamStore create(StoreConfig config, byte[] metadata);

    /**
     * Opens an existing stream, recovering it if needed (a torn tail is truncated, stale indexes
     * are rebuilt), or returns it if already open.
     *
     * @param name the stream's name
     * @return the open stream
     * @throws StoreException {@link StoreError#NOT_FOUND} if there is no such stream
     */
    StreamStore open(String name);

    /**
     * @return the names of the stored streams, sorted
     */
    List<String> names();

    /**
     * Closes and deletes a stream with its messages and consumer state.
     *
     * @param name the stream's name
     * @return whether it existed
     */
    boolean delete(String name);

    /** Closes every open stream. Idempotent. */
    @Override
    void close();
}
