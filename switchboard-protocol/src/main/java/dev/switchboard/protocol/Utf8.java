package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of strings that arrive in frames. Stateless and thread-safe. */
public final class Utf8 {
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
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (buf.getByte(index + i) < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return buf.toString(index, length, StandardCharsets.US_ASCII);
        }
        ByteBuffer nio = buf.nioBufferCount() == 1 ? buf.nioBuffer(index, length) : null;
        if (nio == null) {
            byte[] copy = new byte[length];
            buf.getBytes(index, copy);
            nio = ByteBuffer.wrap(copy);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(nio)
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
