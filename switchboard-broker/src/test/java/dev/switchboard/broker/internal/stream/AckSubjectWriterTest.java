package dev.switchboard.broker.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.stream.AckSubject;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckSubjectWriterTest {

    @Test
    void writesWhatAckSubjectFormats_forEdgeAndRandomValues() {
        AckSubjectWriter w = new AckSubjectWriter("ORDERS");
        long[] edges = {0, 1, 9, 10, 99, 100, 999_999_999_999L, Long.MAX_VALUE};
        for (long v : edges) {
            check(w, new AckSubject("ORDERS", "c-1_x", v, v, v, v, v));
        }
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            check(
                    w,
                    new AckSubject(
                            "ORDERS",
                            "consumer".repeat(1 + r.nextInt(8)),
                            (r.nextLong() >>> 1) >>> r.nextInt(63),
                            r.nextLong() >>> 1,
                            r.nextInt(1000),
                            r.nextLong() >>> 1,
                            (r.nextLong() >>> 1) >>> r.nextInt(63)));
        }
    }

    @Test
    void writesWhatAckSubjectFormats_whenNumbersStepByOne_acrossCarries() {
        AckSubjectWriter w = new AckSubjectWriter("S");
        long ts = 1_799_999_999_999_999_990L; // the low nine digits roll over, then the rest
        long[] starts = {0, 8, 98, 998, 9_999_999_998L, Long.MAX_VALUE - 3};
        for (long start : starts) {
            for (int i = 0; i < 25; i++) {
                long up = start + Math.min(i, 3);
                long down = Math.max(0, 1_000 - i * 47); // 1000 .. 0, by 47 then held at 0
                long step = Math.max(0, 101 - i); // counts down through 100 and 99
                check(w, new AckSubject("S", "c", 1, up, up, ts + i * 7L, step));
                check(w, new AckSubject("S", "c", 1, up, up, ts + i * 7L, down));
            }
        }
        Random r = new Random(11);
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 10_000; i++) { // timestamps close together, now and then far apart
            t += r.nextInt(10) == 0 ? r.nextLong(1L << 40) : r.nextInt(5_000);
            check(w, new AckSubject("S", "c", 1 + r.nextInt(2), i, i, t, 10_000 - i));
        }
    }

    private static void check(AckSubjectWriter w, AckSubject a) {
        CharSequence s =
                w.write(
                        a.consumer(),
                        a.deliveries(),
                        a.streamSeq(),
                        a.consumerSeq(),
                        a.timestampNanos(),
                        a.pending());
        assertThat(s.toString()).isEqualTo(a.format());
        assertThat(FrameWriter.utf8Length(s)).isEqualTo(a.format().length());
        assertThat(AckSubject.parse(s.toString())).isEqualTo(a);
    }
}
