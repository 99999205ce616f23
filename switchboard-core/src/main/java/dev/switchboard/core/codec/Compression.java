package dev.switchboard.core.codec;

import dev.switchboard.core.codec.internal.Compressors;

/**
 * A body compression algorithm. {@link #code()} is the stable value written in the message's flag
 * byte, so a decoder needs no configuration to read a compressed message.
 */
public enum Compression {
    /** No compression. */
    NONE(0),
    /** LZ4 block format (lz4-java): fastest, moderate ratio. */
    LZ4(1),
    /** Zstandard (zstd-jni): best ratio per CPU. */
    ZSTD(2),
    /** Deflate (java.util.zip, raw, no zlib header): no extra library. */
    DEFLATE(3);

    private static final Compression[] BY_CODE = values();
    private final int code;

    Compression(int code) {
        this.code = code;
    }

    /**
     * @return the stable code in the flag byte (0..3)
     */
    public int code() {
        return code;
    }

    /**
     * @param code a flag-byte code
     * @return the algorithm, or {@code null} if the code is unknown
     */
    public static Compression fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @return whether the library behind this algorithm is on the class path and loads
     */
    public boolean isAvailable() {
        return Compressors.isAvailable(this);
    }
}
