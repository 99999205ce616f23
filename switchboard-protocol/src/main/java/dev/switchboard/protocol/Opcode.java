package dev.switchboard.protocol;

/**
 * Frame types, with their stable wire codes (docs/PROTOCOL.md, "Opcodes"). Codes never change; a
 * new frame type gets a new code and a new protocol version.
 *
 * <p>The {@code int} constants are for {@code switch}es on the hot path; the enum names the frame
 * in errors and logs.
 */
public enum Opcode {
    /** Client → server: the first frame; protocol versions, name, credentials, options. */
    HELLO(Opcode.HELLO_CODE, Direction.CLIENT),
    /** Server → client: the answer to HELLO; chosen version, ids, negotiated limits. */
    WELCOME(Opcode.WELCOME_CODE, Direction.SERVER),
    /** Either way: are you there? Answered by PONG, in order with every frame before it. */
    PING(Opcode.PING_CODE, Direction.BOTH),
    /** Either way: the answer to PING. */
    PONG(Opcode.PONG_CODE, Direction.BOTH),
    /** Server → client: an error with a stable code; fatal ones are followed by a close. */
    ERR(Opcode.ERR_CODE, Direction.SERVER),
    /** Server → client: the server is going away; reconnect elsewhere within the drain time. */
    GOAWAY(Opcode.GOAWAY_CODE, Direction.SERVER),
    /** Client → server: publish a message to a subject. */
    PUB(Opcode.PUB_CODE, Direction.CLIENT),
    /** Client → server: subscribe a subscription id to a pattern, optionally in a queue group. */
    SUB(Opcode.SUB_CODE, Direction.CLIENT),
    /** Client → server: end a subscription, now or after a number of further messages. */
    UNSUB(Opcode.UNSUB_CODE, Direction.CLIENT),
    /** Server → client: a message for a subscription. */
    MSG(Opcode.MSG_CODE, Direction.SERVER);

    /** Who may send a frame type. */
    public enum Direction {
        /** Only clients send it. */
        CLIENT,
        /** Only servers send it. */
        SERVER,
        /** Both do. */
        BOTH
    }

    /** Wire code of {@link #HELLO}. */
    public static final int HELLO_CODE = 0x01;

    /** Wire code of {@link #WELCOME}. */
    public static final int WELCOME_CODE = 0x02;

    /** Wire code of {@link #PING}. */
    public static final int PING_CODE = 0x03;

    /** Wire code of {@link #PONG}. */
    public static final int PONG_CODE = 0x04;

    /** Wire code of {@link #ERR}. */
    public static final int ERR_CODE = 0x05;

    /** Wire code of {@link #GOAWAY}. */
    public static final int GOAWAY_CODE = 0x06;

    /** Wire code of {@link #PUB}. */
    public static final int PUB_CODE = 0x10;

    /** Wire code of {@link #SUB}. */
    public static final int SUB_CODE = 0x11;

    /** Wire code of {@link #UNSUB}. */
    public static final int UNSUB_CODE = 0x12;

    /** Wire code of {@link #MSG}. */
    public static final int MSG_CODE = 0x13;

    private static final Opcode[] BY_CODE = new Opcode[256];

    static {
        for (Opcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;
    private final Direction direction;

    Opcode(int code, Direction direction) {
        this.code = code;
        this.direction = direction;
    }

    /**
     * @return the wire code, 0..255
     */
    public int code() {
        return code;
    }

    /**
     * @return who may send this frame
     */
    public Direction direction() {
        return direction;
    }

    /**
     * @param fromServer whether the sender is the server
     * @return whether that side may send this frame
     */
    public boolean sendableBy(boolean fromServer) {
        return direction == Direction.BOTH || (direction == Direction.SERVER) == fromServer;
    }

    /**
     * @param code a wire code
     * @return its opcode, or {@code null} if the code is unknown
     */
    public static Opcode of(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }
}
