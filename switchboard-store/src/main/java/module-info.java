/**
 * Durable stream storage. {@code dev.switchboard.store} is the storage interface: a {@link
 * dev.switchboard.store.StorageBackend} opens one {@link dev.switchboard.store.StreamStore} per
 * stream, configured by a {@link dev.switchboard.store.StoreConfig}, plus a {@link
 * dev.switchboard.store.ConsumerStateStore} for the stream's consumers. {@code
 * dev.switchboard.store.file} is the segment log (docs/STORAGE.md draws its formats); {@code
 * dev.switchboard.store.memory} keeps everything on the heap; {@code
 * dev.switchboard.store.postgres} keeps streams in PostgreSQL tables through the Database System.
 * All pass the same contract test.
 */
module dev.switchboard.store {
    requires transitive dev.switchboard.core;
    requires transitive dev.switchboard.database;
    requires org.slf4j;

    exports dev.switchboard.store;
    exports dev.switchboard.store.file;
    exports dev.switchboard.store.memory;
    exports dev.switchboard.store.postgres;
}
