package dev.switchboard.store.memory;

import dev.switchboard.core.Clock;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.ConsumerStateStore;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.internal.AbstractStreamStore;
import java.util.function.Consumer;

/**
 * A stream held on the heap: the {@link dev.switchboard.store.internal.StreamIndex} keeps every
 * held {@link StoredMessage}, so reads never leave memory. Appends are "durable" at once: the
 * listener is called inline, on the appending thread, under the stream's lock (so in sequence
 * order).
 *
 * <p>Thread-safe. Its contents live in a {@link MemoryStorage.Stream}, so a stream reopened after
 * {@link #close} finds them again.
 */
final class MemoryStreamStore extends AbstractStreamStore {
    private final MemoryStorage.Stream stream;

    MemoryStreamStore(MemoryStorage.Stream stream, Clock clock) {
        super(stream.config, stream.index, clock);
        this.stream = stream;
    }

    @Override
    protected void persistMessage(StoredMessage message, Object prepared, AppendListener listener) {
        if (listener != null) {
            listener.completed(message.sequence(), null);
        }
    }

    @Override
    protected void persistRemoval(long sequence) {
        // The index is the storage.
    }

    @Override
    protected void persistPurge(String subject, long upTo) {
        // The index is the storage.
    }

    @Override
    protected void readStored(long[] sequences, int count, Consumer<? super StoredMessage> sink) {
        // Every held message is in the index; a miss is a message removed meanwhile.
    }

    @Override
    protected void persistConfig(StoreConfig next) {
        stream.config = next;
    }

    @Override
    public byte[] metadata() {
        lock.lock();
        try {
            checkOpen();
            return stream.metadata.clone();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void metadata(byte[] metadata) {
        AbstractStreamStore.checkMetadata(metadata);
        lock.lock();
        try {
            checkOpen();
            stream.metadata = metadata.clone();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ConsumerStateStore consumers() {
        return stream.consumers;
    }

    @Override
    public void sync() {
        lock.lock();
        try {
            checkOpen();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        stream.closed(this);
    }
}
