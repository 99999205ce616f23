package dev.switchboard.store.memory;

import dev.switchboard.core.Clock;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import dev.switchboard.store.internal.AbstractStreamStore;
import dev.switchboard.store.internal.StreamIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StorageBackend} on the heap: nothing survives the process, but a stream closed and
 * opened again on the same instance finds its messages, metadata and consumer state. The reference
 * implementation of the storage contract, and the store for tests and for streams that need no
 * durability.
 *
 * <p>Thread-safe.
 */
public final class MemoryStorage implements StorageBackend {

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeMap<String, Stream> streams = new TreeMap<>();

    /**
     * @param clock the source of message timestamps and of time for age limits
     */
    public MemoryStorage(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One stream's contents, which outlive its open {@link MemoryStreamStore}. */
    static final class Stream {
        volatile StoreConfig config;
        volatile byte[] metadata;
        final StreamIndex index = new StreamIndex(0);
        final MemoryConsumerStateStore consumers = new MemoryConsumerStateStore();
        private MemoryStreamStore open;

        Stream(StoreConfig config, byte[] metadata) {
            this.config = config;
            this.metadata = metadata;
        }

        synchronized void closed(MemoryStreamStore store) {
            if (open == store) {
                open = null;
            }
        }

        synchronized MemoryStreamStore open(Clock clock) {
            if (open == null) {
                open = new MemoryStreamStore(this, clock);
            }
            return open;
        }

        synchronized void closeOpen() {
            if (open != null) {
                open.close();
            }
        }
    }

    @Override
    public StreamStore create(StoreConfig config, byte[] metadata) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metadata, "metadata");
        AbstractStreamStore.checkMetadata(metadata);
        lock.lock();
        try {
            if (streams.containsKey(config.name())) {
                throw new StoreException(
                        StoreError.ALREADY_EXISTS, "stream '" + config.name() + "' already exists");
            }
            Stream s = new Stream(config, metadata.clone());
            streams.put(config.name(), s);
            return s.open(clock);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StreamStore open(String name) {
        Objects.requireNonNull(name, "name");
        lock.lock();
        try {
            Stream s = streams.get(name);
            if (s == null) {
                throw new StoreException(StoreError.NOT_FOUND, "no stream '" + name + "'");
            }
            return s.open(clock);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> names() {
        lock.lock();
        try {
            return new ArrayList<>(streams.keySet());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String name) {
        Objects.requireNonNull(name, "name");
        Stream s;
        lock.lock();
        try {
            s = streams.remove(name);
        } finally {
            lock.unlock();
        }
        if (s == null) {
            return false;
        }
        s.closeOpen();
        return true;
    }

    @Override
    public void close() {
        List<Stream> all;
        lock.lock();
        try {
            all = new ArrayList<>(streams.values());
        } finally {
            lock.unlock();
        }
        for (Stream s : all) {
            s.closeOpen();
        }
    }
}
