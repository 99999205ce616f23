package dev.switchboard.core.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads values in the typed JSON mapping of docs/CONTAINER.md from a Jackson streaming parser,
 * enforcing {@link DecodeLimits}. One instance per document.
 */
final class JsonValueReader {
    private final JsonParser p;
    private final DecodeLimits limits;
    private int values;

    JsonValueReader(JsonParser p, DecodeLimits limits) {
        this.p = p;
        this.limits = limits;
    }

    CodecException error(String detail) {
        return new CodecException(
                CodecError.JSON_MAPPING, offset(p.currentTokenLocation()), detail);
    }

    static long offset(JsonLocation loc) {
        if (loc == null) {
            return -1;
        }
        return loc.getCharOffset() >= 0 ? loc.getCharOffset() : loc.getByteOffset();
    }

    /** Reads a container whose START_OBJECT is the current token, at {@code depth}. */
    Container readContainer(int depth) throws IOException {
        Value v = readObject(depth);
        if (v instanceof Value.Nested n) {
            return n.value();
        }
        throw error("expected an object (a container), found a " + v.type() + " type tag");
    }

    /** Reads the value whose first token is current. {@code depth} is the enclosing container's. */
    Value readValue(int depth) throws IOException {
        if (++values > limits.maxValues()) {
            throw new CodecException(
                    CodecError.TOO_MANY_VALUES,
                    offset(p.currentTokenLocation()),
                    "more than " + limits.maxValues() + " values");
        }
        JsonToken t = p.currentToken();
        return switch (t) {
            case VALUE_NULL -> Value.NULL;
            case VALUE_TRUE -> Value.TRUE;
            case VALUE_FALSE -> Value.FALSE;
            case VALUE_STRING -> text(p.getText());
            case VALUE_NUMBER_INT -> Value.of(longValue());
            case VALUE_NUMBER_FLOAT -> Value.of(finiteDouble());
            case START_OBJECT -> readObject(depth + 1);
            case START_ARRAY -> {
                checkDepth(depth + 1);
                yield readArray(depth + 1);
            }
            default -> throw error("unexpected " + t);
        };
    }

    private void checkDepth(int depth) {
        if (depth > limits.maxDepth()) {
            throw new CodecException(
                    CodecError.DEPTH_EXCEEDED,
                    offset(p.currentTokenLocation()),
                    "nesting deeper than " + limits.maxDepth() + " levels");
        }
    }

    private Value text(String s) {
        if (s.length() > limits.maxStringBytes()) {
            throw new CodecException(
                    CodecError.STRING_TOO_LONG,
                    offset(p.currentTokenLocation()),
                    "string is " + s.length() + " chars; limit " + limits.maxStringBytes());
        }
        try {
            return Value.of(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private long longValue() throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw error("integer " + p.getText() + " does not fit int64");
        }
        return p.getLongValue();
    }

    private double finiteDouble() throws IOException {
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw error("number " + p.getText() + " does not fit float64");
        }
        return d;
    }

