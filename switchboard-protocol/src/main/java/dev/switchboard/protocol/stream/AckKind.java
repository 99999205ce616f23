package dev.switchboard.protocol.stream;

import java.nio.charset.StandardCharsets;

/**
 * What a client says about a delivery, as the payload it publishes to the delivery's {@link
 * AckSubject}: {@code +ACK} (or an empty payload), {@code -NAK} (optionally followed by a space and
 * {@code {"delay_ms": N}}), {@code +WIP}, {@code +TERM} (optionally followed by a space and a
 * reason).
 */
public enum AckKind {
    /** Done: never deliver it again. */
    ACK("+ACK"),
    /** Failed: deliver it again, after the delay given or the backoff. */
    NAK("-NAK"),
    /** Still working: renew the lease. */
    WIP("+WIP"),
    /** Give up: do not deliver it again; dead-letter it if the consumer has a DLQ. */
    TERM("+TERM");

    private final String token;
    private final byte[] bytes;

    AckKind(String token) {
        this.token = token;
        this.bytes = token.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return the payload token, e.g. {@code +ACK}
     */
    public String token() {
        return token;
    }

    /**
     * @return the token as bytes (do not change)
     */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * @param payload an ack payload
     * @return its kind, or {@code null} if it is none of them
     */
    public static AckKind parse(byte[] payload) {
        if (payload.length == 0) {
            return ACK;
        }
        for (AckKind k : values()) {
            byte[] t = k.bytes;
            if (payload.length >= t.length
                    && (payload.length == t.length || payload[t.length] == ' ')) {
                boolean same = true;
                for (int i = 0; i < t.length && same; i++) {
                    same = payload[i] == t[i];
                }
                if (same) {
                    return k;
                }
            }
        }
        return null;
    }

    /**
     * @param payload an ack payload
     * @return what follows the token and its space (a NAK's JSON, a TERM's reason), or ""
     */
    public static String argument(byte[] payload) {
        int sp = -1;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == ' ') {
                sp = i;
                break;
            }
        }
        return sp < 0
                ? ""
                : new String(payload, sp + 1, payload.length - sp - 1, StandardCharsets.UTF_8);
    }
}
