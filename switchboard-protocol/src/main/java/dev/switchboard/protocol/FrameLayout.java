package dev.switchboard.protocol;

/**
 * Byte layouts of the frames (docs/PROTOCOL.md has the same diagrams). All integers are unsigned
 * big-endian; strings are UTF-8 with a length prefix and no terminator.
 *
 * <pre>
 * frame   : u32 bodyLength | u8 opcode | u8 flags | body[bodyLength]
 * PUB     : u16 subjectLen | subject | u16 replyLen | reply | u32 headersLen | headers | payload
 * MSG     : u32 sid | (the PUB body, byte for byte)
 * SUB     : u32 sid | u16 patternLen | pattern | u16 groupLen | group | u8 groupMode
 *           | u16 hashHeaderLen | hashHeader
 * UNSUB   : u32 sid | u32 maxMessages          (0 = now)
 * ERR     : u16 code | u32 sid | text           (sid 0 = not about a subscription)
 * GOAWAY  : u32 drainMs | text
 * HELLO   : Container (binary codec) with the handshake fields
 * WELCOME : Container (binary codec) with the handshake answer
 * PING, PONG: empty
 * headers : repeated { u16 nameLen | name | u16 valueLen | value }
 * </pre>
 *
 * <p>The payload is the rest of the body: its length is implied, so a MSG is the PUB body behind a
 * subscription id, and the server forwards a publish with one copy and without parsing the payload.
 */
public final class FrameLayout {
    /** Bytes of the frame header: length, opcode, flags. */
    public static final int HEADER = 6;

    /** Fixed bytes of a PUB body: the three length fields. */
    public static final int PUB_FIXED = 2 + 2 + 4;

    /** Fixed bytes of a MSG body: the subscription id and the PUB fields. */
    public static final int MSG_FIXED = 4 + PUB_FIXED;

    /** Fixed bytes of a SUB body. */
    public static final int SUB_FIXED = 4 + 2 + 2 + 1 + 2;

    /** The exact size of an UNSUB body. */
    public static final int UNSUB_BODY = 8;

    /** Fixed bytes of an ERR body. */
    public static final int ERR_FIXED = 2 + 4;

    /** Fixed bytes of a GOAWAY body. */
    public static final int GOAWAY_FIXED = 4;

    private FrameLayout() {}
}
