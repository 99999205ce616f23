package dev.switchboard.protocol;

import dev.switchboard.core.SwitchboardException;

/**
 * A protocol error with its stable {@link ErrorCode}: raised by the decoder on bad input, reported
 * to the peer in an ERR frame, and raised on the client when the server reports one.
 */
public class ProtocolException extends SwitchboardException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int wireCode;

    /**
     * @param code the error
     * @param detail what exactly was wrong, with the observed values
     */
    public ProtocolException(ErrorCode code, String detail) {
        super(code.code() + " " + code.name() + ": " + detail);
        this.code = code;
        this.wireCode = code.code();
    }

    /**
     * An error received from a peer, possibly with a code this version does not know.
     *
     * @param wireCode the number received
     * @param text the text received
     */
    public ProtocolException(int wireCode, String text) {
        super(wireCode + " " + nameOf(wireCode) + ": " + text);
        this.code = ErrorCode.of(wireCode);
        this.wireCode = wireCode;
    }

    private static String nameOf(int wireCode) {
        ErrorCode c = ErrorCode.of(wireCode);
        return c == null ? "UNKNOWN" : c.name();
    }

    /**
     * @return the error, or {@code null} if the peer sent a code this version does not know
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * @return the wire number
     */
    public int wireCode() {
        return wireCode;
    }

    /**
     * @return the text after the code and name
     */
    public String detail() {
        String m = getMessage();
        int i = m.indexOf(": ");
        return i < 0 ? m : m.substring(i + 2);
    }
}
