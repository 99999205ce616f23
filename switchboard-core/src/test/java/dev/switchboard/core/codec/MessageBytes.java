package dev.switchboard.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.container.ValueType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Test helper for hand-crafting binary messages: assembles {@code 'S' 'B' version flags headerLen
 * header bodyLen body} from parts, takes encoded messages apart, and builds byte strings with the
 * primitives of {@link BinaryFormat}.
 */
final class MessageBytes {
    private MessageBytes() {}

    /** Where the sections of an encoded message are; all offsets from the message's first byte. */
    record Layout(
            int headerLenAt,
            int headerOff,
            int headerLen,
            int bodyLenAt,
            int bodyOff,
            int bodyLen) {
        int headerEnd() {
            return headerOff + headerLen;
        }

        int end() {
            return bodyOff + bodyLen;
        }
    }

    /** Parses the framing of a well-formed message (no validation beyond what it needs). */
    static Layout layout(byte[] message) {
        int[] pos = {BinaryFormat.PREFIX_LENGTH};
        int headerLenAt = pos[0];
        int headerLen = (int) readVarint(message, pos);
        int headerOff = pos[0];
        pos[0] = headerOff + headerLen;
        int bodyLenAt = pos[0];
        int bodyLen = (int) readVarint(message, pos);
        return new Layout(headerLenAt, headerOff, headerLen, bodyLenAt, pos[0], bodyLen);
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    /**
     * @return the header section (without its length) of a well-formed message
     */
    static byte[] header(byte[] message) {
        Layout l = layout(message);
        return slice(message, l.headerOff(), l.headerLen());
    }

    /**
     * @return the body section (without its length) of a well-formed message
     */
    static byte[] body(byte[] message) {
        Layout l = layout(message);
        return slice(message, l.bodyOff(), l.bodyLen());
    }

    /**
     * @return the flag byte of a message
     */
    static int flags(byte[] message) {
        return message[3] & 0xFF;
    }

    /** Assembles a version-1 message from its flag byte, header section and body section. */
    static byte[] assemble(int flags, byte[] header, byte[] body) {
        return new Writer()
                .u8('S', 'B', BinaryFormat.VERSION, flags)
                .varint(header.length)
                .raw(header)
                .varint(body.length)
                .raw(body)
                .toArray();
    }

    /** The same message with another body section (flags and header kept). */
    static byte[] withBody(byte[] message, byte[] body) {
        return assemble(flags(message), header(message), body);
    }

    /** The same message with another header section (flags and body kept). */
    static byte[] withHeader(byte[] message, byte[] header) {
        return assemble(flags(message), header, body(message));
    }

    /** The same message with another flag byte. */
    static byte[] withFlags(byte[] message, int flags) {
        byte[] copy = message.clone();
        copy[3] = (byte) flags;
        return copy;
    }

    static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }

    static byte[] varint(long v) {
        return new Writer().varint(v).toArray();
    }

    static int varintSize(long v) {
        return varint(v).length;
    }

    /**
     * @return a value tag: {@code inline} in the high nibble, the type code in the low one
     */
    static int tag(ValueType type, int inline) {
        return (inline << 4) | type.code();
    }

    /**
     * Asserts that {@code decode} throws a {@link CodecException} with exactly {@code error} at
     * exactly {@code offset}.
     */
    static void assertFails(ThrowingCallable decode, CodecError error, long offset) {
        assertThatThrownBy(decode)
                .isInstanceOfSatisfying(
                        CodecException.class,
                        e -> {
                            assertThat(e.error())
                                    .as("error of %s", e.getMessage())
                                    .isEqualTo(error);
                            assertThat(e.offset())
                                    .as("offset of %s", e.getMessage())
                                    .isEqualTo(offset);
                            assertThat(e.code()).isEqualTo(error.code());
                        });
    }

    /** Asserts that {@code decode} throws a {@link CodecException} with exactly {@code error}. */
    static CodecException assertFails(ThrowingCallable decode, CodecError error) {
        CodecException[] caught = new CodecException[1];
        assertThatThrownBy(decode)
                .isInstanceOfSatisfying(
                        CodecException.class,
                        e -> {
                            assertThat(e.error())
                                    .as("error of %s", e.getMessage())
                                    .isEqualTo(error);
                            caught[0] = e;
                        });
        return caught[0];
    }

    /** A growable byte string with the binary format's primitives. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** Writes the low 8 bits of each value. */
        Writer u8(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        Writer raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Writer varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        /** A varint length, then the string's UTF-8 bytes (a key, a subject, a header). */
        Writer str(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            return varint(utf8.length).raw(utf8);
        }

        /** A varint length, then the given bytes (which need not be UTF-8). */
        Writer lengthPrefixed(byte[] bytes) {
            return varint(bytes.length).raw(bytes);
        }

        Writer fixed64BE(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (v >>> shift));
            }
            return this;
        }

        Writer fixed64LE(long v) {
            for (int shift = 0; shift < 64; shift += 8) {
                out.write((int) (v >>> shift));
            }
            return this;
        }

        Writer fixed32LE(int v) {
            for (int shift = 0; shift < 32; shift += 8) {
                out.write(v >>> shift);
            }
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
