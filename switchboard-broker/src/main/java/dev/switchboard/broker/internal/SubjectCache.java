package dev.switchboard.broker.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Maps subject bytes, as they arrive in PUB frames, to their validated {@code String}s, so a
 * publisher that repeats subjects costs no decoding and no allocation per message. Direct-mapped: a
 * colliding subject replaces the previous one.
 *
 * <p>One per event-loop thread ({@link #get()}); not thread-safe.
 */
final class SubjectCache {
    private static final int SLOTS = 4096;
    private static final FastThreadLocal<SubjectCache> PER_THREAD =
            new FastThreadLocal<>() {
                @Override
                protected SubjectCache initialValue() {
                    return new SubjectCache();
                }
            };

    /**
     * A cached subject: its bytes and its string.
     *
     * @param key the subject's bytes (a heap buffer the cache owns)
     * @param subject the validated subject
     * @param reserved whether clients may not publish to it: the broker's own {@code $SYS.}
     *     subjects, except the {@code $SYS.REQ.} and {@code $SYS.API.} requests and the {@code
     *     $SYS.ACK.} acknowledgements they may send
     * @param ack whether streams take it straight from the publishing connection, in order with its
     *     other stream traffic: consumer acknowledgements ({@code $SYS.ACK.}) and pull requests
     *     ({@code $SYS.API.CONSUMER.NEXT.})
     */
    record Entry(ByteBuf key, String subject, boolean reserved, boolean ack) {
        /**
         * @return whether the bytes at {@code buf[index, index + length)} are this subject
         */
        boolean matches(ByteBuf buf, int index, int length) {
            return key.readableBytes() == length && ByteBufUtil.equals(buf, index, key, 0, length);
        }
    }

    private final Entry[] entries = new Entry[SLOTS];

    /**
     * @return the calling thread's cache
     */
    static SubjectCache get() {
        return PER_THREAD.get();
    }

    /**
     * @param buf the bytes
     * @param index where the subject starts
     * @param length its length
     * @return the cached entry, or {@code null} if not cached
     */
    Entry find(ByteBuf buf, int index, int length) {
        Entry e = entries[hash(buf, index, length) & (SLOTS - 1)];
        return e != null && e.matches(buf, index, length) ? e : null;
    }

    /**
     * @param buf the bytes
     * @param index where the subject starts
     * @param length its length
     * @param subject the validated subject they decode to
     * @return the new entry
     */
    Entry put(ByteBuf buf, int index, int length, String subject) {
        byte[] copy = new byte[length];
        buf.getBytes(index, copy);
        Entry e =
                new Entry(
                        Unpooled.wrappedBuffer(copy),
                        subject,
                        subject.startsWith("$SYS.")
                                && !subject.startsWith("$SYS.REQ.")
                                && !subject.startsWith("$SYS.API.")
                                && !subject.startsWith("$SYS.ACK."),
                        subject.startsWith("$SYS.ACK.")
                                || subject.startsWith("$SYS.API.CONSUMER.NEXT."));
        entries[hash(buf, index, length) & (SLOTS - 1)] = e;
        return e;
    }

    private static int hash(ByteBuf buf, int index, int length) {
        int h = length;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            h = h * 0x01000193 ^ buf.getInt(index + i);
        }
        for (; i < length; i++) {
            h = h * 31 + buf.getByte(index + i);
        }
        return h ^ (h >>> 15);
    }
}
