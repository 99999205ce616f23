package dev.switchboard.protocol;

import dev.switchboard.core.container.Container;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.AsciiString;

/**
 * Writes frames into a buffer, in the layouts of {@link FrameLayout}. The PUB and MSG writers are
 * on the hot path: they compute lengths first, write straight into the buffer and allocate nothing
 * (subjects are encoded as UTF-8 in place). Stateless and thread-safe.
 */
public final class FrameWriter {
    private FrameWriter() {}

    /**
     * @param s a string
     * @return its UTF-8 length, without encoding it; 0 for {@code null}
     */
    public static int utf8Length(CharSequence s) {
        return s == null ? 0 : ByteBufUtil.utf8Bytes(s); // an AsciiString: its length
    }

    /** Fails rather than write a u16 length field that would wrap. */
    static int u16(int length, String what) {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(
                    what + " is " + length + " UTF-8 bytes; a frame field holds at most 65535");
        }
        return length;
    }

    /**
     * Writes a frame header.
     *
     * @param out the buffer
     * @param opcode the frame type
     * @param flags the flags byte
     * @param bodyLength the body length that follows
     */
    public static void header(ByteBuf out, int opcode, int flags, int bodyLength) {
        out.writeInt(bodyLength).writeByte(opcode).writeByte(flags);
    }

    /**
     * Writes a PUB frame.
     *
     * @param out the buffer
     * @param subject the subject (valid, within the subject limit)
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section
     * @param payload the payload array
     * @param offset where the payload starts in it
     * @param length the payload length
     * @param flags the flags byte ({@link FrameFlags#PUB_REQUEST}, {@link FrameFlags#PUB_ACK} or 0)
     * @return the frame's total length, header included
     */
    public static int pub(
            ByteBuf out,
            CharSequence subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload,
            int offset,
            int length,
            int flags) {
        int subjectLen = u16(utf8Length(subject), "subject");
        int replyLen = u16(utf8Length(replyTo), "reply subject");
        int body = FrameLayout.PUB_FIXED + subjectLen + replyLen + headers.length + length;
        out.ensureWritable(FrameLayout.HEADER + body);
        header(out, Opcode.PUB_CODE, flags, body);
        pubFields(out, subject, subjectLen, replyTo, replyLen, headers);
        out.writeBytes(payload, offset, length);
        return FrameLayout.HEADER + body;
    }

    private static void pubFields(
            ByteBuf out,
            CharSequence subject,
            int subjectLen,
            CharSequence replyTo,
            int replyLen,
            byte[] headers) {
        out.writeShort(subjectLen);
        writeText(out, subject, subjectLen);
        out.writeShort(replyLen);
        if (replyLen > 0) {
            writeText(out, replyTo, replyLen);
        }
        out.writeInt(headers.length).writeBytes(headers);
    }

    /**
     * Writes text as UTF-8; an {@link AsciiString} (ack subjects, inbox replies) in one array copy.
     * Netty's UTF-8 writer copies an AsciiString too, but re-checks the buffer's address and
     * reference count on the way: 11% of a stream thread's samples during replay (JFR, 2026-11-27).
     */
    private static void writeText(ByteBuf out, CharSequence text, int utf8Length) {
        if (text instanceof AsciiString a) {
            out.writeBytes(a.array(), a.arrayOffset(), a.length());
        } else {
            ByteBufUtil.reserveAndWriteUtf8(out, text, utf8Length);
        }
    }

    /**
     * Writes a MSG frame from parts (servers that build messages themselves, tests).
     *
     * @param out the buffer
     * @param sid the subscription id
     * @param subject the subject
     * @param replyTo the reply subject, or {@code null}
     * @param headers the encoded headers section
     * @param payload the payload
     * @param flags the flags byte
     */
    public static void msg(
            ByteBuf out,
            int sid,
            CharSequence subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload,
            int flags) {
        int subjectLen = u16(utf8Length(subject), "subject");
        int replyLen = u16(utf8Length(replyTo), "reply subject");
        msgHead(out, sid, subject, subjectLen, replyTo, replyLen, headers, payload.length, flags);
        out.writeBytes(payload);
    }

    /**
     * Writes a MSG frame's header and every field but the payload, whose length is given: the
     * caller writes or chains the payload next.
     */
    static void msgHead(
            ByteBuf out,
            int sid,
            CharSequence subject,
            int subjectLen,
            CharSequence replyTo,
            int replyLen,
            byte[] headers,
            int payloadLength,
            int flags) {
        int body = FrameLayout.MSG_FIXED + subjectLen + replyLen + headers.length + payloadLength;
        out.ensureWritable(FrameLayout.HEADER + body - payloadLength);
        header(out, Opcode.MSG_CODE, flags, body);
        out.writeInt(sid);
        pubFields(out, subject, subjectLen, replyTo, replyLen, headers);
    }

    /**
     * Writes a MSG frame whose body is a subscription id followed by a PUB body, copied byte for
     * byte: the server's forwarding path.
     *
     * @param out the buffer
     * @param sid the subscription id
     * @param flags the MSG flags
     * @param pubBody the buffer holding the PUB body
     * @param index where the PUB body starts
     * @param length its length
     */
    public static void msgFromPub(
            ByteBuf out, int sid, int flags, ByteBuf pubBody, int index, int length) {
        out.ensureWritable(FrameLayout.HEADER + 4 + length);
        header(out, Opcode.MSG_CODE, flags, 4 + length);
        out.writeInt(sid);
        out.writeBytes(pubBody, index, length);
    }

    /**
     * Writes any frame.
     *
     * @param frame the frame
     * @param out the buffer
     */
    public static void write(Frame frame, ByteBuf out) {
        switch (frame) {
            case Frame.Pub p ->
                    pub(
                            out,
                            p.subject(),
                            p.replyTo(),
                            p.headers(),
                            p.payload(),
                            0,
                            p.payload().length,
                            p.flags());
            case Frame.Msg m ->
                    msg(
                            out,
                            m.sid(),
                            m.subject(),
                            m.replyTo(),
                            m.headers(),
                            m.payload(),
                            m.noResponders() ? FrameFlags.MSG_NO_RESPONDERS : 0);
            case Frame.Sub s -> sub(out, s);
            case Frame.Unsub u -> {
                header(out, Opcode.UNSUB_CODE, 0, FrameLayout.UNSUB_BODY);
                out.writeInt(u.sid()).writeInt((int) u.maxMessages());
            }
            case Frame.Ping p -> header(out, Opcode.PING_CODE, 0, 0);
            case Frame.Pong p -> header(out, Opcode.PONG_CODE, 0, 0);
            case Frame.Err e -> {
                int textLen = utf8Length(e.text());
                header(
                        out,
                        Opcode.ERR_CODE,
                        e.fatal() ? FrameFlags.ERR_FATAL : 0,
                        FrameLayout.ERR_FIXED + textLen);
                out.writeShort(e.code()).writeInt(e.sid());
                ByteBufUtil.reserveAndWriteUtf8(out, e.text(), textLen);
            }
            case Frame.GoAway g -> {
                int textLen = utf8Length(g.reason());
                header(out, Opcode.GOAWAY_CODE, 0, FrameLayout.GOAWAY_FIXED + textLen);
                out.writeInt((int) g.drainMs());
                ByteBufUtil.reserveAndWriteUtf8(out, g.reason(), textLen);
            }
            case Frame.Hello h -> container(out, Opcode.HELLO_CODE, hello(h));
            case Frame.Welcome w -> container(out, Opcode.WELCOME_CODE, welcome(w));
        }
    }

    private static void sub(ByteBuf out, Frame.Sub s) {
        int patternLen = u16(utf8Length(s.pattern()), "pattern");
        int groupLen = u16(utf8Length(s.queueGroup()), "queue group");
        int hashLen = u16(utf8Length(s.hashHeader()), "hash header");
        header(out, Opcode.SUB_CODE, 0, FrameLayout.SUB_FIXED + patternLen + groupLen + hashLen);
        out.writeInt(s.sid()).writeShort(patternLen);
        ByteBufUtil.reserveAndWriteUtf8(out, s.pattern(), patternLen);
        out.writeShort(groupLen);
        if (groupLen > 0) {
            ByteBufUtil.reserveAndWriteUtf8(out, s.queueGroup(), groupLen);
        }
        out.writeByte(s.mode().code()).writeShort(hashLen);
        if (hashLen > 0) {
            ByteBufUtil.reserveAndWriteUtf8(out, s.hashHeader(), hashLen);
        }
    }

    private static void container(ByteBuf out, int opcode, Container c) {
        byte[] body = FrameCodec.HANDSHAKE_CODEC.encodeContainer(c);
        header(out, opcode, 0, body.length);
        out.writeBytes(body);
    }

    private static Container hello(Frame.Hello h) {
        Container.Builder b =
                Container.builder()
                        .put("min_version", (long) h.minVersion())
                        .put("max_version", (long) h.maxVersion())
                        .put("name", h.name())
                        .put("client", h.client())
                        .put("echo", h.echo());
        if (h.token() != null) {
            b.put("token", h.token());
        }
        return b.build();
    }

    private static Container welcome(Frame.Welcome w) {
        ProtocolLimits l = w.limits();
        return Container.builder()
                .put("version", (long) w.version())
                .put("server_id", w.serverId())
                .put("server_name", w.serverName())
                .put("server_version", w.serverVersion())
                .put("connection_id", w.connectionId())
                .put("max_payload", (long) l.maxPayload())
                .put("max_subject", (long) l.maxSubjectBytes())
                .put("max_headers", (long) l.maxHeadersBytes())
                .put("max_control", (long) l.maxControlBytes())
                .put("max_subscriptions", (long) w.maxSubscriptions())
                .put("heartbeat_ms", w.heartbeatMs())
                .build();
    }
}
