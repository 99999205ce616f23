package dev.switchboard.core.codec;

import static dev.switchboard.core.codec.BinaryFormat.EXTENDED;
import static dev.switchboard.core.codec.BinaryFormat.INLINE_MAX;
import static dev.switchboard.core.codec.BinaryFormat.INT_BYTE;
import static dev.switchboard.core.codec.BinaryFormat.INT_FIXED;
import static dev.switchboard.core.codec.BinaryFormat.INT_INLINE_MAX;
import static dev.switchboard.core.codec.BinaryFormat.INT_VARINT;
import static dev.switchboard.core.codec.BinaryFormat.INT_VARINT_BITS;
import static dev.switchboard.core.codec.BinaryFormat.zigzag;

import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.container.ValueType;
import dev.switchboard.core.internal.ByteSink;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes containers and values in the binary format. Stateless. */
final class ValueEncoder {
    private ValueEncoder() {}

    /** Writes {@code count (key value)*}. {@code depth} is the container's own depth (body = 1). */
    static void writeFields(ByteSink out, Container c, int depth, int maxDepth) {
        int n = c.size();
        out.writeVarint(n);
        for (int i = 0; i < n; i++) {
            writeKey(out, c.keyAt(i));
            writeValue(out, c.valueAt(i), depth, maxDepth);
        }
    }

    private static void writeKey(ByteSink out, String key) {
        out.writeLengthPrefixed(EncodedKeyCache.utf8(key));
    }

    static void writeValue(ByteSink out, Value value, int depth, int maxDepth) {
        switch (value) {
            case Value.Null v -> out.writeByte(ValueType.NULL.code());
            case Value.Bool v -> out.writeByte((v.value() ? 1 << 4 : 0) | ValueType.BOOL.code());
            case Value.Int8 v -> writeInteger(out, ValueType.INT8, v.value());
            case Value.Int16 v -> writeInteger(out, ValueType.INT16, v.value());
            case Value.Int32 v -> writeInteger(out, ValueType.INT32, v.value());
            case Value.Int64 v -> writeInteger(out, ValueType.INT64, v.value());
            case Value.Float32 v -> {
                out.writeByte(ValueType.FLOAT32.code());
                out.writeFixed32(Float.floatToIntBits(v.value()));
            }
            case Value.Float64 v -> {
                out.writeByte(ValueType.FLOAT64.code());
                out.writeFixed64(Double.doubleToLongBits(v.value()));
            }
            case Value.Text v -> writeText(out, v.value());
            case Value.Bytes v -> writeBytes(out, v);
            case Value.Nested v -> {
                checkDepth(depth + 1, maxDepth);
                Container c = v.value();
                writeHead(out, ValueType.CONTAINER, c.size());
                int n = c.size();
                for (int i = 0; i < n; i++) {
                    writeKey(out, c.keyAt(i));
                    writeValue(out, c.valueAt(i), depth + 1, maxDepth);
                }
            }
            case Value.Array v -> {
                checkDepth(depth + 1, maxDepth);
                List<Value> items = v.items();
                writeHead(out, ValueType.LIST, items.size());
                for (int i = 0, n = items.size(); i < n; i++) {
                    writeValue(out, items.get(i), depth + 1, maxDepth);
                }
            }
        }
    }

    private static void checkDepth(int depth, int maxDepth) {
        if (depth > maxDepth) {
            throw new CodecException(
                    CodecError.DEPTH_EXCEEDED,
                    -1,
                    "cannot encode nesting deeper than " + maxDepth + " levels");
        }
    }

    /** The shortest of the four integer forms of {@link BinaryFormat}. */
    private static void writeInteger(ByteSink out, ValueType type, long v) {
        long z = zigzag(v);
        if (z >= 0 && z <= INT_INLINE_MAX) {
            out.writeByte(((int) z << 4) | type.code());
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            out.writeByte((INT_BYTE << 4) | type.code());
            out.writeByte((int) v);
        } else if ((z >>> INT_VARINT_BITS) == 0) {
            out.writeByte((INT_VARINT << 4) | type.code());
            out.writeVarint(z);
        } else {
            out.writeByte((INT_FIXED << 4) | type.code());
            out.writeFixed64(v);
        }
    }

    /** A tag whose inline part carries {@code n} (length or count), extended if needed. */
    private static void writeHead(ByteSink out, ValueType type, long n) {
        if (n <= INLINE_MAX) {
            out.writeByte(((int) n << 4) | type.code());
        } else {
            out.writeByte((EXTENDED << 4) | type.code());
            out.writeVarint(n);
        }
    }

    private static void writeText(ByteSink out, String s) {
        int n = s.length();
        if (n <= INLINE_MAX) {
            int start = out.size();
            out.writeByte((n << 4) | ValueType.STRING.code());
            if (out.writeAscii(s)) {
                return;
            }
            out.rewind(start);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeHead(out, ValueType.STRING, utf8.length);
        out.writeBytes(utf8, 0, utf8.length);
    }

    private static void writeBytes(ByteSink out, Value.Bytes data) {
        int len = data.length();
        writeHead(out, ValueType.BYTES, len);
        out.ensure(len);
        data.copyTo(out.array(), out.size());
        out.skip(len);
    }
}
