package dev.switchboard.protocol;

/**
 * Protocol versions (docs/PROTOCOL.md, "Versioning"). The frame header ({@code u32 length | u8
 * opcode | u8 flags}) and the HELLO/WELCOME exchange never change; everything else may change with
 * a new version, and the two sides agree on the highest version both speak.
 */
public final class ProtocolVersion {
    /** The oldest version this code speaks. */
    public static final int MIN = 1;

    /** The newest version this code speaks. */
    public static final int MAX = 2;

    /**
     * The first version with durable streams: the {@link FrameFlags#PUB_ACK} flag. A server refuses
     * that flag with {@link ErrorCode#BAD_FLAGS} on a connection that negotiated less.
     */
    public static final int STREAMS = 2;

    private ProtocolVersion() {}

    /**
     * @param peerMin the peer's oldest version
     * @param peerMax the peer's newest version
     * @return the highest version both speak, or -1 if none
     */
    public static int negotiate(int peerMin, int peerMax) {
        int v = Math.min(MAX, peerMax);
        return v >= Math.max(MIN, peerMin) ? v : -1;
    }
}
