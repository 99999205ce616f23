package dev.switchboard.broker.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The duplicate window: by time, by count, and off. */
class DuplicateWindowTest {
    private static final long MS = 1_000_000L;

    @Test
    void idsAreRemembered_forTheWindow_only() {
        DuplicateWindow w = new DuplicateWindow(1_000);
        w.put("a", 1, 0);
        w.put("b", 2, 500 * MS);
        assertThat(w.find("a", 1_000 * MS)).isEqualTo(1);
        assertThat(w.find("a", 1_001 * MS)).isEqualTo(-1);
        assertThat(w.find("b", 1_001 * MS)).isEqualTo(2);
        assertThat(w.size()).isEqualTo(1);
    }

    @Test
    void memoryIsBounded_theOldestGoFirst() {
        DuplicateWindow w = new DuplicateWindow(3_600_000);
        for (int i = 0; i <= DuplicateWindow.MAX_IDS; i++) {
            w.put("id-" + i, i + 1, i);
        }
        assertThat(w.size()).isEqualTo(DuplicateWindow.MAX_IDS);
        assertThat(w.evictedEarly()).isEqualTo(1);
        assertThat(w.find("id-0", DuplicateWindow.MAX_IDS)).isEqualTo(-1);
        assertThat(w.find("id-1", DuplicateWindow.MAX_IDS)).isEqualTo(2);
    }

    @Test
    void minusOne_disablesIt() {
        DuplicateWindow w = new DuplicateWindow(-1);
        w.put("a", 1, 0);
        assertThat(w.find("a", 0)).isEqualTo(-1);
        assertThat(w.size()).isZero();
    }
}
