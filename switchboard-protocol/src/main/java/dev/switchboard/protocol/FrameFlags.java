package dev.switchboard.protocol;

/**
 * The flag bits of the frame header's flags byte. Each opcode defines its own bits; a bit an opcode
 * does not define must be zero, and a receiver rejects it with {@link ErrorCode#BAD_FLAGS}, so a
 * new bit can be given meaning in a later protocol version without being silently ignored.
 */
public final class FrameFlags {
    /**
     * On PUB: this publish is a request. If nothing subscribes to its subject, the server answers
     * at once on the reply subject with a MSG flagged {@link #MSG_NO_RESPONDERS}. Requires a reply
     * subject.
     */
    public static final int PUB_REQUEST = 0x01;

    /**
     * On PUB: the publisher wants a stream acknowledgement. If a stream captures the subject, the
     * server answers on the reply subject once the record is durable by the stream's fsync policy
     * (a {@code PubAck} JSON body, docs/STREAMS.md); if none does, it answers at once with an error
     * body. Requires a reply subject. Live subscribers receive the message without the reply
     * subject.
     */
    public static final int PUB_ACK = 0x02;

    /**
     * On MSG: a status, not a message: the request sent to this reply subject had no responders.
     */
    public static final int MSG_NO_RESPONDERS = 0x01;

    /** On ERR: the error ends the connection; the server closes it after this frame. */
    public static final int ERR_FATAL = 0x01;

    private FrameFlags() {}

    /**
     * @param opcode a frame's opcode
     * @return the bits that opcode defines
     */
    public static int allowed(Opcode opcode) {
        return switch (opcode) {
            case PUB -> PUB_REQUEST | PUB_ACK;
            case MSG -> MSG_NO_RESPONDERS;
            case ERR -> ERR_FATAL;
            default -> 0;
        };
    }
}
