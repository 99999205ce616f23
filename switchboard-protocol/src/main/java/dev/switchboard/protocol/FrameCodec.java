package dev.switchboard.protocol;

import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.codec.CodecException;
import dev.switchboard.core.codec.CompressionPolicy;
import dev.switchboard.core.codec.DecodeLimits;
import dev.switchboard.core.container.Container;
import dev.switchboard.protocol.internal.BodyReader;
import io.netty.buffer.ByteBuf;

/**
 * Decodes frame bodies into {@link Frame}s, validating every field against the layout and the
 * negotiated {@link ProtocolLimits}. The frame header (length, opcode, flags) has been read and
 * checked by {@link FrameDecoder}. Stateless and thread-safe.
 */
public final class FrameCodec {
    /** HELLO and WELCOME are small containers; refuse anything deep or wide. */
    static final BinaryCodec HANDSHAKE_CODEC =
            BinaryCodec.create(
                    DecodeLimits.builder()
                            .maxMessageBytes(1 << 20)
                            .maxBodyBytes(1 << 20)
                            .maxDepth(4)
                            .maxFields(64)
                            .maxListItems(64)
                            .maxStringBytes(16 << 10)
                            .maxBytesLength(16 << 10)
                            .maxValues(512)
                            .build(),
                    CompressionPolicy.NONE);

    private FrameCodec() {}

    /**
     * Decodes one frame body.
     *
     * @param opcode the frame type
     * @param flags the flags byte (bits the opcode does not define are rejected)
     * @param buf the bytes
     * @param index where the body starts
     * @param length the body length
     * @param limits the limits in force
     * @return the frame
     * @throws ProtocolException with a stable code if the body is malformed or over a limit
     */
    public static Frame decode(
            Opcode opcode, int flags, ByteBuf buf, int index, int length, ProtocolLimits limits) {
        checkFlags(opcode, flags);
        BodyReader r = new BodyReader(opcode, buf, index, length);
        Frame f =
                switch (opcode) {
                    case HELLO -> hello(r, length);
                    case WELCOME -> welcome(r, length);
                    case PING -> new Frame.Ping();
                    case PONG -> new Frame.Pong();
                    case ERR ->
                            new Frame.Err(
                                    r.u16("code"),
                                    (int) r.u32("sid"),
                                    r.utf8("text", r.remaining()),
                                    (flags & FrameFlags.ERR_FATAL) != 0);
                    case GOAWAY ->
                            new Frame.GoAway(r.u32("drainMs"), r.utf8("reason", r.remaining()));
                    case PUB -> pub(r, flags, limits);
                    case SUB -> sub(r, limits);
                    case UNSUB -> new Frame.Unsub(sid(r), r.u32("maxMessages"));
                    case MSG -> msg(r, flags, limits);
                };
        r.end();
        return f;
    }

    /**
     * @param opcode the frame type
     * @param flags the flags byte
     * @throws ProtocolException with {@link ErrorCode#BAD_FLAGS} if a bit the opcode does not
     *     define is set
     */
    public static void checkFlags(Opcode opcode, int flags) {
        int unknown = flags & ~FrameFlags.allowed(opcode);
        if (unknown != 0) {
            throw new ProtocolException(
                    ErrorCode.BAD_FLAGS,
                    opcode + " does not define flag bits 0x" + Integer.toHexString(unknown));
        }
    }

    private static int sid(BodyReader r) {
        long sid = r.u32("sid");
        if (sid == 0 || sid > Integer.MAX_VALUE) {
            throw r.bad("sid must be in [1, 2^31-1], got " + sid);
        }
        return (int) sid;
    }

    private static Frame.Pub pub(BodyReader r, int flags, ProtocolLimits limits) {
        String subject = r.string16("subject", limits.maxSubjectBytes(), false);
        String reply = r.string16("reply subject", limits.maxSubjectBytes(), true);
        byte[] headers = headers(r, limits);
        byte[] payload = payload(r, limits);
        boolean request = (flags & FrameFlags.PUB_REQUEST) != 0;
        if (request && reply == null) {
            throw r.bad("a request (flag 0x01) needs a reply subject");
        }
        boolean ack = (flags & FrameFlags.PUB_ACK) != 0;
        if (ack && reply == null) {
            throw r.bad("a publish wanting a stream ack (flag 0x02) needs a reply subject");
        }
        return new Frame.Pub(subject, reply, headers, payload, request, ack);
    }

