package dev.switchboard.core.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 helpers. The JDK's {@code new String(bytes, UTF_8)} is fast but silently replaces
 * malformed input with U+FFFD; hostile input must be rejected instead, so {@link #decode} keeps the
 * fast path and only falls back to a strict decoder when a replacement character shows up.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * @param s a string
     * @return the index of the first unpaired surrogate, or -1 if the string is well-formed
     */
    public static int indexOfUnpairedSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < n
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * @param s a well-formed string
     * @return the number of bytes of its UTF-8 form
     */
    public static int encodedLength(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 2; // 4 bytes for the pair of two chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * Decodes strictly.
     *
     * @param buf the bytes
     * @param offset where the string starts
     * @param length how many bytes it has
     * @return the string, or {@code null} if the bytes are not well-formed UTF-8
     */
    public static String decode(byte[] buf, int offset, int length) {
        String s = new String(buf, offset, length, StandardCharsets.UTF_8);
        // The JDK replaces every malformed sequence with U+FFFD; a string without one was valid.
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        try {
            CharBuffer chars =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(buf, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Compares two strings in Unicode code point order, which is the order of their UTF-8 bytes
     * compared as unsigned values. {@link String#compareTo} differs for characters above U+E000
     * versus supplementary characters, so keys are ordered with this instead.
     *
     * @param a a string
     * @param b another string
     * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
     */
    public static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                return fixUp(ca) - fixUp(cb);
            }
        }
        return a.length() - b.length();
    }

    // Moves surrogates above U+E000..U+FFFF so that UTF-16 units compare in code point order.
    private static int fixUp(char c) {
        if (c >= 0xD800) {
            return c >= 0xE000 ? c - 0x800 : c + 0x2000;
        }
        return c;
    }
}
