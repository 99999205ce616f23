package dev.switchboard.core.container;

import dev.switchboard.core.container.internal.ContainerAccess;
import dev.switchboard.core.internal.Utf8;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A typed value in a {@link Container}: one of a closed set of records, so code can {@code switch}
 * over it exhaustively. Values are immutable and safe to share between threads.
 *
 * <p>Equality follows the records: two floats are equal when {@link Double#compare} says so, which
 * makes {@code NaN} equal to itself and {@code -0.0} different from {@code 0.0}, so a value equals
 * what it round-trips to.
 */
public sealed interface Value
        permits Value.Null,
                Value.Bool,
                Value.Int8,
                Value.Int16,
                Value.Int32,
                Value.Int64,
                Value.Float32,
                Value.Float64,
                Value.Text,
                Value.Bytes,
                Value.Nested,
                Value.Array {

    /** The null value. */
    Null NULL = new Null();

    /** The boolean {@code true}. */
    Bool TRUE = new Bool(true);

    /** The boolean {@code false}. */
    Bool FALSE = new Bool(false);

    /**
     * @return this value's type
     */
    ValueType type();

    /** The absence of a value, present as a value. */
    record Null() implements Value {
        @Override
        public ValueType type() {
            return ValueType.NULL;
        }
    }

    /**
     * A boolean.
     *
     * @param value the boolean
     */
    record Bool(boolean value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    /**
     * A signed 8-bit integer.
     *
     * @param value the integer
     */
    record Int8(byte value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.INT8;
        }
    }

    /**
     * A signed 16-bit integer.
     *
     * @param value the integer
     */
    record Int16(short value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.INT16;
        }
    }

    /**
     * A signed 32-bit integer.
     *
     * @param value the integer
     */
    record Int32(int value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.INT32;
        }
    }

    /**
     * A signed 64-bit integer.
     *
     * @param value the integer
     */
    record Int64(long value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.INT64;
        }
    }

    /**
     * An IEEE 754 single-precision float.
     *
     * @param value the float
     */
    record Float32(float value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.FLOAT32;
        }
    }

    /**
     * An IEEE 754 double-precision float.
     *
     * @param value the double
     */
    record Float64(double value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.FLOAT64;
        }
    }

    /**
     * A Unicode string, carried as UTF-8. A final class rather than a record so that decoders,
     * whose strings come from validated UTF-8, can skip the well-formedness scan.
     */
    final class Text implements Value {
        static {
            ContainerAccess.registerText(s -> new Text(s, true));
        }

        private final String value;

        /**
         * @param value the string; it must be well-formed UTF-16 (no unpaired surrogate), because
         *     an unpaired surrogate has no UTF-8 form and would be changed silently by an encoder
         * @throws IllegalArgumentException if the string holds an unpaired surrogate
         */
        public Text(String value) {
            Objects.requireNonNull(value, "value");
            int bad = Utf8.indexOfUnpairedSurrogate(value);
            if (bad >= 0) {
                throw new IllegalArgumentException(
                        "string has an unpaired surrogate at index "
                                + bad
                                + "; it cannot be UTF-8");
            }
            this.value = value;
        }

        private Text(String value, boolean trusted) {
            this.value = value;
        }

        /**
         * @return the string
         */
        public String value() {
            return value;
        }

        @Override
        public ValueType type() {
            return ValueType.STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Text t && value.equals(t.value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return "Text[value=" + value + "]";
        }
    }

    /**
     * An opaque byte sequence. A final class rather than a record so that the bytes cannot be
     * reached mutably: {@link #data()} is a read-only view. Equality compares content.
     *
     * <p>{@link #copyOf} copies its input. {@link #view} does not: a decoder uses it to hand out
     * the bytes of its input without copying, so such a value stays valid only while that input is
     * not modified.
     */
    final class Bytes implements Value {
        private static final byte[] NONE = new byte[0];
        private final byte[] array;
        private final int offset;
        private final int length;
        private int hash;

        private Bytes(byte[] array, int offset, int length) {
            this.array = array;
            this.offset = offset;
            this.length = length;
        }

        /**
         * @param bytes the bytes; copied
         * @return a value holding a copy of {@code bytes}
         */
        public static Bytes copyOf(byte[] bytes) {
            return bytes.length == 0
                    ? new Bytes(NONE, 0, 0)
                    : new Bytes(bytes.clone(), 0, bytes.length);
        }

        /**
         * @param data the bytes between position and limit; copied
         * @return a value holding a copy of them
         */
        public static Bytes copyOf(ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(data.position(), copy);
            return new Bytes(copy, 0, copy.length);
        }

        /**
         * A value over part of an array, without copying. The caller must not modify that part
         * afterwards.
         *
         * @param array the array
         * @param offset where the bytes start
         * @param length how many
         * @return the value
         * @throws IndexOutOfBoundsException if the range is outside the array
         */
        public static Bytes view(byte[] array, int offset, int length) {
            java.util.Objects.checkFromIndexSize(offset, length, array.length);
            return new Bytes(array, offset, length);
        }

        /**
         * @return a read-only view of the bytes, positioned at 0
         */
        public ByteBuffer data() {
            return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
        }

        /**
         * @return the number of bytes
         */
        public int length() {
            return length;
        }

        /**
         * @param index 0 to {@code length() - 1}
         * @return the byte at that index
         */
        public byte byteAt(int index) {
            java.util.Objects.checkIndex(index, length);
            return array[offset + index];
        }

        /**
         * @return the bytes, in a new array
         */
        public byte[] toArray() {
            return java.util.Arrays.copyOfRange(array, offset, offset + length);
        }

        /**
         * Copies the bytes into {@code dst} at {@code dstOffset}.
         *
         * @param dst the destination
         * @param dstOffset where to start writing
         */
        public void copyTo(byte[] dst, int dstOffset) {
            System.arraycopy(array, offset, dst, dstOffset, length);
        }

        @Override
        public ValueType type() {
            return ValueType.BYTES;
        }

        @Override
        public boolean equals(Object o) {
            return o == this
                    || o instanceof Bytes b
                            && java.util.Arrays.equals(
                                    array,
                                    offset,
                                    offset + length,
                                    b.array,
                                    b.offset,
                                    b.offset + b.length);
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = 1;
                for (int i = offset, end = offset + length; i < end; i++) {
                    h = 31 * h + array[i];
                }
                hash = h;
            }
            return h;
        }

        @Override
        public String toString() {
            return "Bytes[length=" + length + "]";
        }
    }

    /**
     * A container inside a container.
     *
     * @param value the nested container
     */
    record Nested(Container value) implements Value {
        /** Rejects null. */
        public Nested {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public ValueType type() {
            return ValueType.CONTAINER;
        }
    }

    /**
     * An ordered list of values of any types.
     *
     * @param items the values; copied into an unmodifiable list
     */
    record Array(List<Value> items) implements Value {
        /** Copies {@code items} and rejects null elements. */
        public Array {
            items = List.copyOf(items);
        }

        @Override
        public ValueType type() {
            return ValueType.LIST;
        }
    }

    /**
     * @param value the boolean
     * @return {@link #TRUE} or {@link #FALSE}
     */
    static Bool of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /**
     * @param value the integer
     * @return an int32 value (small values are cached)
     */
    static Int32 of(int value) {
        return SmallValues.int32(value);
    }

    /**
     * @param value the integer
     * @return an int64 value (small values are cached)
     */
    static Int64 of(long value) {
        return SmallValues.int64(value);
    }

    /**
     * @param value the float
     * @return a float32 value
     */
    static Float32 of(float value) {
        return new Float32(value);
    }

    /**
     * @param value the double
     * @return a float64 value
     */
    static Float64 of(double value) {
        return new Float64(value);
    }

    /**
     * @param value the string
     * @return a string value
     * @throws IllegalArgumentException if the string holds an unpaired surrogate
     */
    static Text of(String value) {
        return new Text(value);
    }

    /**
     * @param value the bytes; copied
     * @return a bytes value
     */
    static Bytes of(byte[] value) {
        return Bytes.copyOf(value);
    }

    /**
     * @param value the container
     * @return a nested-container value
     */
    static Nested of(Container value) {
        return new Nested(value);
    }

    /**
     * @param items the values
     * @return a list value
     */
    static Array of(List<Value> items) {
        return new Array(items);
    }

    /**
     * @param items the values
     * @return a list value
     */
    static Array list(Value... items) {
        return new Array(List.of(items));
    }
}
