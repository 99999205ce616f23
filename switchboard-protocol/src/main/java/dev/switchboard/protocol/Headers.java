package dev.switchboard.protocol;

import dev.switchboard.protocol.internal.BodyReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headers section of PUB and MSG: name/value pairs of UTF-8 strings, in order, names may
 * repeat.
 *
 * <pre>
 * headers : repeated { u16 nameLen | name | u16 valueLen | value }     (nameLen &gt; 0)
 * </pre>
 *
 * <p>The server treats headers as opaque except to read a queue group's hash header. Stateless and
 * thread-safe.
 */
public final class Headers {
    /** An empty headers section. */
    public static final byte[] EMPTY = new byte[0];

    private Headers() {}

    /**
     * @param headers the pairs, in order
     * @return the encoded section
     * @throws IllegalArgumentException if a name is empty or a name or value exceeds 65,535 bytes
     */
    public static byte[] encode(List<Map.Entry<String, String>> headers) {
        if (headers.isEmpty()) {
            return EMPTY;
        }
        ByteBuf out = Unpooled.buffer();
        for (Map.Entry<String, String> h : headers) {
            writeString(out, h.getKey(), "header name", false);
            writeString(out, h.getValue(), "header value", true);
        }
        return ByteBufUtil.getBytes(out);
    }

    private static void writeString(ByteBuf out, String s, String what, boolean mayBeEmpty) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 && !mayBeEmpty) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException(
                    what + " is " + b.length + " bytes; the limit is 65535");
        }
        out.writeShort(b.length).writeBytes(b);
    }

    /**
     * @param section an encoded section
     * @return its pairs, in order
     * @throws ProtocolException with {@link ErrorCode#BAD_HEADERS} if malformed
     */
    public static List<Map.Entry<String, String>> decode(byte[] section) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        ByteBuf buf = Unpooled.wrappedBuffer(section);
        BodyReader r = new BodyReader(Opcode.MSG, buf, 0, section.length);
        try {
            while (r.remaining() > 0) {
                String name = r.string16("header name", 0xFFFF, false);
                if (name.isEmpty()) {
                    throw r.bad("empty header name");
                }
                out.add(Map.entry(name, r.string16("header value", 0xFFFF, false)));
            }
        } catch (ProtocolException e) {
            throw new ProtocolException(ErrorCode.BAD_HEADERS, e.detail());
        }
        return out;
    }

    /**
     * Checks a section in place, without allocating: its structure, and that every name and value
     * is well-formed UTF-8 (so it accepts exactly what {@link #decode} accepts).
     *
     * @param buf the bytes
     * @param index where the section starts
     * @param length its length
     * @return {@code null} if well-formed, else what is wrong
     */
    public static String validate(ByteBuf buf, int index, int length) {
        int pos = index;
        int end = index + length;
        while (pos < end) {
            if (end - pos < 2) {
                return "truncated header name length at offset " + (pos - index);
            }
            int n = buf.getUnsignedShort(pos);
            if (n == 0) {
                return "empty header name at offset " + (pos - index);
            }
            int nameAt = pos + 2;
            pos = nameAt + n;
            if (pos > end || end - pos < 2) {
                return "header name or value length runs past the section at offset "
                        + (pos - index);
            }
            int valueAt = pos + 2;
            pos = valueAt + buf.getUnsignedShort(pos);
            if (pos > end) {
                return "header value runs past the section";
            }
            // Clients decode headers strictly; forwarding bytes they cannot decode would make a
            // bad publisher break its subscribers' connections.
            if (!isUtf8(buf, nameAt, valueAt - 2) || !isUtf8(buf, valueAt, pos)) {
                return "header name or value at offset " + (nameAt - 2 - index) + " is not UTF-8";
            }
        }
        return null;
    }

    /** Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
    private static boolean isUtf8(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            int b = buf.getByte(i);
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int more;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
            } else {
                return false;
            }
            if (to - i <= more) {
                return false;
            }
            int b1 = buf.getByte(i + 1) & 0xFF;
            if ((b == 0xE0 && b1 < 0xA0)
                    || (b == 0xED && b1 > 0x9F)
                    || (b == 0xF0 && b1 < 0x90)
                    || (b == 0xF4 && b1 > 0x8F)) {
                return false;
            }
            for (int k = 1; k <= more; k++) {
                if ((buf.getByte(i + k) & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    /**
     * Finds the first value of a header in place. The section must be {@link #validate valid}.
     *
     * @param buf the bytes
     * @param index where the section starts
     * @param length its length
     * @param name the header name, as UTF-8 bytes
     * @return the value's offset in {@code buf} in the high 32 bits and its length in the low 32
     *     bits, or -1 if absent
     */
    public static long find(ByteBuf buf, int index, int length, byte[] name) {
        int pos = index;
        int end = index + length;
        while (pos < end) {
            int n = buf.getUnsignedShort(pos);
            int nameAt = pos + 2;
            pos = nameAt + n;
            int v = buf.getUnsignedShort(pos);
            int valueAt = pos + 2;
            pos = valueAt + v;
            if (n == name.length && equalsAt(buf, nameAt, name)) {
                return ((long) valueAt << 32) | v;
            }
        }
        return -1;
    }

    private static boolean equalsAt(ByteBuf buf, int at, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (buf.getByte(at + i) != b[i]) {
                return false;
            }
        }
        return true;
    }
}
