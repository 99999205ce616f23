package dev.switchboard.core.codec.internal;

import com.github.luben.zstd.Zstd;

/** Zstandard through zstd-jni; loaded reflectively by {@link Compressors}. */
final class ZstdCompressor implements Compressor {
    private static final int DEFAULT_LEVEL = 3;

    @Override
    public int maxCompressedLength(int length) {
        return (int) Zstd.compressBound(length);
    }

    @Override
    public int compress(
            byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap, int level) {
        long n =
                Zstd.compressByteArray(
                        dst,
                        dstOff,
                        dstCap,
                        src,
                        srcOff,
                        srcLen,
                        level == 0 ? DEFAULT_LEVEL : level);
        if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
        }
        return (int) n;
    }

    @Override
    public boolean decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int rawLen) {
        try {
            long n = Zstd.decompressByteArray(dst, 0, rawLen, src, srcOff, srcLen);
            return !Zstd.isError(n) && n == rawLen;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
