package dev.switchboard.load.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * Measures the disk's fdatasync latency where a broker stores, so the physical limit of one
 * acknowledged publish in flight, 1 / (round trip + fsync), is known in the same run.
 *
 * <p>Each iteration appends a record to a file in the directory and forces it with {@link
 * FileChannel#force(boolean) force(false)} (fdatasync on Linux), as a segment log does. The batched
 * variant appends many records per force, as group commit does.
 *
 * <p>Thread-safety: stateless; each call uses its own file, deleted afterwards.
 */
public final class FsyncProbe {
    private FsyncProbe() {}

    /**
     * What the probe measured.
     *
     * @param nanos one fdatasync after a single small append, in ns
     * @param batch records per batched force
     * @param batchedRecordsPerSecond records made durable per second when {@code batch} of them
     *     share one force
     */
    public record Latency(Histogram nanos, int batch, double batchedRecordsPerSecond) {
        /**
         * @return the median, in µs
         */
        public double p50Micros() {
            return nanos.getValueAtPercentile(50) / 1e3;
        }

        /**
         * @return the mean, in µs
         */
        public double meanMicros() {
            return nanos.getMean() / 1e3;
        }

        /**
         * @return the 99th percentile, in µs
         */
        public double p99Micros() {
            return nanos.getValueAtPercentile(99) / 1e3;
        }
    }

    /**
     * @param dir the directory to measure (the broker's storage directory)
     * @param iterations single-record fsyncs to time, after a tenth as warm-up
     * @param recordBytes bytes per record, e.g. 128
     * @param batch records per batched force, e.g. 1000
     * @return the latencies
     * @throws IOException if the file cannot be written
     */
    public static Latency measure(Path dir, int iterations, int recordBytes, int batch)
            throws IOException {
        Path file = Files.createTempFile(dir, "fsync-probe", ".log");
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer record = ByteBuffer.allocateDirect(recordBytes);
            Histogram h = new Histogram(1_000_000_000L, 3);
            for (int i = -iterations / 10; i < iterations; i++) {
                record.clear();
                record.putLong(0, i);
                ch.write(record);
                long t0 = System.nanoTime();
                ch.force(false);
                long t = System.nanoTime() - t0;
                if (i >= 0) {
                    h.recordValue(Math.max(1, t));
                }
            }
            int rounds = Math.max(1, iterations / 10);
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < batch; i++) {
                    record.clear();
                    ch.write(record);
                }
                ch.force(false);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Latency(h, batch, (double) rounds * batch / seconds);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
