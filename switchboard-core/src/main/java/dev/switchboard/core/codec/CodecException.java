package dev.switchboard.core.codec;

import dev.switchboard.core.SwitchboardException;

/**
 * A decoder refused its input, or an encoder could not write a value. Carries a stable {@link
 * CodecError} and the byte offset (or JSON character offset) where the problem was found; -1 when
 * no offset applies.
 */
public final class CodecException extends SwitchboardException {
    private static final long serialVersionUID = 1L;
    private final CodecError error;
    private final long offset;

    /**
     * @param error the stable error
     * @param offset where in the input, or -1
     * @param detail what was found, with the values needed to diagnose it
     */
    public CodecException(CodecError error, long offset, String detail) {
        super(format(error, offset, detail));
        this.error = error;
        this.offset = offset;
    }

    /**
     * @param error the stable error
     * @param offset where in the input, or -1
     * @param detail what was found
     * @param cause the underlying failure
     */
    public CodecException(CodecError error, long offset, String detail, Throwable cause) {
        super(format(error, offset, detail), cause);
        this.error = error;
        this.offset = offset;
    }

    private static String format(CodecError error, long offset, String detail) {
        return error
                + " ("
                + error.code()
                + ")"
                + (offset >= 0 ? " at offset " + offset : "")
                + ": "
                + detail;
    }

    /**
     * @return the stable error
     */
    public CodecError error() {
        return error;
    }

    /**
     * @return the stable error number
     */
    public int code() {
        return error.code();
    }

    /**
     * @return the offset in the input where the problem was found, or -1
     */
    public long offset() {
        return offset;
    }
}
