package dev.switchboard.core.codec;

/**
 * When and how the binary codec compresses a message body: with {@code algorithm}, when the encoded
 * body is at least {@code thresholdBytes} long, and only if that makes it smaller.
 *
 * @param algorithm the algorithm; {@link Compression#NONE} disables compression
 * @param thresholdBytes the smallest body worth compressing
 * @param level the algorithm's level (zstd 1..22, deflate 1..9, LZ4 0 = fast or 1..17 = high); 0
 *     picks the algorithm's default
 */
public record CompressionPolicy(Compression algorithm, int thresholdBytes, int level) {
    /** Never compress. */
    public static final CompressionPolicy NONE = new CompressionPolicy(Compression.NONE, 0, 0);

    /** The default threshold: bodies smaller than this rarely shrink enough to pay. */
    public static final int DEFAULT_THRESHOLD_BYTES = 1024;

    /**
     * @throws IllegalArgumentException if the threshold is negative, the level is out of range, or
     *     the algorithm's library is not on the class path
     */
    public CompressionPolicy {
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm must not be null; use Compression.NONE");
        }
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException(
                    "thresholdBytes must be >= 0, got " + thresholdBytes);
        }
        int max =
                switch (algorithm) {
                    case NONE -> 0;
                    case LZ4 -> 17;
                    case ZSTD -> 22;
                    case DEFLATE -> 9;
                };
        if (level < 0 || level > max) {
            throw new IllegalArgumentException(
                    algorithm + " level must be 0.." + max + ", got " + level);
        }
        if (!algorithm.isAvailable()) {
            throw new IllegalArgumentException(
                    algorithm
                            + " compression needs its library on the class path"
                            + " (LZ4: at.yawk.lz4:lz4-java, ZSTD: com.github.luben:zstd-jni)");
        }
    }

    /**
     * @param algorithm the algorithm
     * @return a policy with the default threshold and level
     */
    public static CompressionPolicy of(Compression algorithm) {
        return new CompressionPolicy(algorithm, DEFAULT_THRESHOLD_BYTES, 0);
    }

    /**
     * @param algorithm the algorithm
     * @param thresholdBytes the smallest body worth compressing
     * @return a policy with the default level
     */
    public static CompressionPolicy of(Compression algorithm, int thresholdBytes) {
        return new CompressionPolicy(algorithm, thresholdBytes, 0);
    }
}
