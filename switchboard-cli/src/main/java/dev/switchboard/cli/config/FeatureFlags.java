package dev.switchboard.cli.config;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code [features]} flags, changeable while the server runs. Thread-safe: reads from any
 * thread; {@link #update} is called by the configuration reloader's thread, which also calls the
 * listeners.
 */
public final class FeatureFlags {
    /** Told about each flag that changes. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called on the thread that calls {@link #update}.
         *
         * @param name the flag
         * @param enabled its new value
         */
        void changed(String name, boolean enabled);
    }

    private final Map<String, Boolean> flags = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param name a flag
     * @return whether it is set to true; unknown flags are off
     */
    public boolean isEnabled(String name) {
        return flags.getOrDefault(name, Boolean.FALSE);
    }

    /**
     * @return every flag that is set, by name
     */
    public Map<String, Boolean> snapshot() {
        return new TreeMap<>(flags);
    }

    /**
     * @param listener told of later changes
     */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Replaces all flags; flags absent from {@code next} are off.
     *
     * @param next the new flags
     * @return the names of the flags whose effective value changed
     */
    public java.util.List<String> update(Map<String, Boolean> next) {
        java.util.List<String> changed = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.TreeSet<>(flags.keySet());
        names.addAll(next.keySet());
        for (String name : names) {
            boolean before = isEnabled(name);
            boolean after = next.getOrDefault(name, Boolean.FALSE);
            if (next.containsKey(name)) {
                flags.put(name, after);
            } else {
                flags.remove(name);
            }
            if (before != after) {
                changed.add(name);
                listeners.forEach(l -> l.changed(name, after));
            }
        }
        return changed;
    }
}
