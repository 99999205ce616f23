package dev.switchboard.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.core.ManualClock;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer fuzz target for recovery: arbitrary bytes as a stream's only segment file. In the normal
 * suite it runs in regression mode over the seeds in
 * src/test/resources/.../SegmentRecoveryFuzzTestInputs/recover/; with {@code JAZZER_FUZZ=1} it
 * fuzzes for real.
 *
 * <p>The oracle: recovery never throws anything but a {@link StoreException}; the scanner never
 * holds a buffer larger than the file; what recovery keeps reads back, and appends continue after
 * it.
 */
class SegmentRecoveryFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void recover(byte[] input) throws IOException {
        Path root = Files.createTempDirectory("sb-store-fuzz");
        try {
            Path dir = root.resolve("s");
            Files.createDirectories(dir);
            Files.write(
                    dir.resolve(ConfigFile.NAME),
                    ConfigFile.encode(StoreConfig.builder("s").build()));
            Path seg = dir.resolve(Segment.name(1) + ".log");
            Files.write(seg, input);

            Recovery.Result r = Recovery.recover(dir, "s", false);
            assertThat(r.largestBuffer()).isLessThanOrEqualTo(input.length);
            long kept = r.index().messages();
            r.segments().values().forEach(Segment::close);
            Files.write(seg, input); // recovery may have cut it; start again through the backend

            try (FileStorage storage = FileStorage.open(root, new ManualClock())) {
                StreamStore s = storage.open("s");
                assertThat(s.state().messages()).isEqualTo(kept);
                long[] read = {0};
                s.scan(1, Integer.MAX_VALUE, null, m -> read[0]++);
                assertThat(read[0]).isEqualTo(kept);
                long next = s.append("after", new byte[0], new byte[1], -1, null);
                assertThat(next).isEqualTo(s.state().lastSequence());
                s.sync();
            } catch (StoreException e) {
                // allowed: the only failure recovery may report
            }
        } finally {
            FileStorage.deleteTree(root);
        }
    }
}
