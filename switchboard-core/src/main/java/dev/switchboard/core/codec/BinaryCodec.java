package dev.switchboard.core.codec;

import static dev.switchboard.core.codec.BinaryFormat.HAS_CORRELATION_ID;
import static dev.switchboard.core.codec.BinaryFormat.HAS_HEADERS;
import static dev.switchboard.core.codec.BinaryFormat.HAS_SOURCE;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TARGET;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TRACE;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TRACE_STATE;
import static dev.switchboard.core.codec.BinaryFormat.HAS_TTL;

import dev.switchboard.core.codec.internal.Compressor;
import dev.switchboard.core.codec.internal.Compressors;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.internal.ByteSink;
import dev.switchboard.core.message.Endpoint;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.TraceContext;
import java.util.Objects;

/**
 * The compact binary codec of the Container System (format version 1, docs/CONTAINER.md).
 *
 * <p>Encoding is deterministic: equal messages give equal bytes. Decoding treats its input as
 * hostile: every length is checked against {@link DecodeLimits} and against the bytes left before
 * anything is allocated, and any violation is a {@link CodecException} with a stable {@link
 * CodecError} and the offset. Bodies above the {@link CompressionPolicy}'s threshold are
 * compressed, and the algorithm is recorded in the message so decoding needs no configuration.
 *
 * <p>Decoded bytes values and {@link MessageView}s share the input array instead of copying it: do
 * not modify an input array after decoding it. Instances are immutable and thread-safe; each thread
 * reuses its own scratch buffers for encoding.
 */
public final class BinaryCodec {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final DecodeLimits limits;
    private final CompressionPolicy compression;

