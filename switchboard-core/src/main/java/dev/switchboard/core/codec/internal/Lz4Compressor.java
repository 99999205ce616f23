package dev.switchboard.core.codec.internal;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** LZ4 block format through lz4-java; loaded reflectively by {@link Compressors}. */
final class Lz4Compressor implements Compressor {
    private final LZ4Factory factory = LZ4Factory.fastestInstance();
    private final LZ4SafeDecompressor decompressor = factory.safeDecompressor();

    @Override
    public int maxCompressedLength(int length) {
        return factory.fastCompressor().maxCompressedLength(length);
    }

    @Override
    public int compress(
            byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap, int level) {
        var compressor = level == 0 ? factory.fastCompressor() : factory.highCompressor(level);
        return compressor.compress(src, srcOff, srcLen, dst, dstOff, dstCap);
    }

    @Override
    public boolean decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int rawLen) {
        try {
            return decompressor.decompress(src, srcOff, srcLen, dst, 0, rawLen) == rawLen;
        } catch (LZ4Exception e) {
            return false;
        }
    }
}
