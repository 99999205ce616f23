package dev.switchboard.benchmarks.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke run of every {@link SegmentLogBenchmark} body with a small store. */
class SegmentLogBenchmarkTest {

    @Test
    void everyBody_appendsAndScans() throws Exception {
        SegmentLogBenchmark b = new SegmentLogBenchmark();
        b.fsync = "always";
        b.size = 128;
        b.scanMessages = SegmentLogBenchmark.SCAN_BATCH * 2;
        b.maxMessages = -1;
        b.setUp();
        try {
            SegmentLogBenchmark.Waiter w = new SegmentLogBenchmark.Waiter();
            w.bind();
            assertThat(b.appendWait1(w)).isEqualTo(1);
            assertThat(b.appendWait4(w)).isEqualTo(2);
            assertThat(b.appendWait32(w)).isEqualTo(3);
            assertThat(b.appendWindow(w)).isEqualTo(3 + SegmentLogBenchmark.WINDOW);
            for (int i = 0; i < 3; i++) {
                assertThat(b.scan()).isEqualTo(SegmentLogBenchmark.SCAN_BATCH * 129L);
            }
        } finally {
            b.tearDown();
        }
    }
}
