package dev.switchboard.core.message;

import java.util.HexFormat;

/**
 * A W3C Trace Context {@code traceparent} (version 00): trace id, parent span id and trace flags.
 * Both ids must be non-zero, as the W3C spec requires.
 *
 * @param traceIdHigh the high 64 bits of the 128-bit trace id
 * @param traceIdLow the low 64 bits of the trace id
 * @param spanId the 64-bit parent span id
 * @param flags the trace flags byte (bit 0: sampled)
 */
public record TraceContext(long traceIdHigh, long traceIdLow, long spanId, byte flags) {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * @throws IllegalArgumentException if the trace id or the span id is all zeros
     */
    public TraceContext {
        if (traceIdHigh == 0 && traceIdLow == 0) {
            throw new IllegalArgumentException("trace id must not be all zeros");
        }
        if (spanId == 0) {
            throw new IllegalArgumentException("span id must not be all zeros");
        }
    }

    /**
     * Parses a {@code traceparent} header value.
     *
     * @param traceparent e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}
     * @return the context
     * @throws IllegalArgumentException if the value is not a valid version-00 traceparent
     */
    public static TraceContext parse(String traceparent) {
        if (traceparent.length() != 55
                || !traceparent.startsWith("00-")
                || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-') {
            throw new IllegalArgumentException("not a version-00 traceparent: " + traceparent);
        }
        try {
            long hi = parseHex(traceparent, 3, 19);
            long lo = parseHex(traceparent, 19, 35);
            long span = parseHex(traceparent, 36, 52);
            byte flags = (byte) parseHex(traceparent, 53, 55);
            return new TraceContext(hi, lo, span, flags);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a version-00 traceparent: " + traceparent, e);
        }
    }

    private static long parseHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            // W3C requires lower-case hex.
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new NumberFormatException("bad hex digit '" + c + "' at " + i);
            }
        }
        return HexFormat.fromHexDigitsToLong(s, from, to);
    }

    /**
     * @return whether the sampled flag is set
     */
    public boolean sampled() {
        return (flags & 1) != 0;
    }

    /**
     * @return the {@code traceparent} header value
     */
    public String toTraceparent() {
        return "00-"
                + HEX.toHexDigits(traceIdHigh)
                + HEX.toHexDigits(traceIdLow)
                + "-"
                + HEX.toHexDigits(spanId)
                + "-"
                + HEX.toHexDigits(flags);
    }

    @Override
    public String toString() {
        return toTraceparent();
    }
}
