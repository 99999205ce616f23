package dev.switchboard.core.codec;

import static dev.switchboard.core.codec.BinaryFormat.EXTENDED;
import static dev.switchboard.core.codec.BinaryFormat.INLINE_MAX;
import static dev.switchboard.core.codec.BinaryFormat.INT_BYTE;
import static dev.switchboard.core.codec.BinaryFormat.INT_FIXED;
import static dev.switchboard.core.codec.BinaryFormat.INT_INLINE_MAX;
import static dev.switchboard.core.codec.BinaryFormat.INT_VARINT;
import static dev.switchboard.core.codec.BinaryFormat.INT_VARINT_BITS;
import static dev.switchboard.core.codec.BinaryFormat.unzigzag;
import static dev.switchboard.core.codec.BinaryFormat.zigzag;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.container.ValueType;
import dev.switchboard.core.container.internal.ContainerAccess;
import dev.switchboard.core.internal.ByteArrays;
import java.util.List;

/**
 * Reads containers and values from untrusted bytes, enforcing {@link DecodeLimits} before each
 * allocation. One instance per decode (it counts values across the whole message). Bytes values are
 * views over the input, not copies.
 */
final class ValueDecoder {
    private final DecodeLimits limits;
    private final BinaryReader in;
    private int values;

    ValueDecoder(BinaryReader in, DecodeLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** Reads {@code count (key value)*} of a container at {@code depth} (the body is depth 1). */
    Container readFields(int depth) {
        int at = in.pos;
        long count = in.readVarint();
        // Each field takes at least 3 bytes (key length, one key byte, a tag).
        int n = checkCount(count, at, limits.maxFields(), CodecError.TOO_MANY_FIELDS, "fields", 3);
        return readFieldsBody(n, depth);
    }

    private Container readFieldsBody(int n, int depth) {
        // The keys are checked here (well-formed, unique, increasing), so the container can own
        // these arrays without the builder's checks and copies.
        String[] keys = new String[n];
        Value[] vals = new Value[n];
        byte[] buf = in.buf;
        KeyCache.Entry prev = null;
        for (int i = 0; i < n; i++) {
            int keyAt = in.pos;
            int klen =
                    in.readLength(Container.MAX_KEY_BYTES, CodecError.INVALID_FIELD, "key length");
            if (klen == 0) {
                throw in.errorAt(CodecError.INVALID_FIELD, keyAt, "empty container key");
            }
            int koff = in.pos;
            KeyCache.Entry key = prev != null ? prev.next : null;
            if (key == null || !key.matches(buf, koff, klen)) {
                // Not the key that followed the previous one last time: check order and look up.
                if (prev != null
                        && ByteArrays.compareUnsigned(
                                        prev.bytes, 0, prev.bytes.length, buf, koff, klen)
                                >= 0) {
                    throw in.errorAt(
                            CodecError.KEY_ORDER,
                            keyAt,
                            "container keys must be unique and in increasing byte order");
                }
                key = KeyCache.entry(buf, koff, klen);
                if (key == null) {
                    throw in.errorAt(
                            CodecError.INVALID_UTF8,
                            koff,
                            "container key is not well-formed UTF-8");
                }
                if (prev != null) {
                    prev.next = key;
                }
            }
            in.skip(klen);
            keys[i] = key.string;
            vals[i] = readValue(depth);
            prev = key;
        }
        return ContainerAccess.trusted(keys, vals);
    }

    private int checkCount(
            long count, int at, int max, CodecError tooMany, String what, int minBytesEach) {
        if (count > max || count < 0) {
            throw in.errorAt(
                    tooMany,
                    at,
                    what + " count " + Long.toUnsignedString(count) + "; limit " + max);
        }
        if (count * minBytesEach > in.remaining()) {
            throw in.errorAt(
                    CodecError.TRUNCATED,
                    at,
                    what
                            + " count "
                            + count
                            + " cannot fit in the "
                            + in.remaining()
                            + " bytes left");
        }
        return (int) count;
    }

    Value readValue(int depth) {
        int at = in.pos;
        int tag = in.readByte();
        if (++values > limits.maxValues()) {
            throw in.errorAt(
                    CodecError.TOO_MANY_VALUES, at, "more than " + limits.maxValues() + " values");
        }
        int inline = tag >>> 4;
        // A switch on the wire code itself: cheaper than mapping to the enum first.
        return switch (tag & 0x0F) {
            case 0 -> {
                requireInlineZero(inline, at, ValueType.NULL);
                yield Value.NULL;
            }
            case 1 -> {
                if (inline > 1) {
                    throw in.errorAt(
                            CodecError.NON_CANONICAL, at, "bool must be 0 or 1, got " + inline);
                }
                yield Value.of(inline == 1);
            }
            case 2 -> {
                long v = readInteger(inline, at);
                if (v != (byte) v) {
                    throw outOfRange(at, ValueType.INT8, v);
                }
                yield new Value.Int8((byte) v);
            }
            case 3 -> {
                long v = readInteger(inline, at);
                if (v != (short) v) {
                    throw outOfRange(at, ValueType.INT16, v);
                }
                yield new Value.Int16((short) v);
            }
            case 4 -> {
                long v = readInteger(inline, at);
                if (v != (int) v) {
                    throw outOfRange(at, ValueType.INT32, v);
                }
                yield Value.of((int) v);
            }
            case 5 -> Value.of(readInteger(inline, at));
            case 6 -> {
                requireInlineZero(inline, at, ValueType.FLOAT32);
                yield Value.of(Float.intBitsToFloat(in.readFixed32()));
            }
            case 7 -> {
                requireInlineZero(inline, at, ValueType.FLOAT64);
                yield Value.of(Double.longBitsToDouble(in.readFixed64()));
            }
            case 8 -> {
                int len =
                        readSize(
                                inline,
                                at,
                                limits.maxStringBytes(),
                                CodecError.STRING_TOO_LONG,
                                "string");
                yield ContainerAccess.trustedText(in.readUtf8(len, "string"));
            }
            case 9 -> {
                int len =
                        readSize(
                                inline,
                                at,
                                limits.maxBytesLength(),
                                CodecError.BYTES_TOO_LONG,
                                "bytes");
                Value.Bytes v = Value.Bytes.view(in.buf, in.pos, len);
                in.skip(len);
                yield v;
            }
            case 10 -> {
                checkDepth(depth + 1, at);
                long count = readHead(inline, at);
                int n =
                        checkCount(
                                count,
                                at,
                                limits.maxFields(),
                                CodecError.TOO_MANY_FIELDS,
                                "fields",
                                3);
                yield new Value.Nested(readFieldsBody(n, depth + 1));
            }
            case 11 -> {
                checkDepth(depth + 1, at);
                long count = readHead(inline, at);
                int n =
                        checkCount(
                                count,
                                at,
                                limits.maxListItems(),
                                CodecError.LIST_TOO_LONG,
                                "list",
                                1);
                Value[] items = new Value[n];
                for (int i = 0; i < n; i++) {
                    items[i] = readValue(depth + 1);
                }
                yield new Value.Array(List.of(items));
            }
            default ->
                    throw in.errorAt(
                            CodecError.UNKNOWN_TYPE, at, "unknown value type " + (tag & 0x0F));
        };
    }

    private void checkDepth(int depth, int at) {
        if (depth > limits.maxDepth()) {
            throw in.errorAt(
                    CodecError.DEPTH_EXCEEDED,
                    at,
                    "nesting deeper than " + limits.maxDepth() + " levels");
        }
    }

    private void requireInlineZero(int inline, int at, ValueType type) {
        if (inline != 0) {
            throw in.errorAt(
                    CodecError.NON_CANONICAL, at, type + " tag carries inline bits " + inline);
        }
    }

    private CodecException outOfRange(int at, ValueType type, long v) {
        return in.errorAt(CodecError.VALUE_OUT_OF_RANGE, at, v + " does not fit " + type);
    }

    /**
     * Reads an integer in whichever of its four forms the tag says, and rejects a form longer than
     * the value needs (see {@link BinaryFormat}).
     */
    private long readInteger(int inline, int at) {
        switch (inline) {
            case INT_BYTE -> {
                long v = (byte) in.readByte();
                if (zigzag(v) <= INT_INLINE_MAX) {
                    throw nonCanonicalInteger(at, v);
                }
                return v;
            }
            case INT_VARINT -> {
                long z = in.readVarint();
                long v = unzigzag(z);
                if ((z >>> INT_VARINT_BITS) != 0 || v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    throw nonCanonicalInteger(at, v);
                }
                return v;
            }
            case INT_FIXED -> {
                long v = in.readFixed64();
                if ((zigzag(v) >>> INT_VARINT_BITS) == 0) {
                    throw nonCanonicalInteger(at, v);
                }
                return v;
            }
            default -> {
                return unzigzag(inline);
            }
        }
    }

    private CodecException nonCanonicalInteger(int at, long v) {
        return in.errorAt(
                CodecError.NON_CANONICAL, at, "integer " + v + " in a longer form than it needs");
    }

    /** The inline value, or the varint that follows when inline is 15 (which must exceed 14). */
    private long readHead(int inline, int at) {
        if (inline != EXTENDED) {
            return inline;
        }
        long v = in.readVarint();
        if (v >= 0 && v <= INLINE_MAX) {
            throw in.errorAt(CodecError.NON_CANONICAL, at, "value " + v + " should be inline");
        }
        return v;
    }

    private int readSize(int inline, int at, int max, CodecError tooLong, String what) {
        long n = readHead(inline, at);
        return in.checkLength(n, at, max, tooLong, what + " length");
    }
}
