package dev.switchboard.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import java.io.IOException;
import java.util.Base64;

/** Writes values in the typed JSON mapping of docs/CONTAINER.md. Stateless. */
final class JsonValueWriter {
    /** Integers beyond this magnitude lose precision in JavaScript, so they travel as strings. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private JsonValueWriter() {}

    static void writeContainer(JsonGenerator g, Container c, int depth, int maxDepth)
            throws IOException {
        if (depth > maxDepth) {
            throw new CodecException(
                    CodecError.DEPTH_EXCEEDED,
                    -1,
                    "cannot encode nesting deeper than " + maxDepth + " levels");
        }
        // An object whose first key starts with '$' is read as a type tag, so a container whose
        // first key does is wrapped in {"$map": ...}.
        boolean wrap = c.size() > 0 && c.keyAt(0).startsWith("$");
        if (wrap) {
            g.writeStartObject();
            g.writeFieldName("$map");
        }
        g.writeStartObject();
        for (int i = 0, n = c.size(); i < n; i++) {
            g.writeFieldName(c.keyAt(i));
            writeValue(g, c.valueAt(i), depth, maxDepth);
        }
        g.writeEndObject();
        if (wrap) {
            g.writeEndObject();
        }
    }

    static void writeValue(JsonGenerator g, Value value, int depth, int maxDepth)
            throws IOException {
        switch (value) {
            case Value.Null v -> g.writeNull();
            case Value.Bool v -> g.writeBoolean(v.value());
            case Value.Int8 v -> {
                open(g, "$i8").writeNumber(v.value());
                g.writeEndObject();
            }
            case Value.Int16 v -> {
                open(g, "$i16").writeNumber(v.value());
                g.writeEndObject();
            }
            case Value.Int32 v -> {
                open(g, "$i32").writeNumber(v.value());
                g.writeEndObject();
            }
            case Value.Int64 v -> {
                long x = v.value();
                if (x >= -MAX_SAFE_INTEGER && x <= MAX_SAFE_INTEGER) {
                    g.writeNumber(x);
                } else {
                    open(g, "$i64").writeString(Long.toString(x));
                    g.writeEndObject();
                }
            }
            case Value.Float32 v -> {
                float f = v.value();
                if (Float.isFinite(f)) {
                    open(g, "$f32").writeNumber(f);
                } else {
                    open(g, "$f32").writeString(Float.toString(f));
                }
                g.writeEndObject();
            }
            case Value.Float64 v -> {
                double d = v.value();
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    open(g, "$f64").writeString(Double.toString(d));
                    g.writeEndObject();
                }
            }
            case Value.Text v -> g.writeString(v.value());
            case Value.Bytes v -> {
                open(g, "$bytes").writeString(Base64.getEncoder().encodeToString(v.toArray()));
                g.writeEndObject();
            }
            case Value.Nested v -> writeContainer(g, v.value(), depth + 1, maxDepth);
            case Value.Array v -> {
                if (depth + 1 > maxDepth) {
                    throw new CodecException(
                            CodecError.DEPTH_EXCEEDED,
                            -1,
                            "cannot encode nesting deeper than " + maxDepth + " levels");
                }
                g.writeStartArray();
                for (Value item : v.items()) {
                    writeValue(g, item, depth + 1, maxDepth);
                }
                g.writeEndArray();
            }
        }
    }

    private static JsonGenerator open(JsonGenerator g, String tag) throws IOException {
        g.writeStartObject();
        g.writeFieldName(tag);
        return g;
    }
}
