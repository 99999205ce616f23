package dev.switchboard.store.memory;

import dev.switchboard.store.ConsumerStateStore;
import dev.switchboard.store.internal.AbstractStreamStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/** Consumer state on the heap. Thread-safe. */
final class MemoryConsumerStateStore implements ConsumerStateStore {
    private final ConcurrentSkipListMap<String, byte[]> states = new ConcurrentSkipListMap<>();

    @Override
    public void save(String consumer, byte[] state) {
        AbstractStreamStore.checkConsumerState(consumer, state);
        states.put(consumer, state.clone());
    }

    @Override
    public byte[] load(String consumer) {
        byte[] s = states.get(Objects.requireNonNull(consumer, "consumer"));
        return s == null ? null : s.clone();
    }

    @Override
    public boolean delete(String consumer) {
        return states.remove(Objects.requireNonNull(consumer, "consumer")) != null;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(states.keySet());
    }
}
