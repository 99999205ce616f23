package dev.switchboard.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.InvalidSubjectException;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import dev.switchboard.core.message.TraceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON codec of the Container System, on Jackson's streaming API. The mapping keeps every type,
 * so JSON and binary round-trip into each other; docs/CONTAINER.md documents it:
 *
 * <ul>
 *   <li>null, bool, string, list and container map to their JSON counterparts; int64 to a JSON
 *       integer (or {@code {"$i64":"<decimal>"}} beyond ±2^53, which JavaScript cannot hold);
 *       float64 to a JSON number with a fraction or exponent.
 *   <li>Other types carry a tag: {@code {"$i8":1}}, {@code {"$i16":1}}, {@code {"$i32":1}}, {@code
 *       {"$f32":1.5}}, {@code {"$bytes":"<base64>"}}; non-finite floats are {@code {"$f64":"NaN"}}
 *       (or "Infinity", "-Infinity").
 *   <li>A container whose first key starts with {@code $} is wrapped: {@code {"$map":{...}}}.
 * </ul>
 *
 * <p>Decoding enforces {@link DecodeLimits} (document size, depth, fields, list items, string and
 * bytes length, headers, total values), rejects duplicate keys and unknown envelope fields, and
 * fails with {@link CodecException} ({@link CodecError#JSON_SYNTAX}, {@link
 * CodecError#JSON_MAPPING} or a limit's error) with the character offset. Thread-safe.
 */
public final class JsonCodec {
    private final JsonFactory factory;
    private final DecodeLimits limits;
    private final boolean pretty;

    private JsonCodec(DecodeLimits limits, boolean pretty) {
        this.limits = limits;
        this.pretty = pretty;
        long base64Chars = (long) limits.maxBytesLength() * 4 / 3 + 4;
        int maxString =
                (int) Math.min(Integer.MAX_VALUE, Math.max(limits.maxStringBytes(), base64Chars));
        this.factory =
                JsonFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxDocumentLength(limits.maxMessageBytes())
                                        // Our own depth check is exact; this is a safety net
                                        // that must admit what the encoder writes: the envelope,
                                        // two levels per container wrapped in {"$map": ...},
                                        // and a tag object at the innermost level.
                                        .maxNestingDepth(
                                                (int)
                                                        Math.min(
                                                                Integer.MAX_VALUE,
                                                                2L * limits.maxDepth() + 2))
                                        .maxStringLength(maxString)
                                        .maxNameLength(1024)
                                        .maxNumberLength(400)
                                        .build())
                        .build();
    }

    /**
     * @return a compact codec with {@link DecodeLimits#DEFAULT}
     */
    public static JsonCodec create() {
        return new JsonCodec(DecodeLimits.DEFAULT, false);
    }

    /**
     * @param limits what the decoder accepts; maxMessageBytes bounds the document in chars
     * @param pretty whether to indent the output
     * @return the codec
     */
    public static JsonCodec create(DecodeLimits limits, boolean pretty) {
        return new JsonCodec(limits, pretty);
    }

    /**
     * @param message a message
     * @return its JSON text
     */
    public String encode(Message message) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = generator(factory.createGenerator(w))) {
            writeMessage(g, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * @param message a message
     * @return its JSON text as UTF-8 bytes
     */
    public byte[] encodeToBytes(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encode(message, out);
        return out.toByteArray();
    }

    /**
     * @param message a message
     * @param out where to write its JSON as UTF-8; not closed
     * @throws UncheckedIOException if the stream fails
     */
    public void encode(Message message, OutputStream out) {
        try (JsonGenerator g = generator(factory.createGenerator(out))) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeMessage(g, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param container a container
     * @return its JSON text (an object)
     */
    public String encodeContainer(Container container) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = generator(factory.createGenerator(w))) {
            JsonValueWriter.writeContainer(g, container, 1, limits.maxDepth());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private JsonGenerator generator(JsonGenerator g) {
        if (pretty) {
            g.useDefaultPrettyPrinter();
        }
        return g;
    }

    private void writeMessage(JsonGenerator g, Message m) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", m.id().toString());
        g.writeStringField("subject", m.subject());
        g.writeStringField("type", m.type().name().toLowerCase(Locale.ROOT));
        g.writeStringField("priority", m.priority().name().toLowerCase(Locale.ROOT));
        g.writeStringField("timestamp", m.timestamp().toString());
        if (m.ttlMillis() != 0) {
            g.writeNumberField("ttlMs", m.ttlMillis());
        }
        if (m.correlationId().isPresent()) {
            g.writeStringField("correlationId", m.correlationId().get());
        }
        if (m.source().isPresent()) {
            writeEndpoint(g, "source", m.source().get());
        }
        if (m.target().isPresent()) {
            writeEndpoint(g, "target", m.target().get());
        }
        if (m.trace().isPresent()) {
            g.writeStringField("traceparent", m.trace().get().toTraceparent());
        }
        if (m.traceState().isPresent()) {
            g.writeStringField("tracestate", m.traceState().get());
        }
        if (!m.headers().isEmpty()) {
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : m.headers().entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
        }
        g.writeFieldName(new SerializedString("body"));
        JsonValueWriter.writeContainer(g, m.body(), 1, limits.maxDepth());
        g.writeEndObject();
    }

    private static void writeEndpoint(JsonGenerator g, String field, Endpoint e)
            throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("id", e.id());
        if (!e.subId().isEmpty()) {
            g.writeStringField("subId", e.subId());
        }
        g.writeEndObject();
    }

    /**
     * Decodes a message. {@code subject} is required; a missing {@code id} or {@code timestamp} is
     * generated, so simple producers may leave them out.
     *
     * @param json the JSON text
     * @return the message
     * @throws CodecException if the text is not well-formed, breaks the mapping or a limit
     */
    public Message decode(String json) {
        checkSize(json.length());
        try (JsonParser p = factory.createParser(json)) {
            return readMessageDocument(p);
        } catch (IOException e) {
            throw syntax(e);
        }
    }

    /**
     * @param json the JSON as UTF-8 bytes
     * @return the message
     * @throws CodecException if the text is not well-formed, breaks the mapping or a limit
     */
    public Message decode(byte[] json) {
        checkSize(json.length);
        try (JsonParser p = factory.createParser(json)) {
            return readMessageDocument(p);
        } catch (IOException e) {
            throw syntax(e);
        }
    }

    /**
     * @param json a JSON object in the value mapping
     * @return the container
     * @throws CodecException if the text is not well-formed, breaks the mapping or a limit
     */
    public Container decodeContainer(String json) {
        checkSize(json.length());
        try (JsonParser p = factory.createParser(json)) {
            if (firstToken(p) != JsonToken.START_OBJECT) {
                throw new CodecException(
                        CodecError.JSON_MAPPING, 0, "a container is a JSON object");
            }
            Container c = new JsonValueReader(p, limits).readContainer(1);
            requireEnd(p);
            return c;
        } catch (IOException e) {
            throw syntax(e);
        }
    }

    private void checkSize(int length) {
        if (length > limits.maxMessageBytes()) {
            throw new CodecException(
                    CodecError.MESSAGE_TOO_LARGE,
                    0,
                    "JSON is " + length + " long; limit " + limits.maxMessageBytes());
        }
    }

    private static CodecException syntax(IOException e) {
        long offset =
                e instanceof JsonProcessingException jpe
                        ? JsonValueReader.offset(jpe.getLocation())
                        : -1;
        String detail =
                e instanceof JsonProcessingException jpe
                        ? jpe.getOriginalMessage()
                        : e.getMessage();
        return new CodecException(CodecError.JSON_SYNTAX, offset, detail, e);
    }

    private static JsonToken firstToken(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new CodecException(
                    CodecError.JSON_SYNTAX,
                    JsonValueReader.offset(p.currentLocation()),
                    "empty document");
        }
        return t;
    }

    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new CodecException(
                    CodecError.JSON_SYNTAX,
                    JsonValueReader.offset(p.currentTokenLocation()),
                    "content after the document");
        }
    }

    /**
     * The envelope fields as read, in any order; applied to a builder once the subject (which the
     * builder needs first) is known.
     */
    private static final class EnvelopeFields {
        String subject;
        MessageId id;
        Instant timestamp;
        MessageType type;
        Priority priority;
        Duration ttl;
        String correlationId;
        Endpoint source;
        Endpoint target;
        TraceContext trace;
        String traceState;
        Map<String, String> headers;
        Container body = Container.empty();

        Message build() {
            Message.Builder b = Message.builder(subject);
            if (id != null) {
                b.id(id);
            }
            if (timestamp != null) {
                b.timestamp(timestamp);
            }
            if (type != null) {
                b.type(type);
            }
            if (priority != null) {
                b.priority(priority);
            }
            if (ttl != null) {
                b.ttl(ttl);
            }
            b.correlationId(correlationId).source(source).target(target).trace(trace);
            b.traceState(traceState); // after trace: tracestate needs a trace context
            if (headers != null) {
                b.headers(headers);
            }
            return b.body(body).build();
        }
    }

    private Message readMessageDocument(JsonParser p) throws IOException {
        JsonValueReader values = new JsonValueReader(p, limits);
        if (firstToken(p) != JsonToken.START_OBJECT) {
            throw new CodecException(CodecError.JSON_MAPPING, 0, "a message is a JSON object");
        }
        EnvelopeFields f = new EnvelopeFields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            try {
                switch (field) {
                    case "id" -> f.id = MessageId.parse(string(p, values, field, t));
                    case "subject" -> f.subject = string(p, values, field, t);
                    case "type" ->
                            f.type =
                                    enumValue(
                                            MessageType.class, string(p, values, field, t), values);
                    case "priority" ->
                            f.priority =
                                    enumValue(Priority.class, string(p, values, field, t), values);
                    case "timestamp" -> f.timestamp = Instant.parse(string(p, values, field, t));
                    case "ttlMs" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            throw values.error("ttlMs takes a 64-bit integer");
                        }
                        f.ttl = Duration.ofMillis(p.getLongValue());
                    }
                    case "correlationId" -> f.correlationId = string(p, values, field, t);
                    case "source" -> f.source = endpoint(p, values, field, t);
                    case "target" -> f.target = endpoint(p, values, field, t);
                    case "traceparent" -> f.trace = TraceContext.parse(string(p, values, field, t));
                    case "tracestate" -> f.traceState = string(p, values, field, t);
                    case "headers" -> f.headers = headers(p, values, t);
                    case "body" -> {
                        if (t != JsonToken.START_OBJECT) {
                            throw values.error("body must be an object");
                        }
                        f.body = values.readContainer(1);
                    }
                    default -> throw values.error("unknown message field '" + field + "'");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw values.error(field + ": " + e.getMessage());
            }
        }
        if (f.subject == null) {
            throw new CodecException(CodecError.JSON_MAPPING, -1, "message has no subject");
        }
        Message message;
        try {
            message = f.build();
        } catch (InvalidSubjectException | IllegalArgumentException e) {
            throw new CodecException(CodecError.INVALID_FIELD, -1, e.getMessage());
        }
        requireEnd(p);
        return message;
    }

    private static String string(JsonParser p, JsonValueReader values, String field, JsonToken t)
            throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw values.error(field + " takes a string");
        }
        return p.getText();
    }

    private static <E extends Enum<E>> E enumValue(
            Class<E> type, String name, JsonValueReader values) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw values.error("unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }

    private static Endpoint endpoint(
            JsonParser p, JsonValueReader values, String field, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw values.error(field + " takes an object {\"id\":..., \"subId\":...}");
        }
        String id = null;
        String subId = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "id" -> id = string(p, values, field + ".id", v);
                case "subId" -> subId = string(p, values, field + ".subId", v);
                default -> throw values.error("unknown " + field + " field '" + name + "'");
            }
        }
        if (id == null) {
            throw values.error(field + " has no id");
        }
        return new Endpoint(id, subId);
    }

    private Map<String, String> headers(JsonParser p, JsonValueReader values, JsonToken t)
            throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw values.error("headers takes an object of strings");
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (headers.size() >= limits.maxHeaders()) {
                throw new CodecException(
                        CodecError.TOO_MANY_HEADERS,
                        JsonValueReader.offset(p.currentTokenLocation()),
                        "more than " + limits.maxHeaders() + " headers");
            }
            String value = string(p, values, "header '" + name + "'", p.nextToken());
            if (value.length() > limits.maxStringBytes()) {
                throw new CodecException(
                        CodecError.STRING_TOO_LONG,
                        JsonValueReader.offset(p.currentTokenLocation()),
                        "header '"
                                + name
                                + "' is "
                                + value.length()
                                + " chars; limit "
                                + limits.maxStringBytes());
            }
            headers.put(name, value);
        }
        return headers;
    }
}
