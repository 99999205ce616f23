package dev.switchboard.core.container;

import dev.switchboard.core.container.internal.ContainerAccess;
import dev.switchboard.core.internal.Utf8;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable map from string keys to typed {@link Value}s: the body of a message, or a nested
 * value inside one. Safe to share between threads.
 *
 * <p>Design note: keys are kept sorted in Unicode code point order (the order of their UTF-8
 * bytes), in two parallel arrays. Sorting once at build time makes encoding deterministic (equal
 * containers give equal bytes) and lets the decoder reject duplicate keys with one comparison per
 * field; lookups scan small containers and binary-search large ones.
 *
 * <p>Typed getters ({@link #getInt32(String)} and friends) are strict: they throw {@link
 * MissingKeyException} for an absent key and {@link TypeMismatchException} (naming the key, the
 * expected and the actual type) for a value of another type. {@link #getLong(String)} and {@link
 * #getDouble(String)} widen any integer, respectively any number.
 */
public final class Container implements Iterable<Map.Entry<String, Value>> {
    /** The longest key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 255;

    private static final int LINEAR_SCAN_MAX = 8;
    private static final Container EMPTY = new Container(new String[0], new Value[0]);

    static {
        ContainerAccess.register((k, v) -> k.length == 0 ? EMPTY : new Container(k, v));
    }

    private final String[] keys;
    private final Value[] values;
    private int hash;

    private Container(String[] keys, Value[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * @return the empty container
     */
    public static Container empty() {
        return EMPTY;
    }

    /**
     * @return a builder for a new container
     */
    public static Builder builder() {
        return new Builder(8);
    }

    /**
     * @param expectedSize how many fields the builder will get; a sizing hint only
     * @return a builder for a new container
     */
    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    /**
     * @return a builder holding this container's fields
     */
    public Builder toBuilder() {
        Builder b = new Builder(keys.length + 4);
        for (int i = 0; i < keys.length; i++) {
            b.put(keys[i], values[i]);
        }
        return b;
    }

    /**
     * @return the number of fields
     */
    public int size() {
        return keys.length;
    }

    /**
     * @return whether there are no fields
     */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    /**
     * @param index a position, 0 to {@code size() - 1}, in key order
     * @return the key at that position
     */
    public String keyAt(int index) {
        return keys[index];
    }

    /**
     * @param index a position, 0 to {@code size() - 1}, in key order
     * @return the value at that position
     */
    public Value valueAt(int index) {
        return values[index];
    }

    /**
     * @return the keys in code point order
     */
    public List<String> keys() {
        return List.of(keys);
    }

    /**
     * @param key a key
     * @return whether the container has it
     */
    public boolean contains(String key) {
        return indexOf(key) >= 0;
    }

    /**
     * @param key a key
     * @return its value, or empty if absent
     */
    public Optional<Value> find(String key) {
        int i = indexOf(key);
        return i >= 0 ? Optional.of(values[i]) : Optional.empty();
    }

    /**
     * @param key a key
     * @return its value
     * @throws MissingKeyException if absent
     */
    public Value get(String key) {
        int i = indexOf(key);
        if (i < 0) {
            throw new MissingKeyException(key);
        }
        return values[i];
    }

    /**
     * @param key a key
     * @return whether the key is absent or holds {@link Value#NULL}
     */
    public boolean isNull(String key) {
        int i = indexOf(key);
        return i < 0 || values[i] instanceof Value.Null;
    }

    /**
     * @param key a key
     * @return the boolean under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not a bool
     */
    public boolean getBool(String key) {
        return get(key) instanceof Value.Bool v ? v.value() : mismatch(key, ValueType.BOOL);
    }

    /**
     * @param key a key
     * @return the int8 under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not an int8
     */
    public byte getInt8(String key) {
        return get(key) instanceof Value.Int8 v ? v.value() : mismatch(key, ValueType.INT8);
    }

    /**
     * @param key a key
     * @return the int16 under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not an int16
     */
    public short getInt16(String key) {
        return get(key) instanceof Value.Int16 v ? v.value() : mismatch(key, ValueType.INT16);
    }

    /**
     * @param key a key
     * @return the int32 under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not an int32
     */
    public int getInt32(String key) {
        return get(key) instanceof Value.Int32 v ? v.value() : mismatch(key, ValueType.INT32);
    }

    /**
     * @param key a key
     * @return the int64 under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not an int64
     */
    public long getInt64(String key) {
        return get(key) instanceof Value.Int64 v ? v.value() : mismatch(key, ValueType.INT64);
    }

    /**
     * @param key a key
     * @return the integer under the key, widened from int8, int16, int32 or int64
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not an integer
     */
    public long getLong(String key) {
        return switch (get(key)) {
            case Value.Int8 v -> v.value();
            case Value.Int16 v -> v.value();
            case Value.Int32 v -> v.value();
            case Value.Int64 v -> v.value();
            default -> mismatch(key, ValueType.INT64);
        };
    }

    /**
     * @param key a key
     * @return the float32 under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not a float32
     */
    public float getFloat32(String key) {
        return get(key) instanceof Value.Float32 v ? v.value() : mismatch(key, ValueType.FLOAT32);
    }

    /**
     * @param key a key
     * @return the float64 under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not a float64
     */
    public double getFloat64(String key) {
        return get(key) instanceof Value.Float64 v ? v.value() : mismatch(key, ValueType.FLOAT64);
    }

    /**
     * @param key a key
     * @return the number under the key, widened to double from any integer or float type (an int64
     *     beyond 2^53 loses precision)
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not a number
     */
    public double getDouble(String key) {
        return switch (get(key)) {
            case Value.Float64 v -> v.value();
            case Value.Float32 v -> v.value();
            case Value.Int8 v -> v.value();
            case Value.Int16 v -> v.value();
            case Value.Int32 v -> v.value();
            case Value.Int64 v -> v.value();
            default -> mismatch(key, ValueType.FLOAT64);
        };
    }

    /**
     * @param key a key
     * @return the string under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not a string
     */
    public String getString(String key) {
        return get(key) instanceof Value.Text v ? v.value() : mismatch(key, ValueType.STRING);
    }

    /**
     * @param key a key
     * @return a read-only view of the bytes under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not bytes
     */
    public ByteBuffer getBytes(String key) {
        return get(key) instanceof Value.Bytes v ? v.data() : mismatch(key, ValueType.BYTES);
    }

    /**
     * @param key a key
     * @return the container under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not a container
     */
    public Container getContainer(String key) {
        return get(key) instanceof Value.Nested v ? v.value() : mismatch(key, ValueType.CONTAINER);
    }

    /**
     * @param key a key
     * @return the list under the key
     * @throws MissingKeyException if absent
     * @throws TypeMismatchException if the value is not a list
     */
    public List<Value> getList(String key) {
        return get(key) instanceof Value.Array v ? v.items() : mismatch(key, ValueType.LIST);
    }

    private <T> T mismatch(String key, ValueType expected) {
        throw new TypeMismatchException(key, expected, get(key).type());
    }

    private int indexOf(String key) {
        String[] k = keys;
        if (k.length <= LINEAR_SCAN_MAX) {
            for (int i = 0; i < k.length; i++) {
                if (k[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        int lo = 0;
        int hi = k.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Utf8.compareCodePoints(k[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * @return an unmodifiable map view, iterating in key order
     */
    public Map<String, Value> asMap() {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Value>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Value>> iterator() {
                        return Container.this.iterator();
                    }

                    @Override
                    public int size() {
                        return keys.length;
                    }
                };
            }

            @Override
            public Value get(Object key) {
                if (!(key instanceof String s)) {
                    return null;
                }
                int i = indexOf(s);
                return i >= 0 ? values[i] : null;
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String s && indexOf(s) >= 0;
            }
        };
    }

    @Override
    public Iterator<Map.Entry<String, Value>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < keys.length;
            }

            @Override
            public Map.Entry<String, Value> next() {
                if (next >= keys.length) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return Map.entry(keys[i], values[i]);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o == this
                || o instanceof Container c
                        && Arrays.equals(keys, c.keys)
                        && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(keys[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }

    /**
     * Builds a {@link Container}. Each setter validates its key at once ({@link #MAX_KEY_BYTES},
     * non-empty, well-formed); a later put of the same key replaces the earlier value. Not
     * thread-safe; use one builder per thread.
     */
    public static final class Builder {
        private String[] keys;
        private Value[] values;
        private int size;
        private boolean sorted = true;

        private Builder(int expectedSize) {
            int capacity = Math.max(expectedSize, 4);
            keys = new String[capacity];
            values = new Value[capacity];
        }

        /**
         * @param key the key
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the key is empty, longer than {@link #MAX_KEY_BYTES}
         *     in UTF-8, or not well-formed
         */
        public Builder put(String key, Value value) {
            checkKey(key);
            if (value == null) {
                throw new IllegalArgumentException(
                        "value for key '" + key + "' is null; use Value.NULL");
            }
            if (size == keys.length) {
                int capacity = size * 2;
                keys = Arrays.copyOf(keys, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            if (sorted && size > 0 && Utf8.compareCodePoints(keys[size - 1], key) >= 0) {
                sorted = false;
            }
            keys[size] = key;
            values[size] = value;
            size++;
            return this;
        }

        /**
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder put(String key, boolean value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param value stored as int8
         * @return this builder
         */
        public Builder putInt8(String key, byte value) {
            return put(key, new Value.Int8(value));
        }

        /**
         * @param key the key
         * @param value stored as int16
         * @return this builder
         */
        public Builder putInt16(String key, short value) {
            return put(key, new Value.Int16(value));
        }

        /**
         * @param key the key
         * @param value stored as int32
         * @return this builder
         */
        public Builder put(String key, int value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param value stored as int64
         * @return this builder
         */
        public Builder put(String key, long value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param value stored as float32
         * @return this builder
         */
        public Builder put(String key, float value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param value stored as float64
         * @return this builder
         */
        public Builder put(String key, double value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param value stored as a string
         * @return this builder
         */
        public Builder put(String key, String value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param value stored as bytes; copied
         * @return this builder
         */
        public Builder put(String key, byte[] value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param value stored as a nested container
         * @return this builder
         */
        public Builder put(String key, Container value) {
            return put(key, Value.of(value));
        }

        /**
         * @param key the key
         * @param items stored as a list
         * @return this builder
         */
        public Builder put(String key, List<Value> items) {
            return put(key, Value.of(items));
        }

        /**
         * @param key the key
         * @return this builder, with {@link Value#NULL} under the key
         */
        public Builder putNull(String key) {
            return put(key, Value.NULL);
        }

        /**
         * @return the container; the builder may be reused afterwards
         */
        public Container build() {
            if (size == 0) {
                return EMPTY;
            }
            if (sorted) {
                return new Container(Arrays.copyOf(keys, size), Arrays.copyOf(values, size));
            }
            return buildUnsorted();
        }

        private Container buildUnsorted() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            // Stable sort, so among duplicates the last put stays last and wins.
            Arrays.sort(order, (a, b) -> Utf8.compareCodePoints(keys[a], keys[b]));
            String[] k = new String[size];
            Value[] v = new Value[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                int src = order[i];
                if (n > 0 && k[n - 1].equals(keys[src])) {
                    v[n - 1] = values[src];
                } else {
                    k[n] = keys[src];
                    v[n] = values[src];
                    n++;
                }
            }
            return new Container(Arrays.copyOf(k, n), Arrays.copyOf(v, n));
        }

        private static void checkKey(String key) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("container key must not be null or empty");
            }
            // Up to MAX_KEY_BYTES / 3 chars always fit: a char takes at most 3 UTF-8 bytes.
            if (key.length() > MAX_KEY_BYTES / 3) {
                int bytes = Utf8.encodedLength(key);
                if (bytes > MAX_KEY_BYTES) {
                    throw new IllegalArgumentException(
                            "container key is "
                                    + bytes
                                    + " UTF-8 bytes; the limit is "
                                    + MAX_KEY_BYTES);
                }
            }
            int bad = Utf8.indexOfUnpairedSurrogate(key);
            if (bad >= 0) {
                throw new IllegalArgumentException(
                        "container key has an unpaired surrogate at index " + bad);
            }
        }
    }
}
