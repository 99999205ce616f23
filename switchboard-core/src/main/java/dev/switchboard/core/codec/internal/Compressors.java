package dev.switchboard.core.codec.internal;

import dev.switchboard.core.codec.Compression;

/**
 * Finds the {@link Compressor} for an algorithm. LZ4 and zstd live in optional libraries: their
 * classes are only linked when first used, and a missing library makes the algorithm unavailable
 * instead of breaking the codec.
 */
public final class Compressors {
    private Compressors() {}

    /**
     * @param algorithm an algorithm other than NONE
     * @return its compressor, or {@code null} if its library is missing
     */
    public static Compressor get(Compression algorithm) {
        return switch (algorithm) {
            case NONE -> null;
            case DEFLATE -> DeflateCompressor.INSTANCE;
            case LZ4 -> Lz4Holder.INSTANCE;
            case ZSTD -> ZstdHolder.INSTANCE;
        };
    }

    /**
     * @param algorithm an algorithm
     * @return whether it can be used here
     */
    public static boolean isAvailable(Compression algorithm) {
        return algorithm == Compression.NONE || get(algorithm) != null;
    }

    private static final class Lz4Holder {
        static final Compressor INSTANCE =
                load("dev.switchboard.core.codec.internal.Lz4Compressor");
    }

    private static final class ZstdHolder {
        static final Compressor INSTANCE =
                load("dev.switchboard.core.codec.internal.ZstdCompressor");
    }

    private static Compressor load(String className) {
        try {
            Compressor c =
                    (Compressor) Class.forName(className).getDeclaredConstructor().newInstance();
            byte[] probe = new byte[64];
            byte[] out = new byte[c.maxCompressedLength(probe.length)];
            int n = c.compress(probe, 0, probe.length, out, 0, out.length, 0);
            return c.decompress(out, 0, n, new byte[probe.length], probe.length) ? c : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
