/**
 * Durable stream storage. {@code dev.switchboard.store} is the storage interface: a {@link
 * dev.switchboard.store.StorageBackend} opens one {@link dev.switchboard.store.StreamStore} per
 * stream, configured by a {@link dev.switchboard.store.StoreConfig}, plus a {@link
 * dev.switchboard.store.ConsumerStateStore} for the stream's consumers. {@code
 * dev.switchboard.store.file} is the segment log (docs/STORAGE.md draws its formats); {@code
 * dev.switchboard.store.memory} keeps everything on the heap. Other backends (PostgreSQL) implement
 * the same interface and pass the same contract test.
 */
module dev.switchboard.store {
    requires transitive dev.switchboard.core;
    requires org.slf4j;

    exports dev.switchboard.store;
    exports dev.switchboard.store.file;
    exports dev.switchboard.store.memory;
}