    private static Frame.Msg msg(BodyReader r, int flags, ProtocolLimits limits) {
        int sid = sid(r);
        String subject = r.string16("subject", limits.maxSubjectBytes(), false);
        if (subject.isEmpty()) {
            throw r.bad("subject is empty"); // a broker never sends one; the client's reader agrees
        }
        String reply = r.string16("reply subject", limits.maxSubjectBytes(), true);
        byte[] headers = headers(r, limits);
        byte[] payload = payload(r, limits);
        return new Frame.Msg(
                sid, subject, reply, headers, payload, (flags & FrameFlags.MSG_NO_RESPONDERS) != 0);
    }

    private static byte[] headers(BodyReader r, ProtocolLimits limits) {
        long len = r.u32("headers length");
        if (len > limits.maxHeadersBytes()) {
            throw new ProtocolException(
                    ErrorCode.BAD_HEADERS,
                    "headers are " + len + " bytes; the limit is " + limits.maxHeadersBytes());
        }
        if (len > r.remaining()) {
            throw r.bad("headers length " + len + " runs past the body");
        }
        byte[] h = r.bytes("headers", (int) len);
        Headers.decode(h); // validates the structure
        return h;
    }

    private static byte[] payload(BodyReader r, ProtocolLimits limits) {
        int len = r.remaining();
        if (len > limits.maxPayload()) {
            throw new ProtocolException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "payload is " + len + " bytes; the limit is " + limits.maxPayload());
        }
        return r.bytes("payload", len);
    }

    private static Frame.Sub sub(BodyReader r, ProtocolLimits limits) {
        int sid = sid(r);
        String pattern = r.string16("pattern", limits.maxSubjectBytes(), false);
        String group = r.string16("queue group", limits.maxSubjectBytes(), true);
        int modeCode = r.u8("group mode");
        QueueMode mode = QueueMode.of(modeCode);
        if (mode == null) {
            throw r.bad("unknown group mode " + modeCode);
        }
        String hashHeader = r.string16("hash header", limits.maxSubjectBytes(), true);
        return new Frame.Sub(sid, pattern, group, mode, hashHeader);
    }

    private static Container container(BodyReader r, int length) {
        byte[] bytes = r.bytes("container", length);
        try {
            return HANDSHAKE_CODEC.decodeContainer(bytes);
        } catch (CodecException e) {
            throw r.bad("not a valid container: " + e.getMessage());
        }
    }

    /** A handshake integer that must fit in 32 bits: never narrowed silently. */
    private static int int32(BodyReader r, Container c, String key, long min) {
        long v = c.getLong(key);
        if (v < min || v > Integer.MAX_VALUE) {
            throw r.bad(key + " must be in [" + min + ", " + Integer.MAX_VALUE + "], got " + v);
        }
        return (int) v;
    }

    private static Frame.Hello hello(BodyReader r, int length) {
        Container c = container(r, length);
        try {
            return new Frame.Hello(
                    int32(r, c, "min_version", 0),
                    int32(r, c, "max_version", 0),
                    c.contains("name") ? c.getString("name") : "",
                    c.contains("token") ? c.getString("token") : null,
                    c.contains("client") ? c.getString("client") : "",
                    !c.contains("echo") || c.getBool("echo"));
        } catch (RuntimeException e) {
            throw r.bad(e.getMessage());
        }
    }

    private static Frame.Welcome welcome(BodyReader r, int length) {
        Container c = container(r, length);
        try {
            return new Frame.Welcome(
                    int32(r, c, "version", 0),
                    c.getString("server_id"),
                    c.getString("server_name"),
                    c.getString("server_version"),
                    c.getLong("connection_id"),
                    new ProtocolLimits(
                            int32(r, c, "max_payload", 0),
                            int32(r, c, "max_subject", 0),
                            int32(r, c, "max_headers", 0),
                            int32(r, c, "max_control", 0)),
                    int32(r, c, "max_subscriptions", 1),
                    c.getLong("heartbeat_ms"));
        } catch (RuntimeException e) {
            throw r.bad(e.getMessage());
        }
    }
}
