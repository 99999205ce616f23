package dev.switchboard.core.message;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A 128-bit message identifier. {@link #next()} makes time-ordered UUIDv7 ids (48 bits of
 * milliseconds, then random bits), so ids sort roughly by creation time and index well in a log.
 * Any 128-bit value is accepted, so ids from other systems (UUIDv4, ULIDs) fit too.
 *
 * @param high the most significant 64 bits
 * @param low the least significant 64 bits
 */
public record MessageId(long high, long low) implements Comparable<MessageId> {

    /**
     * Makes a new UUIDv7 id from the current time and {@link ThreadLocalRandom} (fast and
     * contention-free; ids are unique, not secret).
     *
     * @return a new id
     */
    public static MessageId next() {
        return next(System.currentTimeMillis());
    }

    /**
     * @param epochMillis the time to embed
     * @return a new UUIDv7 id for that time
     */
    public static MessageId next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new MessageId(high, low);
    }

    /**
     * @param uuid a UUID of any version
     * @return the id with the same 128 bits
     */
    public static MessageId of(UUID uuid) {
        return new MessageId(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * @param text the canonical 36-char UUID form
     * @return the id
     * @throws IllegalArgumentException if the text is not a UUID
     */
    public static MessageId parse(String text) {
        if (text.length() != 36) {
            throw new IllegalArgumentException("message id must be a 36-char UUID, got: " + text);
        }
        return of(UUID.fromString(text));
    }

    /**
     * @return the same 128 bits as a UUID
     */
    public UUID toUuid() {
        return new UUID(high, low);
    }

    @Override
    public int compareTo(MessageId o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    /**
     * @return the canonical UUID text, e.g. {@code 0190b5d2-7c1e-7a3b-9f00-1234567890ab}
     */
    @Override
    public String toString() {
        return toUuid().toString();
    }
}
