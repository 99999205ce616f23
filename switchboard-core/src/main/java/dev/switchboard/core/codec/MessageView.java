package dev.switchboard.core.codec;

import static dev.switchboard.core.codec.BinaryFormat.HAS_CORRELATION_ID;
import static dev.switchboard.core.codec.BinaryFormat.HAS_HEADERS;
import static dev.switchboard.core.codec.BinaryFormat.HAS_SOURCE;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TARGET;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TRACE;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TRACE_STATE;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TTL;
import static dev.switchboard.core.codec.BinaryFormat.KNOWN_PRESENCE;

import dev.switchboard.core.codec.internal.Compressor;
import dev.switchboard.core.codec.internal.Compressors;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.internal.ByteArrays;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.MessageId;
import dev.switchboard.core.message.MessageType;
import dev.switchboard.core.message.Priority;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.core.message.TraceContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * A lazy view of an encoded message: the envelope is located and checked when the view is made, but
 * strings are decoded only when asked for and the body is not touched until {@link #body()}. A
 * router can read the subject, priority or one header without decoding or decompressing the body.
 * The view shares the input array: do not modify it while the view is in use.
 *
 * <p>Creating the view checks the framing (magic, version, flags, lengths, header layout, header
 * name order) and throws {@link CodecException} for any violation. Accessors that decode a string
 * or the body may throw {@link CodecException} too (for example {@link CodecError#INVALID_UTF8}).
 * Not thread-safe while the body is being decoded; otherwise immutable.
 */
public final class MessageView {
    private final byte[] buf;
    private final int start;
    private final DecodeLimits limits;
    private final Compression compression;

    private long idHigh;
    private long idLow;
    private MessageType type;
    private Priority priority;
    private long timestampNanos;
    private long ttlMillis;
    private int presence;
    private int subjectOff;
    private int subjectLen;
    private int correlationOff;
    private int correlationLen;
    private final int[] endpoints = new int[8]; // source id, source sub, target id, target sub
    private TraceContext trace;
    private int traceStateOff;
    private int traceStateLen;
    private int headersOff;
    private int headerCount;
    private int bodyOff;
    private int bodyLen;

    private MessageView(byte[] buf, int offset, int length, DecodeLimits limits) {
        this.buf = buf;
        this.start = offset;
        this.limits = limits;
        if (length > limits.maxMessageBytes()) {
            throw new CodecException(
                    CodecError.MESSAGE_TOO_LARGE,
                    0,
                    "message is " + length + " bytes; limit " + limits.maxMessageBytes());
        }
        BinaryReader in = new BinaryReader(buf, offset, length);
        this.compression = readPrefix(in);
        int headerLen = in.readLength(length, CodecError.TRUNCATED, "header");
        int headerEnd = in.pos + headerLen;
        int end = in.limit;
        in.limit = headerEnd;
        readHeader(in);
        if (in.pos != headerEnd) {
            throw in.error(
                    CodecError.INVALID_FIELD, (headerEnd - in.pos) + " unread bytes at header end");
        }
        in.limit = end;
        bodyLen = in.readLength(length, CodecError.TRUNCATED, "body");
        bodyOff = in.pos;
        if (bodyOff + bodyLen != end) {
            throw in.errorAt(
                    CodecError.TRAILING_BYTES,
                    bodyOff + bodyLen,
                    (end - bodyOff - bodyLen) + " bytes after the end of the message");
        }
    }

    static MessageView parse(byte[] buf, int offset, int length, DecodeLimits limits) {
        return new MessageView(buf, offset, length, limits);
    }

    private static Compression readPrefix(BinaryReader in) {
        in.require(BinaryFormat.PREFIX_LENGTH, "message prefix");
        if (in.buf[in.pos] != BinaryFormat.MAGIC_0 || in.buf[in.pos + 1] != BinaryFormat.MAGIC_1) {
            throw in.error(CodecError.BAD_MAGIC, "not a Switchboard message (magic 'SB' missing)");
        }
        in.skip(2);
        int version = in.readByte();
        if (version != BinaryFormat.VERSION) {
            throw in.errorAt(
                    CodecError.UNSUPPORTED_VERSION,
                    in.pos - 1,
                    "format version " + version + "; this decoder reads " + BinaryFormat.VERSION);
        }
        int flags = in.readByte();
        if ((flags & ~BinaryFormat.FLAG_COMPRESSION_MASK) != 0) {
            throw in.errorAt(
                    CodecError.UNKNOWN_FLAGS,
                    in.pos - 1,
                    "flag bits 0x" + Integer.toHexString(flags));
        }
        return Compression.fromCode(flags & BinaryFormat.FLAG_COMPRESSION_MASK);
    }

    private void readHeader(BinaryReader in) {
        int at = in.pos;
        long bits = in.readVarint();
        if ((bits & ~KNOWN_PRESENCE) != 0) {
            throw in.errorAt(
                    CodecError.UNKNOWN_FLAGS,
                    at,
                    "header presence bits 0x" + Long.toHexString(bits));
        }
        presence = (int) bits;
        idHigh = in.readFixed64BE();
        idLow = in.readFixed64BE();
        at = in.pos;
        int kind = in.readByte();
        type = MessageType.fromCode(kind & 0x07);
        priority = Priority.fromCode((kind >>> 3) & 0x07);
        if (type == null || priority == null || (kind >>> 6) != 0) {
            throw in.errorAt(
                    CodecError.VALUE_OUT_OF_RANGE,
                    at,
                    "bad type/priority byte 0x" + Integer.toHexString(kind));
        }
        at = in.pos;
        timestampNanos = in.readFixed64();
        if (timestampNanos == Long.MIN_VALUE) {
            throw in.errorAt(CodecError.INVALID_FIELD, at, "reserved timestamp value");
        }
        subjectLen = in.readLength(Subjects.MAX_LENGTH * 3, CodecError.INVALID_FIELD, "subject");
        subjectOff = in.pos;
        in.skip(subjectLen);
        if ((presence & HAS_TTL) != 0) {
            at = in.pos;
            ttlMillis = in.readVarint();
            if (ttlMillis <= 0) {
                throw in.errorAt(CodecError.INVALID_FIELD, at, "ttl must be positive when present");
            }
        }
        if ((presence & HAS_CORRELATION_ID) != 0) {
            correlationLen =
                    in.readLength(
                            Message.MAX_CORRELATION_ID_LENGTH * 3,
                            CodecError.INVALID_FIELD,
                            "correlation id");
            correlationOff = in.pos;
            in.skip(correlationLen);
        }
        if ((presence & HAS_SOURCE) != 0) {
            readEndpoint(in, 0);
        }
        if ((presence & HAS_TARGET) != 0) {
            readEndpoint(in, 4);
        }
        if ((presence & HAS_TRACE) != 0) {
            at = in.pos;
            long hi = in.readFixed64BE();
            long lo = in.readFixed64BE();
            long span = in.readFixed64BE();
            byte flags = (byte) in.readByte();
            try {
                trace = new TraceContext(hi, lo, span, flags);
            } catch (IllegalArgumentException e) {
                throw in.errorAt(CodecError.INVALID_FIELD, at, e.getMessage());
            }
        }
        if ((presence & HAS_TRACE_STATE) != 0) {
            if (trace == null) {
                throw in.error(CodecError.INVALID_FIELD, "tracestate without a trace context");
            }
            traceStateLen =
                    in.readLength(
                            Message.MAX_TRACESTATE_LENGTH * 3,
                            CodecError.INVALID_FIELD,
                            "tracestate");
            traceStateOff = in.pos;
            in.skip(traceStateLen);
        }
        if ((presence & HAS_HEADERS) != 0) {
            readHeaderTable(in);
        }
    }

    private void readEndpoint(BinaryReader in, int slot) {
        int max = Endpoint.MAX_LENGTH * 3;
        endpoints[slot + 1] = in.readLength(max, CodecError.INVALID_FIELD, "endpoint id");
        endpoints[slot] = in.pos;
        in.skip(endpoints[slot + 1]);
        endpoints[slot + 3] = in.readLength(max, CodecError.INVALID_FIELD, "endpoint sub-id");
        endpoints[slot + 2] = in.pos;
        in.skip(endpoints[slot + 3]);
    }

    private void readHeaderTable(BinaryReader in) {
        int at = in.pos;
        long count = in.readVarint();
        if (count <= 0 || count > limits.maxHeaders()) {
            throw in.errorAt(
                    count == 0 ? CodecError.INVALID_FIELD : CodecError.TOO_MANY_HEADERS,
                    at,
                    "header count "
                            + Long.toUnsignedString(count)
                            + "; limit "
                            + limits.maxHeaders());
        }
        headerCount = (int) count;
        headersOff = in.pos;
        int prevOff = -1;
        int prevLen = 0;
        for (int i = 0; i < headerCount; i++) {
            int nameAt = in.pos;
            int nameLen =
                    in.readLength(
                            Message.MAX_HEADER_NAME_LENGTH * 3,
                            CodecError.INVALID_FIELD,
                            "header name");
            int nameOff = in.pos;
            if (nameLen == 0) {
                throw in.errorAt(CodecError.INVALID_FIELD, nameAt, "empty header name");
            }
            if (prevOff >= 0
                    && ByteArrays.compareUnsigned(buf, prevOff, prevLen, buf, nameOff, nameLen)
                            >= 0) {
                throw in.errorAt(
                        CodecError.KEY_ORDER,
                        nameAt,
                        "header names must be unique and in increasing byte order");
            }
            in.skip(nameLen);
            prevOff = nameOff;
            prevLen = nameLen;
            int valueLen =
                    in.readLength(
                            Math.min(limits.maxStringBytes(), Message.MAX_HEADER_VALUE_LENGTH * 3),
                            CodecError.STRING_TOO_LONG,
                            "header value");
            in.skip(valueLen);
        }
    }

    private String string(int off, int len, String what) {
        BinaryReader r = new BinaryReader(buf, start, off - start + len);
        r.pos = off;
        return r.readUtf8(len, what);
    }

    /**
     * @return the message id
     */
    public MessageId id() {
        return new MessageId(idHigh, idLow);
    }

    /**
     * @return the subject, decoded now
     */
    public String subject() {
        return string(subjectOff, subjectLen, "subject");
    }

    /**
     * Compares the subject with a string without decoding it.
     *
     * @param subject a subject
     * @return whether the message's subject is exactly that
     */
    public boolean subjectEquals(String subject) {
        byte[] want = subject.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(buf, subjectOff, subjectOff + subjectLen, want, 0, want.length);
    }

    /**
     * @return what the message is for
     */
    public MessageType type() {
        return type;
    }

    /**
     * @return how urgent it is
     */
    public Priority priority() {
        return priority;
    }

    /**
     * @return creation time in nanoseconds since the epoch
     */
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * @return the TTL in milliseconds, 0 for ever
     */
    public long ttlMillis() {
        return ttlMillis;
    }

    /**
     * @return the correlation id, if present
     */
    public Optional<String> correlationId() {
        return (presence & HAS_CORRELATION_ID) != 0
                ? Optional.of(string(correlationOff, correlationLen, "correlation id"))
                : Optional.empty();
    }

    /**
     * @return the trace context, if present
     */
    public Optional<TraceContext> trace() {
        return Optional.ofNullable(trace);
    }

    /**
     * @return the number of free headers
     */
    public int headerCount() {
        return headerCount;
    }

    /**
     * Finds one header by comparing names as bytes; only the found value is decoded.
     *
     * @param name the header name
     * @return its value, if present
     */
    public Optional<String> header(String name) {
        if (headerCount == 0) {
            return Optional.empty();
        }
        byte[] want = name.getBytes(StandardCharsets.UTF_8);
        BinaryReader r = new BinaryReader(buf, start, bodyOff - start);
        r.pos = headersOff;
        for (int i = 0; i < headerCount; i++) {
            int nameLen = (int) r.readVarint();
            int nameOff = r.pos;
            r.skip(nameLen);
            int valueLen = (int) r.readVarint();
            if (Arrays.equals(buf, nameOff, nameOff + nameLen, want, 0, want.length)) {
                return Optional.of(r.readUtf8(valueLen, "header value"));
            }
            r.skip(valueLen);
        }
        return Optional.empty();
    }

    /**
     * @return the compression of the stored body
     */
    public Compression compression() {
        return compression;
    }

    /**
     * @return the stored body section (compressed if {@link #compression()} says so), read-only,
     *     without copying
     */
    public ByteBuffer storedBody() {
        return ByteBuffer.wrap(buf, bodyOff, bodyLen).slice().asReadOnlyBuffer();
    }

    /**
     * Decodes (and if needed decompresses) the body.
     *
     * @return the body
     * @throws CodecException if the body is malformed or breaks a limit
     */
    public Container body() {
        if (compression == Compression.NONE) {
            BinaryReader in = new BinaryReader(buf, start, bodyOff + bodyLen - start);
            in.pos = bodyOff;
            if (bodyLen > limits.maxBodyBytes()) {
                throw in.error(
                        CodecError.BODY_TOO_LARGE,
                        "body is " + bodyLen + " bytes; limit " + limits.maxBodyBytes());
            }
            Container body = new ValueDecoder(in, limits).readFields(1);
            if (in.pos != in.limit) {
                throw in.error(
                        CodecError.TRAILING_BYTES,
                        (in.limit - in.pos) + " bytes after the body's fields");
            }
            return body;
        }
        BinaryReader in = new BinaryReader(buf, start, bodyOff + bodyLen - start);
        in.pos = bodyOff;
        int at = in.pos;
        long rawLen = in.readVarint();
        if (rawLen > limits.maxBodyBytes() || rawLen < 0) {
            throw in.errorAt(
                    CodecError.BODY_TOO_LARGE,
                    at,
                    "decompressed body would be "
                            + Long.toUnsignedString(rawLen)
                            + " bytes; limit "
                            + limits.maxBodyBytes());
        }
        Compressor compressor = Compressors.get(compression);
        if (compressor == null) {
            throw in.errorAt(
                    CodecError.COMPRESSION_UNAVAILABLE,
                    at,
                    compression + " library is not on the class path");
        }
        byte[] raw = new byte[(int) rawLen];
        if (!compressor.decompress(buf, in.pos, in.remaining(), raw, raw.length)) {
            throw in.errorAt(
                    CodecError.DECOMPRESSION_FAILED,
                    at,
                    compression
                            + " body is corrupt or does not decompress to the declared "
                            + rawLen
                            + " bytes");
        }
        BinaryReader body = new BinaryReader(raw, 0, raw.length);
        Container result = new ValueDecoder(body, limits).readFields(1);
        if (body.pos != body.limit) {
            throw body.error(
                    CodecError.TRAILING_BYTES,
                    (body.limit - body.pos) + " bytes after the decompressed body's fields");
        }
        return result;
    }

    /**
     * Decodes everything into a {@link Message}.
     *
     * @return the message
     * @throws CodecException if any field is malformed or breaks its rule
     */
    public Message toMessage() {
        Message.Builder b;
        String subject = subject();
        try {
            b = Message.builder(subject);
        } catch (RuntimeException e) {
            throw new CodecException(CodecError.INVALID_FIELD, subjectOff - start, e.getMessage());
        }
        b.id(new MessageId(idHigh, idLow)).type(type).priority(priority);
        try {
            b.timestamp(
                    java.time.Instant.ofEpochSecond(
                            Math.floorDiv(timestampNanos, 1_000_000_000L),
                            Math.floorMod(timestampNanos, 1_000_000_000L)));
            if (ttlMillis != 0) {
                b.ttl(Duration.ofMillis(ttlMillis));
            }
            if ((presence & HAS_CORRELATION_ID) != 0) {
                b.correlationId(string(correlationOff, correlationLen, "correlation id"));
            }
            if ((presence & HAS_SOURCE) != 0) {
                b.source(endpoint(0));
            }
            if ((presence & HAS_TARGET) != 0) {
                b.target(endpoint(4));
            }
            if (trace != null) {
                b.trace(trace);
                if ((presence & HAS_TRACE_STATE) != 0) {
                    b.traceState(string(traceStateOff, traceStateLen, "tracestate"));
                }
            }
            if (headerCount > 0) {
                readHeadersInto(b);
            }
        } catch (IllegalArgumentException e) {
            throw new CodecException(CodecError.INVALID_FIELD, -1, e.getMessage());
        }
        return b.body(body()).build();
    }

    private Endpoint endpoint(int slot) {
        return new Endpoint(
                string(endpoints[slot], endpoints[slot + 1], "endpoint id"),
                string(endpoints[slot + 2], endpoints[slot + 3], "endpoint sub-id"));
    }

    private void readHeadersInto(Message.Builder b) {
        BinaryReader r = new BinaryReader(buf, start, bodyOff - start);
        r.pos = headersOff;
        for (int i = 0; i < headerCount; i++) {
            int nameLen = (int) r.readVarint();
            String name = KeyCache.get(buf, r.pos, nameLen);
            if (name == null) {
                throw r.error(CodecError.INVALID_UTF8, "header name is not well-formed UTF-8");
            }
            r.skip(nameLen);
            int valueLen = (int) r.readVarint();
            b.header(name, r.readUtf8(valueLen, "header value"));
        }
    }
}
