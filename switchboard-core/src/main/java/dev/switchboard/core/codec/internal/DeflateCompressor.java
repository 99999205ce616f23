package dev.switchboard.core.codec.internal;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Raw deflate from java.util.zip. A Deflater/Inflater per call: they hold native memory. */
final class DeflateCompressor implements Compressor {
    static final DeflateCompressor INSTANCE = new DeflateCompressor();

    @Override
    public int maxCompressedLength(int length) {
        // zlib's deflateBound for raw deflate, plus slack for the final empty block.
        return length + (length >> 12) + (length >> 14) + (length >> 25) + 64;
    }

    @Override
    public int compress(
            byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap, int level) {
        Deflater deflater = new Deflater(level == 0 ? Deflater.DEFAULT_COMPRESSION : level, true);
        try {
            deflater.setInput(src, srcOff, srcLen);
            deflater.finish();
            int n = 0;
            while (!deflater.finished()) {
                int k = deflater.deflate(dst, dstOff + n, dstCap - n);
                n += k;
                if (k == 0 && n == dstCap) {
                    return dstCap + 1; // did not fit: tell the caller it is not worth it
                }
            }
            return n;
        } finally {
            deflater.end();
        }
    }

    @Override
    public boolean decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int rawLen) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(src, srcOff, srcLen);
            int n = 0;
            int stalls = 0;
            while (n < rawLen) {
                int k = inflater.inflate(dst, n, rawLen - n);
                if (k == 0
                        && (inflater.finished()
                                || inflater.needsInput()
                                || inflater.needsDictionary()
                                || ++stalls > 16)) {
                    return false;
                }
                n += k;
            }
            // Exactly rawLen bytes and the stream must end here: one more byte means a lie.
            if (!inflater.finished()) {
                byte[] one = new byte[1];
                if (inflater.inflate(one) > 0 || !inflater.finished()) {
                    return false;
                }
            }
            return inflater.getRemaining() == 0;
        } catch (DataFormatException e) {
            return false;
        } finally {
            inflater.end();
        }
    }
}