    private BinaryCodec(DecodeLimits limits, CompressionPolicy compression) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.compression = Objects.requireNonNull(compression, "compression");
    }

    /**
     * @return a codec with {@link DecodeLimits#DEFAULT} and no compression
     */
    public static BinaryCodec create() {
        return new BinaryCodec(DecodeLimits.DEFAULT, CompressionPolicy.NONE);
    }

    /**
     * @param limits what the decoder accepts (the encoder refuses what these limits would refuse in
     *     size and depth)
     * @param compression when to compress bodies
     * @return the codec
     */
    public static BinaryCodec create(DecodeLimits limits, CompressionPolicy compression) {
        return new BinaryCodec(limits, compression);
    }

    /**
     * @return the decoding limits
     */
    public DecodeLimits limits() {
        return limits;
    }

    /**
     * @return the compression policy
     */
    public CompressionPolicy compression() {
        return compression;
    }

    /**
     * Encodes a message.
     *
     * @param message the message
     * @return its bytes
     * @throws CodecException ({@link CodecError#DEPTH_EXCEEDED}, {@link CodecError#BODY_TOO_LARGE}
     *     or {@link CodecError#MESSAGE_TOO_LARGE}) if this codec's decoder would refuse the result
     */
    public byte[] encode(Message message) {
        Scratch s = SCRATCH.get();
        ByteSink body = s.body;
        body.reset();
        ValueEncoder.writeFields(body, message.body(), 1, limits.maxDepth());
        int rawLen = body.size();
        if (rawLen > limits.maxBodyBytes()) {
            throw new CodecException(
                    CodecError.BODY_TOO_LARGE,
                    -1,
                    "body is " + rawLen + " bytes; limit " + limits.maxBodyBytes());
        }
        ByteSink head = s.head;
        head.reset();
        writeHeader(head, message);

        byte[] section = body.array();
        int sectionLen = rawLen;
        int flags = 0;
        Compression algorithm = compression.algorithm();
        if (algorithm != Compression.NONE && rawLen >= compression.thresholdBytes()) {
            Compressor c = Compressors.get(algorithm);
            ByteSink packed = s.packed;
            packed.reset();
            packed.writeVarint(rawLen);
            int prefix = packed.size();
            int cap = c.maxCompressedLength(rawLen);
            packed.ensure(cap);
            int n =
                    c.compress(
                            section, 0, rawLen, packed.array(), prefix, cap, compression.level());
            if (n <= cap && prefix + n < rawLen) {
                packed.skip(n);
                section = packed.array();
                sectionLen = packed.size();
                flags = algorithm.code();
            }
        }
        int headLen = head.size();
        long total =
                BinaryFormat.PREFIX_LENGTH
                        + varintSize(headLen)
                        + headLen
                        + varintSize(sectionLen)
                        + (long) sectionLen;
        if (total > limits.maxMessageBytes()) {
            throw new CodecException(
                    CodecError.MESSAGE_TOO_LARGE,
                    -1,
                    "message is " + total + " bytes; limit " + limits.maxMessageBytes());
        }
        byte[] result = new byte[(int) total];
        result[0] = BinaryFormat.MAGIC_0;
        result[1] = BinaryFormat.MAGIC_1;
        result[2] = BinaryFormat.VERSION;
        result[3] = (byte) flags;
        int p = BinaryFormat.putVarint(result, BinaryFormat.PREFIX_LENGTH, headLen);
        System.arraycopy(head.array(), 0, result, p, headLen);
        p = BinaryFormat.putVarint(result, p + headLen, sectionLen);
        System.arraycopy(section, 0, result, p, sectionLen);
        return result;
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static void writeHeader(ByteSink out, Message m) {
        int presence = 0;
        if (m.ttlMillis() != 0) {
            presence |= HAS_TTL;
        }
        String correlationId = m.correlationId().orElse(null);
        if (correlationId != null) {
            presence |= HAS_CORRELATION_ID;
        }
        Endpoint source = m.source().orElse(null);
        if (source != null) {
            presence |= HAS_SOURCE;
        }
        Endpoint target = m.target().orElse(null);
        if (target != null) {
            presence |= HAS_TARGET;
        }
        TraceContext trace = m.trace().orElse(null);
        if (trace != null) {
            presence |= HAS_TRACE;
        }
        String traceState = m.traceState().orElse(null);
        if (traceState != null) {
            presence |= HAS_TRACE_STATE;
        }
        int headerCount = m.headerCount();
        if (headerCount > 0) {
            presence |= HAS_HEADERS;
        }
        out.writeVarint(presence);
        out.writeFixed64BE(m.id().high());
        out.writeFixed64BE(m.id().low());
        out.writeByte(m.type().code() | (m.priority().code() << 3));
        out.writeFixed64(m.timestampNanos());
        out.writeString(m.subject());
        if (m.ttlMillis() != 0) {
            out.writeVarint(m.ttlMillis());
        }
        if (correlationId != null) {
            out.writeString(correlationId);
        }
        if (source != null) {
            out.writeString(source.id());
            out.writeString(source.subId());
        }
        if (target != null) {
            out.writeString(target.id());
            out.writeString(target.subId());
        }
        if (trace != null) {
            out.writeFixed64BE(trace.traceIdHigh());
            out.writeFixed64BE(trace.traceIdLow());
            out.writeFixed64BE(trace.spanId());
            out.writeByte(trace.flags());
        }
        if (traceState != null) {
            out.writeString(traceState);
        }
        if (headerCount > 0) {
            out.writeVarint(headerCount);
            for (int i = 0; i < headerCount; i++) {
                out.writeString(m.headerName(i));
                out.writeString(m.headerValue(i));
            }
        }
    }

    /**
     * Decodes a whole message.
     *
     * @param bytes the encoded message; shared, not copied
     * @return the message
     * @throws CodecException if the input is malformed or breaks a limit
     */
    public Message decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes a whole message from part of an array.
     *
     * @param bytes the array; shared, not copied
     * @param offset where the message starts
     * @param length how long it is
     * @return the message
     * @throws CodecException if the input is malformed or breaks a limit
     */
    public Message decode(byte[] bytes, int offset, int length) {
        return view(bytes, offset, length).toMessage();
    }

    /**
     * Makes a lazy view: the envelope is checked, strings and body are decoded on demand.
     *
     * @param bytes the encoded message; shared, not copied
     * @return the view
     * @throws CodecException if the framing or the header layout is malformed
     */
    public MessageView view(byte[] bytes) {
        return view(bytes, 0, bytes.length);
    }

    /**
     * Makes a lazy view of part of an array.
     *
     * @param bytes the array; shared, not copied
     * @param offset where the message starts
     * @param length how long it is
     * @return the view
     * @throws CodecException if the framing or the header layout is malformed
     */
    public MessageView view(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return MessageView.parse(bytes, offset, length, limits);
    }

    /**
     * Encodes a bare container (no envelope, no prefix, no compression): the body format of
     * docs/CONTAINER.md.
     *
     * @param container the container
     * @return its bytes
     */
    public byte[] encodeContainer(Container container) {
        ByteSink sink = SCRATCH.get().body;
        sink.reset();
        ValueEncoder.writeFields(sink, container, 1, limits.maxDepth());
        return sink.toByteArray();
    }

    /**
     * Decodes a bare container written by {@link #encodeContainer}.
     *
     * @param bytes the bytes; shared, not copied
     * @return the container
     * @throws CodecException if malformed or over a limit
     */
    public Container decodeContainer(byte[] bytes) {
        if (bytes.length > limits.maxBodyBytes()) {
            throw new CodecException(
                    CodecError.BODY_TOO_LARGE,
                    0,
                    "container is " + bytes.length + " bytes; limit " + limits.maxBodyBytes());
        }
        BinaryReader in = new BinaryReader(bytes, 0, bytes.length);
        Container c = new ValueDecoder(in, limits).readFields(1);
        if (in.pos != in.limit) {
            throw in.error(
                    CodecError.TRAILING_BYTES, (in.limit - in.pos) + " bytes after the container");
        }
        return c;
    }

    /** Per-thread buffers, reused across messages. */
    private static final class Scratch {
        final ByteSink head = new ByteSink(256);
        final ByteSink body = new ByteSink(1024);
        final ByteSink packed = new ByteSink(1024);
    }
}
