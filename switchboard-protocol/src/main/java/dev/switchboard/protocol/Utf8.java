package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of strings that arrive in frames. Stateless and thread-safe. */
public final class Utf8 {
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8() {}

    /**
     * Decodes UTF-8 strictly: malformed input yields {@code null}, never replacement characters.
     * ASCII (the common case for subjects) takes a fast path.
     *
     * @param buf the bytes
     * @param index where they start
     * @param length how many
     * @return the string, or {@code null} if the bytes are not valid UTF-8
     */
    public static String decode(ByteBuf buf, int index, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes); // one bulk copy: per-byte reads through a buffer are slow
        return decode(bytes);
    }

    /**
     * Decodes UTF-8 strictly, as {@link #decode(ByteBuf, int, int)}.
     *
     * @param bytes the bytes (not kept)
     * @return the string, or {@code null} if the bytes are not valid UTF-8
     */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes UTF-8 strictly, as {@link #decode(ByteBuf, int, int)}.
     *
     * @param bytes the array (not kept)
     * @param offset where the bytes start
     * @param length how many
     * @return the string, or {@code null} if the bytes are not valid UTF-8
     */
    public static String decode(byte[] bytes, int offset, int length) {
        if (isAscii(bytes, offset, length)) {
            // ASCII: one byte per char
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * @param bytes some bytes
     * @return whether every byte is ASCII (below 0x80), eight at a time: the client checks every
     *     reply subject it receives (half the time of a byte loop for an ack subject)
     */
    public static boolean isAscii(byte[] bytes) {
        return isAscii(bytes, 0, bytes.length);
    }

    /**
     * @param bytes an array
     * @param offset where the bytes start
     * @param length how many
     * @return whether every byte of {@code bytes[offset, offset + length)} is ASCII
     */
    public static boolean isAscii(byte[] bytes, int offset, int length) {
        int n = offset + length;
        int i = offset;
        long bits = 0;
        for (; i + 8 <= n; i += 8) {
            bits |= (long) LONG.get(bytes, i);
        }
        int tail = 0;
        for (; i < n; i++) {
            tail |= bytes[i];
        }
        return (bits & 0x8080808080808080L) == 0 && tail >= 0;
    }
}
