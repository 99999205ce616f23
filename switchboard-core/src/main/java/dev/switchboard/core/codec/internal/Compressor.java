package dev.switchboard.core.codec.internal;

/** One compression algorithm over byte arrays. Implementations are thread-safe. */
public interface Compressor {

    /**
     * @param length the input size
     * @return the most bytes {@link #compress} can write for it
     */
    int maxCompressedLength(int length);

    /**
     * @param level the level, 0 for the default
     * @return the compressed size written to {@code dst}
     */
    int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap, int level);

    /**
     * Decompresses exactly {@code rawLen} bytes.
     *
     * @return {@code true} if the input decompressed to exactly {@code rawLen} bytes, {@code false}
     *     if it is corrupt or of another size
     */
    boolean decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int rawLen);
}
