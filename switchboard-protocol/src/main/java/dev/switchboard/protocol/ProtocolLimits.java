package dev.switchboard.protocol;

/**
 * The limits a connection negotiates in the handshake (the server's WELCOME states them; the client
 * must stay within them). The decoder checks every declared length against them before it buffers
 * or allocates anything.
 *
 * @param maxPayload the largest PUB/MSG payload, in bytes
 * @param maxSubjectBytes the longest subject, pattern, reply subject or queue group, in UTF-8 bytes
 * @param maxHeadersBytes the largest headers section, in bytes
 * @param maxControlBytes the largest body of a control frame (HELLO, WELCOME, ERR, GOAWAY)
 */
public record ProtocolLimits(
        int maxPayload, int maxSubjectBytes, int maxHeadersBytes, int maxControlBytes) {

    /** The largest payload a server may be configured to accept: 64 MiB. */
    public static final int MAX_PAYLOAD_CEILING = 64 << 20;

    /** The limits before the handshake: only control frames fit, and only small ones. */
    public static final ProtocolLimits HANDSHAKE = new ProtocolLimits(0, 0, 0, 16 << 10);

    /**
     * The default limits: 1 MiB payloads, 1 KiB subjects, 64 KiB headers, 64 KiB control frames.
     */
    public static final ProtocolLimits DEFAULT =
            new ProtocolLimits(1 << 20, 1024, 64 << 10, 64 << 10);

    /** Checks ranges. */
    public ProtocolLimits {
        check("maxPayload", maxPayload, 0, MAX_PAYLOAD_CEILING);
        check("maxSubjectBytes", maxSubjectBytes, 0, 0xFFFF);
        check("maxHeadersBytes", maxHeadersBytes, 0, 16 << 20);
        check("maxControlBytes", maxControlBytes, 64, 1 << 20);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    /**
     * @param maxPayload the new payload limit
     * @return these limits with another payload limit
     */
    public ProtocolLimits withMaxPayload(int maxPayload) {
        return new ProtocolLimits(maxPayload, maxSubjectBytes, maxHeadersBytes, maxControlBytes);
    }

    /**
     * The largest body a frame of this type may declare under these limits.
     *
     * @param opcode the frame type
     * @return the limit in bytes
     */
    public long maxBody(Opcode opcode) {
        return switch (opcode) {
            case PUB -> FrameLayout.PUB_FIXED + 2L * maxSubjectBytes + maxHeadersBytes + maxPayload;
            case MSG -> FrameLayout.MSG_FIXED + 2L * maxSubjectBytes + maxHeadersBytes + maxPayload;
            case SUB -> FrameLayout.SUB_FIXED + 3L * maxSubjectBytes;
            case UNSUB -> FrameLayout.UNSUB_BODY;
            case PING, PONG -> 0;
            case HELLO, WELCOME, ERR, GOAWAY -> maxControlBytes;
        };
    }
}