    private Value readArray(int depth) throws IOException {
        List<Value> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (items.size() >= limits.maxListItems()) {
                throw new CodecException(
                        CodecError.LIST_TOO_LONG,
                        offset(p.currentTokenLocation()),
                        "list has more than " + limits.maxListItems() + " items");
            }
            items.add(readValue(depth));
        }
        return Value.of(items);
    }

    /**
     * An object at {@code depth}: a type tag if its first key starts with '$', else a container.
     */
    private Value readObject(int depth) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            checkDepth(depth);
            return Value.of(Container.empty());
        }
        String first = p.currentName();
        if (!first.startsWith("$")) {
            checkDepth(depth);
            return Value.of(readFields(depth));
        }
        p.nextToken();
        Value v = readTagged(first, depth);
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw error("a type tag object like {\"" + first + "\": ...} has exactly one member");
        }
        return v;
    }

    /** Reads the fields of a plain container; the current token is its first FIELD_NAME. */
    private Container readFields(int depth) throws IOException {
        Container.Builder b = Container.builder();
        int n = 0;
        for (JsonToken t = p.currentToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (++n > limits.maxFields()) {
                throw new CodecException(
                        CodecError.TOO_MANY_FIELDS,
                        offset(p.currentTokenLocation()),
                        "container has more than " + limits.maxFields() + " fields");
            }
            String key = p.currentName();
            p.nextToken();
            Value v = readValue(depth);
            try {
                b.put(key, v);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
        return b.build();
    }

    private Value readTagged(String tag, int depth) throws IOException {
        JsonToken t = p.currentToken();
        switch (tag) {
            case "$map" -> {
                if (t != JsonToken.START_OBJECT) {
                    throw error("$map takes an object");
                }
                checkDepth(depth);
                JsonToken next = p.nextToken();
                return Value.of(
                        next == JsonToken.END_OBJECT ? Container.empty() : readFields(depth));
            }
            case "$i8", "$i16", "$i32" -> {
                if (t != JsonToken.VALUE_NUMBER_INT) {
                    throw error(tag + " takes an integer");
                }
                long v = longValue();
                return switch (tag) {
                    case "$i8" -> {
                        requireRange(tag, v, Byte.MIN_VALUE, Byte.MAX_VALUE);
                        yield new Value.Int8((byte) v);
                    }
                    case "$i16" -> {
                        requireRange(tag, v, Short.MIN_VALUE, Short.MAX_VALUE);
                        yield new Value.Int16((short) v);
                    }
                    default -> {
                        requireRange(tag, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                        yield Value.of((int) v);
                    }
                };
            }
            case "$i64" -> {
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    return Value.of(longValue());
                }
                if (t == JsonToken.VALUE_STRING) {
                    try {
                        return Value.of(Long.parseLong(p.getText()));
                    } catch (NumberFormatException e) {
                        throw error("$i64 string is not a 64-bit integer: " + p.getText());
                    }
                }
                throw error("$i64 takes an integer or a decimal string");
            }
            case "$f32" -> {
                if (t == JsonToken.VALUE_STRING) {
                    return Value.of(Float.parseFloat(special(tag)));
                }
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw error("$f32 takes a number or \"NaN\", \"Infinity\", \"-Infinity\"");
                }
                float f = Float.parseFloat(p.getText());
                if (!Float.isFinite(f)) {
                    throw error("number " + p.getText() + " does not fit float32");
                }
                return Value.of(f);
            }
            case "$f64" -> {
                if (t == JsonToken.VALUE_STRING) {
                    return Value.of(Double.parseDouble(special(tag)));
                }
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw error("$f64 takes a number or \"NaN\", \"Infinity\", \"-Infinity\"");
                }
                return Value.of(finiteDouble());
            }
            case "$bytes" -> {
                if (t != JsonToken.VALUE_STRING) {
                    throw error("$bytes takes a base64 string");
                }
                String b64 = p.getText();
                // 4 chars decode to 3 bytes, less up to 2 of padding: refuse before decoding what
                // is surely too long, and check the exact size after.
                if ((long) b64.length() * 3 / 4 - 2 > limits.maxBytesLength()) {
                    throw bytesTooLong();
                }
                byte[] data;
                try {
                    data = Base64.getDecoder().decode(b64);
                } catch (IllegalArgumentException e) {
                    throw error("$bytes is not standard base64: " + e.getMessage());
                }
                if (data.length > limits.maxBytesLength()) {
                    throw bytesTooLong();
                }
                return Value.Bytes.copyOf(data);
            }
            default ->
                    throw error(
                            "unknown type tag '"
                                    + tag
                                    + "'; wrap an object whose first key starts with '$' in {\"$map\": ...}");
        }
    }

    private CodecException bytesTooLong() {
        return new CodecException(
                CodecError.BYTES_TOO_LONG,
                offset(p.currentTokenLocation()),
                "bytes value over the limit of " + limits.maxBytesLength());
    }

    private String special(String tag) throws IOException {
        String s = p.getText();
        if (!s.equals("NaN") && !s.equals("Infinity") && !s.equals("-Infinity")) {
            throw error(
                    tag
                            + " string must be \"NaN\", \"Infinity\" or \"-Infinity\", got \""
                            + s
                            + "\"");
        }
        return s;
    }

    private void requireRange(String tag, long v, long min, long max) {
        if (v < min || v > max) {
            throw new CodecException(
                    CodecError.VALUE_OUT_OF_RANGE,
                    offset(p.currentTokenLocation()),
                    v + " does not fit " + tag.substring(1));
        }
    }
}
